"""Every write to the shared core: organisations, memberships, areas and members' settings.
Each writes its audit entry in the same transaction."""

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from . import audit
from .models import Area, LastVisit, Membership, Organisation


def _snapshot(instance, fields):
    return {field: getattr(instance, field) for field in fields}


@transaction.atomic
def save_area(*, name: str, kind: str, geometry, area: Area | None = None, by=None) -> Area:
    """Create or update an area after validating its polygon (parsed, well formed, and
    overlapping the municipality's boundary)."""
    creating = area is None or area.pk is None
    area = area or Area()
    before = {} if creating else _snapshot(Area.objects.get(pk=area.pk),
                                            ("name", "kind", "geometry"))
    area.name, area.kind, area.geometry = name, kind, geometry
    area.full_clean()
    area.save()
    changes = audit.changed_fields(before, {"name": area.name, "kind": area.kind})
    if before.get("geometry") != area.geometry:
        # The polygon itself would bloat the trail; its new extent says enough.
        changes["geometry"] = [area.min_lon, area.min_lat, area.max_lon, area.max_lat]
    audit.record(actor=by, verb="area.created" if creating else "area.changed", target=area,
                 changes=changes)
    return area


@transaction.atomic
def save_organisation(*, organisation: Organisation, by=None) -> Organisation:
    """Create or update a partner organisation."""
    creating = organisation.pk is None
    before = {} if creating else _snapshot(
        Organisation.objects.get(pk=organisation.pk), ("name", "kind", "active"))
    organisation.full_clean()
    organisation.save()
    audit.record(actor=by, verb="organisation.created" if creating else "organisation.changed",
                 target=organisation, changes=audit.changed_fields(
                     before, _snapshot(organisation, ("name", "kind", "active"))))
    return organisation


@transaction.atomic
def create_member(
    *, username: str, password: str, organisation: Organisation, role: str,
    first_name: str = "", last_name: str = "", email: str = "", is_staff: bool = False,
    is_superuser: bool = False, by=None,
):
    """Create a user who acts for one organisation with one role."""
    user = get_user_model().objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name,
        email=email, is_staff=is_staff, is_superuser=is_superuser,
    )
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    audit.record(actor=by, verb="membership.created", target=membership,
                 changes={"organisation": organisation.name, "role": role})
    return user


@transaction.atomic
def save_membership(*, membership: Membership, by=None) -> Membership:
    """Give a user their organisation and role, or change them."""
    creating = membership.pk is None
    fields = ("organisation_id", "role", "lagesbild_email")
    before = {} if creating else _snapshot(Membership.objects.get(pk=membership.pk), fields)
    membership.full_clean()
    membership.save()
    audit.record(actor=by, verb="membership.created" if creating else "membership.changed",
                 target=membership, changes=audit.changed_fields(before, _snapshot(membership, fields)))
    return membership


@transaction.atomic
def set_report_email(*, user, enabled: bool) -> Membership:
    """Whether the user gets an e-mail when a lägesbild is published."""
    membership = Membership.objects.select_for_update().get(user=user)
    before = membership.lagesbild_email
    membership.lagesbild_email = bool(enabled)
    membership.save(update_fields=["lagesbild_email"])
    audit.record(actor=user, verb="membership.settings_changed", target=membership,
                 changes=audit.changed_fields({"lagesbild_email": before},
                                              {"lagesbild_email": membership.lagesbild_email}))
    return membership


class TokenRevocation:
    """Why a user's API tokens were revoked (stored in the audit entry)."""

    PASSWORD_CHANGED = "password_changed"
    DEACTIVATED = "deactivated"


@transaction.atomic
def revoke_api_tokens(*, user, reason: str) -> int:
    """Delete the user's API tokens: a changed password or a closed account closes the API
    too. One audit entry when there was a token to revoke; the key itself is never logged."""
    revoked, _by_model = Token.objects.filter(user=user).delete()
    if revoked:
        audit.record(actor=None, verb="token.revoked", target=user, changes={"reason": reason})
    return revoked


def mark_visited(*, user, name: str, now=None):
    """Note that the member opened the page called `name`; returns when they last did before
    (None the first time). A read marker, like the read log: no audit entry.

    Every opening of the observation log calls this, so on PostgreSQL it is one statement that
    moves the moment and answers the one it replaced (a self-join sees the row as it was);
    elsewhere a locked read and an update."""
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(LastVisit._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS visit SET at = %s FROM {table} AS before "
                f"WHERE visit.id = before.id AND visit.user_id = %s AND visit.name = %s "
                f"RETURNING before.at", [now, user.pk, name])
            row = cursor.fetchone()
        if row is not None:
            return row[0]
    else:
        with transaction.atomic():
            visit = LastVisit.objects.select_for_update().filter(user=user, name=name).first()
            if visit is not None:
                LastVisit.objects.filter(pk=visit.pk).update(at=now)
                return visit.at
    # The first visit; the same member's other tab may get there first.
    LastVisit.objects.bulk_create([LastVisit(user=user, name=name, at=now)],
                                  ignore_conflicts=True)
    return None
