"""The same request twice has one effect: a form sent twice (a double tap, a resend on a
slow connection) and an API request repeated with its Idempotency-Key.

The first request records its key in the transaction that does the work; a second request
with the key waits on the database's unique-key lock until the first commits, then gets the
first one's answer. If the first fails, its record rolls back and the key is free again.
"""

import hashlib
import json
import uuid
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import IdempotencyRecord

LIFETIME = timedelta(hours=24)
KEY_MAX = 255


class KeyReused(DomainError):
    """The key was used within its lifetime for a different request."""


def fingerprint(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder,
                                     default=str).encode()).hexdigest()


def once(*, user, scope: str, key: str, request_fingerprint: str, perform):
    """Run `perform()` (which returns a JSON-able answer) once per user, scope and key within
    24 hours. Returns (answer, replayed)."""
    if not key or len(key) > KEY_MAX:
        raise DomainError(_("Idempotency-Key ska vara 1 till %(max)s tecken.") % {"max": KEY_MAX},
                          field="Idempotency-Key")
    with transaction.atomic():
        IdempotencyRecord.objects.filter(user=user, scope=scope, key=key,
                                         created_at__lt=timezone.now() - LIFETIME).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user, scope=scope, key=key, fingerprint=request_fingerprint)
        except IntegrityError:
            existing = IdempotencyRecord.objects.get(user=user, scope=scope, key=key)
            if existing.fingerprint != request_fingerprint:
                raise KeyReused(_("Nyckeln har redan använts för en annan begäran de senaste "
                                  "24 timmarna."), field="Idempotency-Key") from None
            return existing.result, True
        answer = perform()
        record.result = answer
        record.save(update_fields=["result"])
        return answer, False


def refuse_resent(form) -> None:
    """A form whose submission id was sent before with other content (sent, then changed and
    sent again by a browser that kept the page): say that the first is saved, and give the
    form a new id, so that sending it again saves this one as a new row."""
    form.add_error(None, _("Formuläret är redan skickat en gång, med annat innehåll, och det "
                           "som skickades då är sparat. Skicka igen för att spara det här som "
                           "en ny."))
    form.data = form.data.copy()
    form.data["submission"] = str(uuid.uuid4())


def purge() -> int:
    deleted, _ = IdempotencyRecord.objects.filter(
        created_at__lt=timezone.now() - LIFETIME).delete()
    return deleted
