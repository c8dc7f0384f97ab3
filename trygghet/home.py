"""The start page at "/": each app contributes panels for the member who opens it.

An app that has something to put there has a module `home.py` with
`panels(request) -> list[Panel]`; the core gathers them by that convention (without naming
any app) and shows them lowest `order` first. An app chooses the order per role, so that
each role's page leads with what that role comes for: a reporter with "Logga observation",
a coordinator with what is new and overdue, a reader with the latest lägesbild.
"""

from dataclasses import dataclass, field

from .registry import app_modules

# Where a panel lands on a role's page: the panel a role comes for leads, the rest follow.
LEAD, HIGH, MIDDLE, LOW = 10, 20, 40, 80


@dataclass(frozen=True)
class Panel:
    """One section of the start page: a heading, a template rendered with `panel` in its
    context (the template reads `panel.data`), and where it goes."""

    key: str
    title: str
    template: str
    order: int = MIDDLE
    data: dict = field(default_factory=dict)


def panels(request) -> list[Panel]:
    found = []
    for _config, module in app_modules("home"):
        if module.__name__ != __name__:  # the core's own module is this one
            found.extend(module.panels(request) or ())
    return sorted(found, key=lambda panel: panel.order)
