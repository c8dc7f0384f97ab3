import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from observations.models import Observation
from trygghet.models import Area, Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_its_users_log_in(capsys):
    call_command("load_demo")
    first = Observation.objects.count()
    call_command("load_demo")
    assert Observation.objects.count() == first  # a second run adds nothing
    out = capsys.readouterr().out
    for username in ("koordinator", "rapportor", "polis", "vaktare", "sekreterare", "admin"):
        assert username in out
        # The login lockout needs the request (who is trying, from where).
        login = RequestFactory().post("/konto/logga-in/")
        assert authenticate(login, username=username, password="demo") is not None
    assert Area.objects.filter(kind="kommun").count() == 1
    assert {"Bro centrum", "Bro station", "Kungsängen centrum", "Kungsängen station", "Brunna",
            "Tibble", "Råby", "Finnsta"} <= set(Area.objects.values_list("name", flat=True))
    assert Organisation.objects.filter(kind="polis").exists()


def test_six_months_of_plausible_observations(settings):
    call_command("load_demo")
    observations = list(Observation.objects.select_related("category", "area"))
    assert 800 < len(observations) < 3000
    span = max(o.occurred_at for o in observations) - min(o.occurred_at for o in observations)
    assert 175 <= span.days <= 185
    assert all(o.area is not None for o in observations)
    weekend_evening = [o for o in observations
                       if timezone.localtime(o.occurred_at).weekday() in (4, 5)]
    assert len(weekend_evening) > len(observations) * 2 / 7  # busier than an average day


def test_the_demo_refuses_a_production_database(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not Observation.objects.exists()
