"""Deterministic demo data for Upplands-Bro. The core loads the organisations, users and
areas, then each app's demo.py adds its own (observations, lägesbilder, ...), in the order of
INSTALLED_APPS. Only `manage.py load_demo` calls this; production never has demo users."""

import os
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .demo_geography import AREAS, BOUNDARY
from .models import Area, Membership, Organisation
from .registry import app_modules
from .services import create_member, save_area

K = Organisation.Kind
R = Membership.Role

ORGANISATIONS = [
    ("Trygghet och prevention", K.KOMMUN),
    ("Fältassistenterna", K.KOMMUN),
    ("Kommunledningskontoret", K.KOMMUN),
    ("Polisen lokalpolisområde Järfälla/Upplands-Bro", K.POLIS),
    ("Trygg Bevakning AB", K.VAKTARE),
    ("Bostadsbolaget i Upplands-Bro", K.BOSTADSBOLAG),
    ("Bro utveckling", K.ANNAN),
    ("Nattvandrarna i Upplands-Bro", K.FORENING),
    ("Grannstödsbilen", K.FORENING),
    ("Räddningstjänsten", K.RADDNINGSTJANST),
]

# username, first name, last name, organisation, role, shown as a demo login
USERS = [
    ("koordinator", "Karin", "Koordinator", "Trygghet och prevention", R.COORDINATOR, True),
    ("rapportor", "Rami", "Rapportör", "Fältassistenterna", R.REPORTER, True),
    ("polis", "Pia", "Polis", "Polisen lokalpolisområde Järfälla/Upplands-Bro", R.READER, True),
    ("vaktare", "Viktor", "Väktare", "Trygg Bevakning AB", R.REPORTER, True),
    ("sekreterare", "Sara", "Sekreterare", "Kommunledningskontoret", R.COMMITTEE_STAFF, True),
    ("admin", "Adam", "Administratör", "Trygghet och prevention", R.ADMINISTRATOR, True),
    ("bostad", "Bo", "Bovärd", "Bostadsbolaget i Upplands-Bro", R.REPORTER, False),
    ("broutveckling", "Britt", "Platssamverkan", "Bro utveckling", R.REPORTER, False),
    ("nattvandrare", "Nils", "Nattvandrare", "Nattvandrarna i Upplands-Bro", R.REPORTER, False),
    ("grannstod", "Greta", "Grannstöd", "Grannstödsbilen", R.REPORTER, False),
    ("kommunpolis", "Kim", "Kommunpolis", "Polisen lokalpolisområde Järfälla/Upplands-Bro",
     R.REPORTER, False),
]

DAYS = 182


@dataclass
class DemoContext:
    """What each app's demo loader gets: a seeded random generator (so the demo is the same on
    every machine), the demo users by username, the period and where to report."""

    rng: random.Random
    users: dict
    today: object
    days: int = DAYS
    stdout: object = None
    summary: list = field(default_factory=list)
    # Steps to run once every app has loaded its data: a summary of all of it (a lägesbild
    # lists the week's observations and insatser) is made after the last app's loader.
    later: list = field(default_factory=list)


def demo_password():
    return os.environ.get("DEMO_PASSWORD", "demo")


@transaction.atomic
def load(stdout=None, days=DAYS, today=None):
    """Create what is missing; a second run changes nothing."""
    organisations = {}
    for name, kind in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    if not Area.objects.exists():
        save_area(name="Upplands-Bro kommun", kind=Area.Kind.KOMMUN, geometry=BOUNDARY)
        for name, kind, geometry, _weight in AREAS:
            save_area(name=name, kind=kind, geometry=geometry)
    User = get_user_model()
    users = {}
    for username, first, last, org, role, _shown in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_member(
                username=username, password=demo_password(), organisation=organisations[org],
                role=role, first_name=first, last_name=last,
                email=f"{username}@example.se",
                is_staff=role == R.ADMINISTRATOR, is_superuser=role == R.ADMINISTRATOR,
            )
        users[username] = user
    context = DemoContext(rng=random.Random(2020), users=users,
                          today=today or timezone.localdate(), days=days, stdout=stdout)
    for _config, module in app_modules("demo"):
        if module.__name__ != __name__:
            module.load(context)
    for step in context.later:
        step()
    if stdout:
        stdout.write(f"Demo: {Area.objects.count()} områden, "
                     f"{Organisation.objects.count()} organisationer"
                     + "".join(f", {line}" for line in context.summary) + ".")


def demo_logins():
    return [(username, f"{first} {last}", org, role.label)
            for username, first, last, org, role, shown in USERS if shown]
