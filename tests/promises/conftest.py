from datetime import date

import pytest

from observations.interventions.models import Intervention
from promises import services

from ..agreements.conftest import agreement, priority_areas  # noqa: F401 (fixtures)

FOCUS = ["Bro centrum", "Bro station", "Kungsängen centrum", "Kungsängen station"]
JOINT = ("Minst åtta i förväg planerade gemensamma insatser på dessa platser med synlig närvaro "
         "av polis, polisvolontärer, kommunal personal, trygghetsvårdar och andra "
         "trygghetsskapande aktörer.")
DRUGS = ("Minst fyra i förväg planerade narkotikainsatser på dessa platser, där polis och "
         "socialtjänst har en operativ samverkan.")
NIGHT_WALKS = ("Kommun och polis ska samverka för att stödja och utveckla nattvandringar i "
               "samtliga kommundelar.")
# This year, so that what happens now falls in the promise's period.
YEAR = date.today().year
PERIOD = (date(YEAR, 1, 1), date(YEAR, 12, 31))


@pytest.fixture
def promise(agreement, areas, coordinator):  # noqa: F811
    return services.save_promise(
        by=coordinator, agreement=agreement, title=f"Medborgarlöfte i Upplands-Bro {YEAR}",
        period_start=PERIOD[0], period_end=PERIOD[1],
        background="Dialogen visar att Bro centrum och stationsområdet upplevs som otrygga.",
        areas=[areas[name] for name in FOCUS])


@pytest.fixture
def commitments(promise, coordinator, intervention_types):
    joint = services.save_commitment(
        by=coordinator, promise=promise, text=JOINT, kind="countable", target=8,
        types=[intervention_types["gemensam-insats"]], joint=True)
    drugs = services.save_commitment(
        by=coordinator, promise=promise, text=DRUGS, kind="countable", target=4,
        types=[intervention_types["narkotikainsats"]], joint=True)
    walks = services.save_commitment(by=coordinator, promise=promise, text=NIGHT_WALKS,
                                     kind="qualitative")
    return {"joint": joint, "drugs": drugs, "walks": walks}


@pytest.fixture
def make_insats(coordinator, police, intervention_types):
    """Insatser written straight to the tables (many, quickly): done by default, joint (owned
    by the municipality's coordinator with the police taking part) unless told otherwise."""
    kommun, polis = coordinator.membership.organisation, police.membership.organisation

    def make(areas=(), *, type="gemensam-insats", start=date(YEAR, 6, 5), status="done",
             owner=None, partners=None, count=1):
        owner = owner or coordinator
        made = Intervention.objects.bulk_create([Intervention(
            type=intervention_types[type], title=f"Insats {i}", planned_start=start,
            planned_end=start, status=status, outcome="Genomförd." if status == "done" else "",
            responsible=owner, responsible_organisation=owner.membership.organisation,
            created_by=coordinator) for i in range(count)])
        partners = [polis] if partners is None else partners
        Intervention.areas.through.objects.bulk_create([
            Intervention.areas.through(intervention_id=i.pk, area_id=a.pk)
            for i in made for a in areas])
        Intervention.organisations.through.objects.bulk_create([
            Intervention.organisations.through(intervention_id=i.pk, organisation_id=o.pk)
            for i in made for o in partners])
        return made if count > 1 else made[0]

    assert kommun.kind == "kommun" and polis.kind == "polis"
    return make
