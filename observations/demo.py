"""Demo observations: six months of what Upplands-Bro's partners might log, deterministic."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from shapely.geometry import Point

from trygghet import geo
from trygghet.demo_geography import AREAS
from trygghet.models import Area

from .models import Category, Observation, ObservationEvent

# Which categories each kind of partner tends to log.
REPORTER_CATEGORIES = {
    "rapportor": ["ungdomsgrupp", "alkohol", "narkotika", "ordningsstorning", "hot-och-vald"],
    "vaktare": ["ungdomsgrupp", "skadegorelse", "klotter", "ordningsstorning", "alkohol",
                "hot-och-vald", "brand"],
    "bostad": ["skadegorelse", "klotter", "nedskrapning", "belysning", "otrygg-miljo", "brand"],
    "broutveckling": ["nedskrapning", "belysning", "otrygg-miljo", "klotter"],
    "nattvandrare": ["ungdomsgrupp", "alkohol", "ordningsstorning"],
    "grannstod": ["belysning", "skadegorelse", "ovrigt", "otrygg-miljo"],
    "kommunpolis": ["narkotika", "hot-och-vald", "ordningsstorning", "ungdomsgrupp"],
    "koordinator": ["ovrigt", "otrygg-miljo", "nedskrapning"],
}

DESCRIPTIONS = {
    "ungdomsgrupp": ["Grupp om cirka {n} ungdomar, högljudda men lugna.",
                     "Cirka {n} unga samlade, några verkade påverkade.",
                     "Stor samling unga, cirka {n} personer, spred sig efter en stund."],
    "alkohol": ["Alkoholförtäring vid bänkarna, {n} personer.",
                "Tomma flaskor och berusade personer, cirka {n}."],
    "narkotika": ["Misstänkt langning, flera korta möten.", "Lukt av cannabis vid entrén."],
    "skadegorelse": ["Krossad ruta i busskuren.", "Sönderslagen papperskorg.",
                     "Cyklar vandaliserade vid parkeringen."],
    "klotter": ["Nytt klotter på väggen vid gångtunneln.", "Tags på elskåp."],
    "nedskrapning": ["Mycket skräp efter helgen.", "Dumpade sopsäckar.",
                     "Fulla papperskorgar, skräp runt omkring."],
    "belysning": ["Två lyktstolpar släckta längs gångvägen.", "Belysningen i gångtunneln ur funktion.",
                  "Mörkt vid cykelparkeringen, lampan trasig."],
    "otrygg-miljo": ["Höga buskar skymmer sikten vid gångvägen.", "Mörk passage, upplevs otrygg."],
    "brand": ["Brand i papperskorg, släckt.", "Brand i container."],
    "hot-och-vald": ["Bråk mellan några personer, polis tillkallad.",
                     "Hot mot personal i butiken."],
    "ordningsstorning": ["Högljudd musik och störningar sent.", "Mopedåkning på gångvägen."],
    "ovrigt": ["Övergiven cykel med saknade delar.", "Oro bland boende efter händelse i helgen."],
}


def _random_point(rng, area):
    shape = geo.shape_of(area.geometry)
    west, south, east, north = shape.bounds
    while True:
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        if shape.covers(Point(lon, lat)):
            return round(lat, 6), round(lon, 6)


def _category_weight(slug, month, weekend_evening):
    summer, winter = month in (6, 7, 8), month in (10, 11, 12, 1, 2)
    weight = {"ungdomsgrupp": 5, "alkohol": 3, "belysning": 2, "nedskrapning": 3}.get(slug, 2)
    if slug == "ungdomsgrupp" and summer:
        weight *= 3
    if slug == "alkohol" and (summer or weekend_evening):
        weight *= 2
    if slug == "belysning":
        weight *= 4 if winter else 0.5
    if slug in ("ordningsstorning", "hot-och-vald") and weekend_evening:
        weight *= 2
    return weight


def _hour(rng, weekday):
    evening = weekday in (4, 5) and rng.random() < 0.6
    if evening:
        return rng.choice([18, 19, 20, 21, 22, 22, 23, 23, 0, 1])
    return rng.choice(range(7, 24))


def load(context):
    """Six months of observations, once."""
    if not Observation.objects.exists():
        _observations(context.rng, context.users, context.days, context.today)
    context.summary.append(f"{Observation.objects.count()} observationer")


def _observations(rng, users, days, today):
    categories = {c.slug: c for c in Category.objects.all()}
    areas = {a.name: a for a in Area.objects.exclude(kind=Area.Kind.KOMMUN)}
    area_names = [name for name, *_ in AREAS]
    area_weights = [weight for *_, weight in AREAS]
    reporters = list(REPORTER_CATEGORIES)
    now = timezone.now()
    start = today - timedelta(days=days)
    observations, creators = [], []
    for offset in range(days + 1):
        day = start + timedelta(days=offset)
        weekday = day.weekday()
        count = rng.randint(3, 8) + (rng.randint(3, 7) if weekday in (4, 5) else 0)
        for _ in range(count):
            hour = _hour(rng, weekday)
            moment = timezone.make_aware(datetime.combine(
                day + timedelta(days=1) if hour < 5 and weekday in (4, 5) else day,
                time(hour, rng.randrange(60)),
            ))
            if moment > now:
                continue
            weekend_evening = weekday in (4, 5) and (hour >= 18 or hour < 3)
            username = rng.choice(reporters)
            slugs = REPORTER_CATEGORIES[username]
            slug = rng.choices(slugs, [_category_weight(s, moment.month, weekend_evening)
                                       for s in slugs])[0]
            area = areas[rng.choices(area_names, area_weights)[0]]
            lat, lon = _random_point(rng, area)
            severity = rng.choices(
                ["low", "medium", "high"],
                [2, 3, 3] if slug in ("hot-och-vald", "narkotika", "brand") else [6, 3, 1],
            )[0]
            age = now - moment
            if age > timedelta(days=14):
                status = rng.choices(["resolved", "no_action", "in_progress", "new"], [6, 3, 1, 1])[0]
            else:
                status = rng.choices(["new", "in_progress", "resolved"], [5, 3, 2])[0]
            n = rng.randint(4, 30)
            user = users[username]
            observations.append(Observation(
                category=categories[slug], occurred_at=moment, latitude=lat, longitude=lon,
                area=Area.objects.most_specific(lat, lon), severity=severity, status=status,
                description=rng.choice(DESCRIPTIONS[slug]).format(n=n),
                people_count=n if slug in ("ungdomsgrupp", "alkohol") else None,
                restricted=slug in ("narkotika", "hot-och-vald") and rng.random() < 0.4,
                reporter=user, organisation=user.membership.organisation,
                logged_at=moment + timedelta(minutes=rng.randint(5, 600)),
                closed_at=None if status in ("new", "in_progress")
                else moment + timedelta(days=rng.randint(1, 10)),
            ))
            creators.append(user)
    created = Observation.objects.bulk_create(observations, batch_size=500)
    coordinator = users["koordinator"]
    events = []
    for observation, user in zip(created, creators):
        events.append(ObservationEvent(
            observation=observation, kind="created", author=user, to_status="new",
            created_at=observation.logged_at,
        ))
        if observation.status != "new":
            events.append(ObservationEvent(
                observation=observation, kind="status", author=coordinator, from_status="new",
                to_status=observation.status, created_at=observation.closed_at or observation.logged_at,
                comment="Vidarebefordrat till ansvarig förvaltning." if observation.status == "resolved" else "",
            ))
    ObservationEvent.objects.bulk_create(events, batch_size=1000)
