"""Places where a lower app shows what a higher one contributes, without importing it.

The lower app names a hook and asks for its contributions where it needs them
(`collect("situation.report_links", request, report)`); a higher app adds a function to it in
its AppConfig.ready() (`register("situation.report_links", meeting_link)`). Each function
returns a list (possibly empty) and the contributions come back in registration order, which
is INSTALLED_APPS order. The lower app documents each hook it offers and what it expects.
"""

from collections import defaultdict
from dataclasses import dataclass

_HOOKS: dict[str, list] = defaultdict(list)


def register(name: str, function):
    """Add `function` to the hook `name` (once, however often an app's ready() runs)."""
    if function not in _HOOKS[name]:
        _HOOKS[name].append(function)
    return function


def collect(name: str, *args, **kwargs) -> list:
    """Every contribution to the hook, in order: the lists the functions return, joined."""
    found = []
    for function in _HOOKS.get(name, ()):
        found.extend(function(*args, **kwargs) or ())
    return found


@dataclass(frozen=True)
class Link:
    """A link a higher app adds to a lower app's page (a button among the page's actions)."""

    label: str
    url: str
