"""SQLite (`make run`'s demo): a LIKE that ignores case in every language, as PostgreSQL's does.

Django asks `icontains` (every search box) as LIKE on SQLite, and SQLite's own LIKE folds only
the letters A to Z: on the demo, a search for "övergiven" missed "Övergiven cykel" and "ÅVC"
missed "åvc", where PostgreSQL (`UPPER(…) LIKE UPPER(…)`) finds both. SQLite lets a program
replace its like() function; this one folds case as Python's regular expressions do.
"""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=256)
def _compiled(pattern, escape):
    parts, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if escape and char == escape and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def like(pattern, value, escape=None):
    """SQLite's like(X, Y[, Z]), which answers `Y LIKE X [ESCAPE Z]`: % any run of characters,
    _ any one, Z before either of them (or itself) that character; NULL where X or Y is."""
    if pattern is None or value is None:
        return None
    return _compiled(str(pattern), escape).fullmatch(str(value)) is not None


def _connected(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        for arguments in (2, 3):
            connection.connection.create_function("like", arguments, like, deterministic=True)


def connect():
    connection_created.connect(_connected, dispatch_uid="trygghet.sqlite.like")
