"""A trygghetsvandring's findings become observations; from then on each finding is shown only
to those who may open its observation, and its text lives in the observation alone (restricted,
corrected and erased with it)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from observations import services as log
from observations.models import Observation
from promises import services
from promises.models import Finding

from ..conftest import as_user

pytestmark = pytest.mark.django_db

SECRET = "Langning vid gångtunneln, samma två personer varje kväll"
ORDINARY = "Lampan vid busshållplatsen är trasig"


@pytest.fixture
def walk(coordinator, areas, categories, promise):
    walk = services.save_dialogue(
        by=coordinator, kind="trygghetsvandring", title="Trygghetsvandring i Bro centrum",
        held_at=timezone.now() - timedelta(days=2), area=areas["Bro centrum"], participants=11,
        promise=promise)
    services.add_finding(by=coordinator, dialogue=walk, text=SECRET,
                         category=categories["otrygg-miljo"], place_description="Gångtunneln")
    services.add_finding(by=coordinator, dialogue=walk, text=ORDINARY,
                         category=categories["belysning"])
    secret, ordinary = services.log_findings(by=coordinator, dialogue=walk)
    Observation.objects.filter(pk=secret.pk).update(restricted=True)
    return walk, secret, ordinary


def test_a_guard_sees_neither_text_nor_link_of_a_finding_whose_observation_is_restricted(
        client, guard, walk):
    walk, secret, ordinary = walk
    client.force_login(guard)
    page = client.get(f"/medborgarloften/dialoger/{walk.pk}/").content.decode()
    assert ORDINARY in page and f"/observationer/{ordinary.pk}/" in page
    assert SECRET not in page and "Gångtunneln" not in page
    assert f"/observationer/{secret.pk}/" not in page and f"Observation {secret.pk}" not in page


def test_the_police_see_the_restricted_finding_on_the_walks_page(client, police, walk):
    walk, secret, _ordinary = walk
    client.force_login(police)
    page = client.get(f"/medborgarloften/dialoger/{walk.pk}/").content.decode()
    assert SECRET in page and f"/observationer/{secret.pk}/" in page


def test_the_api_gives_a_guard_only_the_findings_whose_observations_they_may_open(
        api, guard, police, walk):
    walk, secret, ordinary = walk
    for path in (f"/api/v1/dialogues/{walk.pk}/", "/api/v1/dialogues/"):
        body = as_user(api, guard).get(path).content.decode()
        assert ORDINARY in body and SECRET not in body and "Gångtunneln" not in body, path
    findings = as_user(api, police).get(f"/api/v1/dialogues/{walk.pk}/").json()["walk_findings"]
    assert [(f["text"], f["observation"]) for f in findings] == [
        (SECRET, secret.pk), (ORDINARY, ordinary.pk)]


def test_the_promises_pages_do_not_name_a_restricted_finding(
        client, guard, coordinator, walk, promise, commitments):
    services.change_promise_status(by=coordinator, promise=promise, status="adopted")
    client.force_login(guard)
    for path in (f"/medborgarloften/hantera/{promise.pk}/", "/medborgarloften/dialoger/"):
        assert SECRET not in client.get(path).content.decode(), path
    client.logout()
    public = client.get(f"/medborgarloften/{promise.pk}/")
    assert public.status_code == 200 and SECRET not in public.content.decode()


def test_a_logged_findings_text_is_the_observations_and_goes_with_its_correction_and_erasure(
        client, police, coordinator, walk):
    walk, secret, ordinary = walk
    assert set(Finding.objects.values_list("text", "place_description")) == {("", "")}
    log.edit_observation(observation=ordinary, by=coordinator,
                         description="Lampan vid busshållplatsen mot Bro är trasig")
    Observation.objects.filter(pk=secret.pk).update(
        closed_at=timezone.now() - timedelta(days=400))
    log.erase_expired_text()
    client.force_login(police)
    page = client.get(f"/medborgarloften/dialoger/{walk.pk}/").content.decode()
    assert "Lampan vid busshållplatsen mot Bro är trasig" in page
    assert SECRET not in page and "Fritexten är raderad" in page


def test_the_walk_page_and_the_dialogues_api_cost_the_same_for_2_and_30_logged_findings(
        client, api, guard, coordinator, categories, walk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walk, _secret, _ordinary = walk
    client.force_login(guard)
    as_user(api, guard)
    paths = [(client, f"/medborgarloften/dialoger/{walk.pk}/"),
             (client, "/medborgarloften/dialoger/"),
             (api, f"/api/v1/dialogues/{walk.pk}/"), (api, "/api/v1/dialogues/")]

    def queries():
        counts = []
        for who, path in paths:
            with CaptureQueriesContext(connection) as context:
                assert who.get(path).status_code == 200
            counts.append(len(context.captured_queries))
        return counts

    with_2 = queries()
    for n in range(28):
        services.add_finding(by=coordinator, dialogue=walk, text=f"Fynd {n}",
                             category=categories["klotter"])
    services.log_findings(by=coordinator, dialogue=walk)
    assert queries() == with_2


def test_a_finding_marked_restricted_on_the_walk_is_hidden_at_once_and_logged_restricted(
        client, api, coordinator, guard, police, areas, categories, promise):
    walk = services.save_dialogue(
        by=coordinator, kind="trygghetsvandring", title="Kvällsvandring i Bro centrum",
        held_at=timezone.now() - timedelta(days=1), area=areas["Bro centrum"], participants=6,
        promise=promise)
    client.force_login(coordinator)
    response = client.post(f"/medborgarloften/dialoger/{walk.pk}/fynd/", {
        "text": SECRET, "category": categories["otrygg-miljo"].pk,
        "place_description": "Gångtunneln", "restricted": "on"})
    assert response.status_code == 302, response.content.decode()
    finding = walk.walk_findings.get()
    assert finding.restricted

    # Not yet in the log, it is already shown as its observation will be.
    for user, sees in ((guard, False), (police, True), (coordinator, True)):
        client.force_login(user)
        page = client.get(f"/medborgarloften/dialoger/{walk.pk}/").content.decode()
        assert (SECRET in page) is sees, user
        body = as_user(api, user).get(f"/api/v1/dialogues/{walk.pk}/").content.decode()
        assert (SECRET in body) is sees, user

    [observation] = services.log_findings(by=coordinator, dialogue=walk)
    assert observation.restricted
    assert not Observation.objects.visible_to(guard).filter(pk=observation.pk).exists()


def test_a_coordinator_who_may_not_read_a_restricted_finding_does_not_log_it_as_their_own(
        coordinator, areas, categories, promise):
    """Logged by a housing company's coordinator, a restricted finding would become their
    observation, which its reporter may read: it waits for someone who may read it."""
    from trygghet.models import Membership, Organisation

    from ..factories import member

    housing = member(Membership.Role.COORDINATOR, Organisation.Kind.BOSTADSBOLAG,
                     "Bostadsbolaget", username="bostad")
    walk = services.save_dialogue(
        by=coordinator, kind="trygghetsvandring", title="Vandring i Bro centrum",
        held_at=timezone.now() - timedelta(days=1), area=areas["Bro centrum"], participants=5,
        promise=promise)
    services.add_finding(by=coordinator, dialogue=walk, text=SECRET, restricted=True,
                         category=categories["otrygg-miljo"])
    services.add_finding(by=coordinator, dialogue=walk, text=ORDINARY,
                         category=categories["belysning"])
    [logged] = services.log_findings(by=housing, dialogue=walk)
    assert logged.description == ORDINARY
    assert not Observation.objects.visible_to(housing).filter(description=SECRET).exists()
    [secret] = services.log_findings(by=coordinator, dialogue=walk)
    assert secret.restricted and secret.reporter == coordinator
