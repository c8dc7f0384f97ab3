"""`make run` serves the demo on SQLite when no PostgreSQL is configured. The log's pages send
some statements differently there (`trygghet.statements`: the reads first, then the writes);
they answer as on PostgreSQL: the list and the start page, what is new since the last visit (a
second session counts from the first), the read log of restricted rows, and a search that
ignores case in Swedish letters too (`trygghet.sqlite`)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.contrib.auth import get_user_model
    from observations.models import Observation, ObservationAccess
    from trygghet.models import LastVisit

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    setup_test_environment()
    police = get_user_model().objects.get(username="polis")
    restricted = Observation.objects.filter(restricted=True).order_by("-occurred_at", "-id")
    assert restricted.exists()
    category = restricted.first().category_id
    for session in range(2):
        client = Client()
        client.force_login(police)
        page = client.get(f"/observationer/?category={category}&per_page=500")
        said = "Nya sedan ditt senaste besök" if session else "Nya den senaste veckan"
        assert page.status_code == 200 and said in page.content.decode()
        for path in ("/observationer/karta/", f"/observationer/karta/data/?category={category}"):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
    coordinator = get_user_model().objects.get(username="koordinator")
    for session in range(2):  # the start page counts what is new in its own statement
        client = Client()
        client.force_login(coordinator)
        start = client.get("/")
        assert start.status_code == 200
        assert "Nya observationer sedan ditt senaste besök" in start.content.decode()
    # A search ignores case beyond A to Z, as on PostgreSQL: the demo's "Övergiven cykel" is
    # found by "övergiven", its "gångtunneln" by "GÅNGTUNNELN".
    texts = list(Observation.objects.values_list("description", flat=True))
    for words in ("övergiven", "GÅNGTUNNELN", "ÅVC", "50%", "l_t"):
        expected = sum(words.casefold() in text.casefold() for text in texts)
        assert Observation.objects.filter(description__icontains=words).count() == expected, words
    assert Observation.objects.filter(description__icontains="övergiven").exists()
    assert Observation.objects.filter(description__icontains="GÅNGTUNNELN").exists()
    guard = Client()  # a reader of its own, so that the visits and reads counted stay as they are
    guard.force_login(get_user_model().objects.get(username="vaktare"))
    for words in ("övergiven", "ÖVRIGT", "råby"):  # a text, a category, an area
        searched = guard.get("/observationer/", {"q": words})
        assert searched.status_code == 200 and searched.context["page"].paginator.count > 0, words
    shown = restricted.filter(category_id=category)[:500].count()
    reads = ObservationAccess.objects.filter(user=police, via="list")
    print(reads.filter(observation__category_id=category).count(), shown,
          LastVisit.objects.filter(user__in=[police, coordinator]).count())
""")


def test_the_log_answers_on_the_demos_sqlite(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "CACHE_URL")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", DEBUG="true",
               DJANGO_SETTINGS_MODULE="trygghet.settings", MEDIA_ROOT=str(tmp_path / "media"))
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    reads, shown, visits = map(int, done.stdout.splitlines()[-1].split())
    # Each restricted row of the category was listed twice (once per session, 500 a page).
    assert reads == 2 * shown > 0 and visits == 2
