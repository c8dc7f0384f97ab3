"""The shape of a yearly report's snapshot, declared once.

Every part of a stored yearly report is declared here with how it may reveal a restricted
(begränsad) observation, and what a reader gets is derived from the declaration:

- SHARED: the collaboration's own plan and work (priority areas, indicators, the åtgärdsplan,
  insatser, the promises' results). Nothing in it is restricted; every reader gets it whole.
- COUNTS: figures over many observations (by category, by area). Restricted observations count
  in them for everyone, as in the weekly lägesbild.
- ROWS: a list of rows, each with a "restricted" flag; rows so flagged are left out for readers
  who may not see restricted observations.

Compiling checks that the snapshot has exactly the declared parts, so a part added without a
declaration fails at once instead of leaking. Higher apps add their parts (the promises'
results) with `register` in their AppConfig.ready(), naming the template that shows the part
on the report's page and in its PDF (the template gets the part's value as `part`).
"""

from dataclasses import dataclass
from enum import Enum
from typing import Callable

from observations.querysets import sees_restricted


class Sensitivity(Enum):
    SHARED = "shared"
    COUNTS = "counts"
    ROWS = "rows"


@dataclass(frozen=True)
class Part:
    key: str
    sensitivity: Sensitivity
    compute: Callable  # (YearContext) -> JSON-ready value
    description: str = ""
    # The template that shows a part another app adds; the report's own parts are laid out
    # by its templates.
    template: str = ""


class UndeclaredPart(Exception):
    pass


_PARTS: dict[str, Part] = {}


def register(part: Part) -> Part:
    if part.key in _PARTS and _PARTS[part.key] is not part:
        raise ValueError(f"The yearly report already has a part {part.key!r}")
    _PARTS[part.key] = part
    return part


def parts() -> list[Part]:
    return list(_PARTS.values())


def check(data: dict) -> None:
    """Raise UndeclaredPart when a snapshot's keys differ from the declared parts."""
    declared, present = set(_PARTS), set(data)
    if declared != present:
        raise UndeclaredPart(
            f"Snapshot parts not declared: {sorted(present - declared)}; "
            f"declared but missing: {sorted(declared - present)}")


def redact(data: dict, user) -> dict:
    """The snapshot as this user may read it. Parts a stored snapshot lacks (compiled before
    the part existed) are left out, as are parts no longer declared."""
    trusted = sees_restricted(user)
    result = {}
    for part in _PARTS.values():
        if part.key not in data:
            continue
        value = data[part.key]
        if part.sensitivity is Sensitivity.ROWS and not trusted:
            value = [row for row in value if not row.get("restricted")]
        result[part.key] = value
    return result
