"""Demo insatser and EST meetings: six months of what Upplands-Bro's partners might decide,
answering what the demo log holds, deterministic. Every type of insats, some joint with the
police, some narkotikainsatser, trygghetsvandringar three times a year, a few overdue; last
week's meeting with attendance and decisions; a few members' subscriptions."""

from collections import Counter
from datetime import datetime, time, timedelta

from django.utils import timezone

from observations.models import Observation
from trygghet.models import Area, Organisation
from trygghet.weeks import shift_week, week_bounds, week_of

from . import services
from .models import EstMeeting, Intervention, InterventionType

PERIOD_DAYS = 14

# What the partners do about what they see: the type, the owner (a demo user), the
# participating organisations and a title, by the category that dominated an area.
RESPONSES = {
    "ungdomsgrupp": ("vuxennarvaro", "rapportor", ["Nattvandrarna i Upplands-Bro"],
                     "Vuxennärvaro och fältarbete kvällstid i {area}"),
    "alkohol": ("extra-vaktarrond", "vaktare", [],
                "Extra väktarronder fredag och lördag 20–01 i {area}"),
    "narkotika": ("narkotikainsats", "kommunpolis", ["Fältassistenterna"],
                  "Narkotikainsats i {area}"),
    "hot-och-vald": ("gemensam-insats", "kommunpolis",
                     ["Trygghet och prevention", "Fältassistenterna"],
                     "Gemensam insats kommun och polis i {area}"),
    "ordningsstorning": ("gemensam-insats", "kommunpolis", ["Trygghet och prevention"],
                         "Gemensam insats kommun och polis helgkvällar i {area}"),
    "skadegorelse": ("extra-vaktarrond", "vaktare", ["Bostadsbolaget i Upplands-Bro"],
                     "Extra väktarronder nattetid i {area}"),
    "klotter": ("fysisk-miljo", "bostad", ["Bro utveckling"], "Klottersanering i {area}"),
    "nedskrapning": ("fysisk-miljo", "broutveckling", ["Bostadsbolaget i Upplands-Bro"],
                     "Städinsats och fler papperskorgar i {area}"),
    "belysning": ("fysisk-miljo", "bostad", [], "Felanmäld och lagad belysning i {area}"),
    "otrygg-miljo": ("fysisk-miljo", "bostad", ["Bro utveckling"],
                     "Röjning av buskage och bättre belysning i {area}"),
    "brand": ("annan", "koordinator", ["Räddningstjänsten", "Bostadsbolaget i Upplands-Bro"],
              "Brandförebyggande information till boende i {area}"),
    "ovrigt": ("annan", "grannstod", [], "Grannstödsbilen kör extra kvällar i {area}"),
}

OUTCOMES = [
    "Genomförd enligt plan. Lugnare på platsen de följande helgerna.",
    "Genomförd. Färre samlingar efter 22; fortsatt bevakning behövs vid stationen.",
    "Genomförd med god uppslutning. Boende uppskattade närvaron.",
    "Genomförd. Ingen tydlig förändring än; följs upp vid nästa EST-möte.",
    "Genomförd. Åtgärden är klar och platsen upplevs tryggare enligt personalen.",
]

# Trygghetsvandringar three times a year with the police and räddningstjänsten.
WALKS = [("Bro centrum", 150), ("Kungsängen centrum", 90), ("Brunna", 30)]


def load(context):
    """Once: insatser over the demo's six months, last week's meeting, subscriptions."""
    if Intervention.objects.exists():
        return
    rng, users, today = context.rng, context.users, context.today
    types = {t.slug: t for t in InterventionType.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    areas = {a.name: a for a in Area.objects.named()}
    start = today - timedelta(days=context.days)
    made = []
    day = start + timedelta(days=PERIOD_DAYS)
    while day <= today + timedelta(days=7):
        made += _respond(rng, day, users, types, organisations, areas, today)
        day += timedelta(days=PERIOD_DAYS)
    for name, days_ago in WALKS:
        made.append(_walk(rng, today - timedelta(days=days_ago), users, types, organisations,
                          areas[name], today))
    # Every kind of insats at least once, answering the category it is for.
    used = {i.type.slug for i in made}
    for slug, (type_slug, *_rest) in RESPONSES.items():
        if type_slug not in used:
            used.add(type_slug)
            made.append(_answer(rng, today - timedelta(days=45), rng.choice(list(areas)), slug,
                                users, types, organisations, areas, today))
    _overdue(rng, made, today)
    _last_weeks_meeting(rng, users, types, organisations, areas, today)
    _subscriptions(users, areas)
    context.summary.append(f"{Intervention.objects.count()} insatser, "
                           f"{EstMeeting.objects.count()} EST-möte")


def _moment(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _respond(rng, day, users, types, organisations, areas, today):
    """The insatser decided after a fortnight: for the busiest areas and categories (a
    different kind of problem each), and every other fortnight one with the police where
    narcotics or violence were logged."""
    counts = Counter(Observation.objects.filter(
        occurred_at__gte=_moment(day - timedelta(days=PERIOD_DAYS), 0),
        occurred_at__lt=_moment(day, 0), area__isnull=False,
    ).values_list("area__name", "category__slug"))
    chosen, seen = [], set()
    for (area_name, slug), _n in counts.most_common():
        if slug not in seen and len(chosen) < rng.choice([2, 3]):
            chosen.append((area_name, slug))
            seen.add(slug)
    if (day.toordinal() // PERIOD_DAYS) % 2 == 0:
        police = [(key, n) for key, n in counts.most_common()
                  if key[1] in ("narkotika", "hot-och-vald") and key[1] not in seen]
        chosen += [key for key, _n in police[:1]]
    return [_answer(rng, day, area_name, slug, users, types, organisations, areas, today)
            for area_name, slug in chosen]


def _answer(rng, day, area_name, slug, users, types, organisations, areas, today):
    type_slug, owner, partners, title = RESPONSES[slug]
    area = areas[area_name]
    length = {"fysisk-miljo": 10, "narkotikainsats": 14, "gemensam-insats": 3}.get(
        type_slug, rng.choice([2, 7, 14]))
    begins = day + timedelta(days=rng.randint(1, 4))
    answering = list(Observation.objects.filter(
        area=area, category__slug=slug, occurred_at__lt=_moment(begins, 0),
        occurred_at__gte=_moment(begins - timedelta(days=21), 0)).order_by("-occurred_at")[:5])
    return _make(rng, users, types[type_slug], title.format(area=area_name), users[owner],
                 [organisations[p] for p in partners], [area], begins,
                 begins + timedelta(days=length), answering, today)


def _walk(rng, day, users, types, organisations, area, today):
    partners = [organisations[n] for n in ("Polisen lokalpolisområde Järfälla/Upplands-Bro",
                                           "Räddningstjänsten", "Bostadsbolaget i Upplands-Bro")]
    return _make(rng, users, types["trygghetsvandring"], f"Trygghetsvandring i {area.name}",
                 users["koordinator"], partners, [area], day, day, [], today,
                 description="Vandring med boende, polis och räddningstjänst. Fokus på "
                             "belysning, buskage och mörka passager.")


def _make(rng, users, kind, title, owner, partners, areas, begins, ends, answering, today,
          description=""):
    coordinator = users["koordinator"]
    intervention = services.create_intervention(
        by=coordinator, type=kind, title=title, planned_start=begins, planned_end=ends,
        responsible=owner, areas=areas, organisations=partners, observations=answering,
        description=description)
    created = _moment(begins - timedelta(days=rng.randint(1, 4)), 10)
    closed = None
    if ends < today:
        if rng.random() < 0.08:
            services.change_status(intervention=intervention, by=coordinator, status="cancelled")
        else:
            services.change_status(intervention=intervention, by=owner, status="done",
                                   outcome=rng.choice(OUTCOMES))
        closed = _moment(ends + timedelta(days=rng.randint(0, 3)), 16)
    elif begins <= today:
        services.change_status(intervention=intervention, by=owner, status="ongoing")
    # The demo's history: when it was planned and closed, not when the demo was loaded.
    Intervention.objects.filter(pk=intervention.pk).update(
        created_at=min(created, timezone.now()),
        closed_at=min(closed, timezone.now()) if closed else None)
    return intervention


def _overdue(rng, made, today):
    """A few insatser whose owners have not reported back: past their day, still open."""
    late = [i for i in made if today - timedelta(days=30) < i.planned_end < today
            and i.type.slug != "trygghetsvandring"]
    for intervention in rng.sample(late, min(3, len(late))):
        Intervention.objects.filter(pk=intervention.pk).update(
            status=Intervention.Status.ONGOING, outcome="", closed_at=None)


def _last_weeks_meeting(rng, users, types, organisations, areas, today):
    coordinator = users["koordinator"]
    year, week = shift_week(*week_of(_moment(today)), -1)
    monday = week_bounds(year, week)[0].date()
    meeting = services.open_meeting(year=year, week=week, by=coordinator, held_on=monday)
    EstMeeting.objects.filter(pk=meeting.pk).update(opened_at=_moment(monday, 9))
    meeting.refresh_from_db()
    present = ["Trygghet och prevention", "Fältassistenterna",
               "Polisen lokalpolisområde Järfälla/Upplands-Bro", "Trygg Bevakning AB",
               "Bostadsbolaget i Upplands-Bro", "Bro utveckling", "Nattvandrarna i Upplands-Bro"]
    services.save_minutes(
        meeting=meeting, by=coordinator, held_on=monday,
        attendees=[organisations[name] for name in present],
        notes="Polisen redogjorde för helgens händelser vid Bro station. Fältassistenterna "
              "ser fler unga i Kungsängen centrum på fredagskvällar. Bostadsbolaget har "
              "felanmält belysningen i gångtunneln mot Finnsta.")
    friday = monday + timedelta(days=4)
    decisions = [
        ("Extra väktarronder vid Bro station fredag och lördag 20–01 under två helger.",
         dict(type=types["extra-vaktarrond"], title="Extra väktarronder vid Bro station",
              planned_start=friday, planned_end=friday + timedelta(days=8),
              responsible=users["vaktare"], areas=[areas["Bro station"]],
              organisations=[organisations["Trygg Bevakning AB"]])),
        ("Fältassistenter och nattvandrare i Kungsängen centrum fredag kväll.",
         dict(type=types["vuxennarvaro"], title="Vuxennärvaro i Kungsängen centrum",
              planned_start=friday, planned_end=friday + timedelta(days=7),
              responsible=users["rapportor"], areas=[areas["Kungsängen centrum"]],
              organisations=[organisations["Nattvandrarna i Upplands-Bro"]])),
        ("Gemensam insats kommun och polis mot langning vid Kungsängen station.",
         dict(type=types["narkotikainsats"], title="Narkotikainsats vid Kungsängen station",
              planned_start=monday + timedelta(days=2), planned_end=monday + timedelta(days=16),
              responsible=users["kommunpolis"], areas=[areas["Kungsängen station"]],
              organisations=[organisations["Fältassistenterna"],
                             organisations["Trygghet och prevention"]])),
        ("Lägesbilden för nästa vecka tas fram som vanligt; nästa möte hålls i Kungsängen.",
         None),
    ]
    for text, intervention in decisions:
        decision = services.record_decision(meeting=meeting, by=coordinator, text=text,
                                            intervention=intervention)
        if decision.intervention_id:
            Intervention.objects.filter(pk=decision.intervention_id).update(
                created_at=_moment(monday, 10))
            if intervention["planned_start"] <= today:
                services.change_status(intervention=decision.intervention,
                                       by=intervention["responsible"], status="ongoing")


def _subscriptions(users, areas):
    services.save_subscription(user=users["polis"], alerts="immediate",
                               areas=[areas["Bro station"], areas["Kungsängen station"]],
                               categories=[], weekly_digest=False)
    services.save_subscription(user=users["rapportor"], alerts="off", areas=[], categories=[],
                               weekly_digest=True)
    services.save_subscription(user=users["koordinator"], alerts="daily", areas=[],
                               categories=[], weekly_digest=False)
