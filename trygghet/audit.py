"""The audit trail: every change of state leaves one entry, written by the service that makes
the change, inside the same transaction (so a change that rolls back leaves no entry, and no
change is committed without one)."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from . import bulk
from .models import AuditEntry

SYSTEM = "system"


def record(*, actor, verb: str, target=None, changes: dict | None = None) -> AuditEntry:
    """Write one entry: `actor` is a user or None for scheduled work, `verb` a dotted name such
    as "observation.status_changed", `target` the changed object, `changes` a small dict."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record() must run inside the transaction of the change")
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor is not None and actor.is_authenticated else SYSTEM,
        verb=verb,
        changes=changes or {},
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target)
        entry.object_id = str(target.pk)
        entry.object_repr = str(target)[:200]
    entry.save()
    return entry


def changed_fields(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs."""
    return {key: [before.get(key), value] for key, value in after.items()
            if before.get(key) != value}


def record_each(*, actor, verb: str, entries) -> None:
    """One entry per changed object, as `record` writes them, at once: for a service that
    changes many objects together (a bulk import). `entries` holds (target, changes)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record_each() must run inside the transaction of the change")
    bulk.insert_rows(AuditEntry, rows(actor=actor, verb=verb, entries=entries), returning=False)


def unsaved(*, actor, verb: str, entries) -> list[AuditEntry]:
    """The entries `record_each` writes, not yet written: for a service that writes the change
    and its entry in one statement (`bulk.insert_one`), which is atomic by itself. `entries`
    holds (target, changes); a target not yet stored gets its id in that statement."""
    return [AuditEntry(**row) for row in rows(actor=actor, verb=verb, entries=entries)]


def rows(*, actor, verb: str, entries) -> list[dict]:
    """The columns of each entry (`record_each`, `unsaved`): who, what, which object. An entry
    may carry a third item, the object's text where the caller has it (str(target) for many
    rows at once can cost more than the rest of the entry)."""
    signed_in = actor is not None and actor.is_authenticated
    who, name = (actor.pk, actor.get_username()) if signed_in else (None, SYSTEM)
    kinds = {}
    rows = []
    for target, changes, *text in entries:
        kind = kinds.get(type(target)) or kinds.setdefault(
            type(target), ContentType.objects.get_for_model(target))
        rows.append({"actor_id": who, "actor_name": name, "verb": verb,
                     "changes": changes or {}, "content_type_id": kind.pk,
                     "object_id": "" if target.pk is None else str(target.pk),
                     "object_repr": (text[0] if text else str(target))[:200]})
    return rows
