"""The heap of a web process, settled once the app is loaded: by gunicorn.conf.py in each
worker, and by the bench where it measures a request as a worker serves it.

Django, the URL patterns, the templates and the translations are hundreds of thousands of
objects that live as long as the process. Left in the collector's generations, every full
collection walks them again; a list or a map that builds many small objects triggers
collections often, and they took about a quarter of such a request. Frozen, the collector
only looks at what requests create (`gc.freeze`, Python 3.7+).

And it looks at those less often: by default the youngest generation is collected after
every 700 new objects, which a bulk request of a thousand observations (tens of thousands of
objects, nearly all freed by their reference counts as soon as they are used) made a
seventh of its time. Collected after every `YOUNG` new objects, cyclic garbage waits a little
longer before it is freed.
"""

import gc

YOUNG = 10_000  # new objects between collections of the youngest generation (default 700)
OLDER = 20  # collections of a generation between collections of the next (default 10)


def settle():
    """Collect once, freeze what is left, and collect young objects less often (above)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, OLDER, OLDER)
