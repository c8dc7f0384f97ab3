"""The shape of a lägesbild snapshot, declared once.

Every part of a stored snapshot is declared here with how it may reveal a restricted
(begränsad) observation, and the redaction for readers who may not see those is derived from
the declaration, never written by hand for today's keys:

- COUNTS: figures over many observations (counts by category, area, weekday). Restricted
  observations count in them for everyone.
- ROWS: a list of rows, each with a "restricted" flag. Rows so flagged are left out.
- VARIANTS: drawn on a map or otherwise precise enough to point at one observation (hotspot
  cells). Compiled twice, {"all": ..., "unrestricted": ...}, and the reader gets the variant
  they may see.

Compiling checks that the snapshot has exactly the declared parts, so a part added without a
declaration fails at once instead of leaking. Other apps add their parts (the insatser of the
week) with `register`, and name the template that shows their part on the lägesbild's page
and PDF (the template gets the part's value as `part`).
"""

from dataclasses import dataclass
from enum import Enum
from typing import Callable

from ..querysets import sees_restricted


class Sensitivity(Enum):
    COUNTS = "counts"
    ROWS = "rows"
    VARIANTS = "variants"


@dataclass(frozen=True)
class Part:
    key: str
    sensitivity: Sensitivity
    compute: Callable  # (WeekContext) -> JSON-ready value
    description: str = ""
    # A template that shows the part on the page and in the PDF, for parts other apps add;
    # the lägesbild's own parts are laid out by its templates.
    template: str = ""


class UndeclaredPart(Exception):
    pass


_PARTS: dict[str, Part] = {}


def register(part: Part) -> Part:
    if part.key in _PARTS and _PARTS[part.key] is not part:
        raise ValueError(f"The lägesbild already has a part {part.key!r}")
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
    """The snapshot as this user may read it. Parts a stored snapshot lacks (it was compiled
    before the part existed) are left out; parts it has that are no longer declared too."""
    trusted = sees_restricted(user)
    result = {}
    for part in _PARTS.values():
        if part.key not in data:
            continue
        value = data[part.key]
        if part.sensitivity is Sensitivity.ROWS and not trusted:
            value = [row for row in value if not row.get("restricted")]
        elif part.sensitivity is Sensitivity.VARIANTS:
            value = value["all" if trusted else "unrestricted"]
        result[part.key] = value
    return result
