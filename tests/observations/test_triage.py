"""The coordinator's triage: the filtered list kept on the way to an item and back, next and
previous within it, the logged-at filters, new since the last visit, one comment box, and a
status change for several rows in one step."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from observations import services
from observations.models import Observation, ObservationEvent
from observations.triage import LOG_PAGE
from trygghet import services as core
from trygghet.errors import DomainError
from trygghet.models import AuditEntry

from ..factories import ObservationFactory, member

pytestmark = pytest.mark.django_db


def hours_ago(*hours, **fields):
    """Observations that happened the given numbers of hours ago, newest first as listed."""
    return [ObservationFactory(occurred_at=timezone.now() - timedelta(hours=h), **fields)
            for h in hours]


def links(page, rel):
    found = re.findall(rf'<a href="([^"]+)" rel="{rel}"', page)
    return [link.replace("&amp;", "&") for link in found]


def query_of(url):
    return parse_qs(urlsplit(url).query)


def test_an_item_opened_from_the_list_leads_back_to_it_with_filter_page_and_page_size(
        client, areas, reporter, coordinator):
    hours_ago(1, 2, 3, reporter=reporter, severity="high")
    client.force_login(coordinator)
    page = client.get("/observationer/", {"severity": "high", "status": ["new", "in_progress"],
                                          "per_page": "25", "page": "1", "junk": "x"})
    item = re.search(r'href="(/observationer/\d+/\?[^"]+)"', page.content.decode()).group(1)
    item = item.replace("&amp;", "&")
    assert query_of(item) == {"severity": ["high"], "status": ["new", "in_progress"],
                              "per_page": ["25"], "page": ["1"]}
    detail = client.get(item).content.decode()
    back = re.search(r'<a href="(/observationer/\?[^"]+)">Tillbaka till listan', detail).group(1)
    assert query_of(back.replace("&amp;", "&")) == query_of(item)


def test_next_and_previous_follow_the_filtered_list_in_its_order(client, areas, reporter,
                                                                 coordinator):
    newest, _low, middle, oldest = hours_ago(1, 2, 3, 4, reporter=reporter)
    Observation.objects.filter(pk=_low.pk).update(severity="low")
    # Two that happened at the same minute are ordered by id, as in the list.
    twin = ObservationFactory(reporter=reporter, occurred_at=middle.occurred_at)
    client.force_login(coordinator)
    listed = [o["id"] for o in client.get("/observationer/", {"severity": "medium"})
              .context["page"].object_list]
    assert listed == [newest.pk, twin.pk, middle.pk, oldest.pk]
    for before, pk, after in zip([None, *listed], listed, [*listed[1:], None]):
        response = client.get(f"/observationer/{pk}/", {"severity": "medium"})
        assert getattr(response.context["previous"], "pk", None) == before
        assert getattr(response.context["next"], "pk", None) == after
        for link in links(response.content.decode(), "next"):
            assert query_of(link) == {"severity": ["medium"]}


def test_next_is_found_when_the_status_change_took_the_item_out_of_the_filter(
        client, areas, reporter, coordinator):
    first, second, third = hours_ago(1, 2, 3, reporter=reporter)
    client.force_login(coordinator)
    response = client.post(f"/observationer/{second.pk}/uppfoljning/?status=new&page=1",
                           {"status": "resolved", "comment": "", "revision": "0",
                            "then": "next"})
    assert response.status_code == 302
    assert response["Location"] == f"/observationer/{third.pk}/?status=new&page=1"
    response = client.get(f"/observationer/{second.pk}/", {"status": "new"})
    assert response.context["previous"] == first and response.context["next"] == third


def test_saving_a_follow_up_comes_back_to_the_item_with_the_list_kept(client, areas, reporter,
                                                                      coordinator):
    observation, = hours_ago(1, reporter=reporter)
    client.force_login(coordinator)
    response = client.post(f"/observationer/{observation.pk}/uppfoljning/?severity=medium",
                           {"status": "new", "comment": "Ringer väktarna."})
    assert response["Location"] == f"/observationer/{observation.pk}/?severity=medium"


def test_next_and_previous_cost_the_same_queries_for_ten_and_five_hundred_rows(
        client, areas, reporter, coordinator):
    hours_ago(*range(1, 11), reporter=reporter)
    middle = Observation.objects.order_by("-occurred_at")[5]
    client.force_login(coordinator)
    path = f"/observationer/{middle.pk}/?status=new&severity=medium"

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    with_10 = count()
    hours_ago(*range(11, 501), reporter=reporter)
    assert count() == with_10


def test_the_logged_filters_choose_by_when_it_was_logged_not_when_it_happened(
        client, areas, reporter, coordinator):
    now = timezone.now()
    # Logged now (today, at whatever hour the test runs) and nineteen days ago.
    late = ObservationFactory(reporter=reporter, occurred_at=now - timedelta(days=20),
                              logged_at=now)
    early = ObservationFactory(reporter=reporter, occurred_at=now - timedelta(days=20),
                               logged_at=now - timedelta(days=19))
    client.force_login(coordinator)

    def listed(**params):
        return {o["id"] for o in client.get("/observationer/", params).context["page"].object_list}

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert listed(logged_from=yesterday) == {late.pk}
    assert listed(logged_to=yesterday) == {early.pk}
    assert listed(occurred_from=yesterday) == set()
    after = timezone.localtime(now - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S.%f")
    assert listed(logged_after=after) == {late.pk}


def test_the_api_filters_by_when_it_was_logged_like_the_page(api, areas, reporter, coordinator):
    late = ObservationFactory(reporter=reporter, logged_at=timezone.now() - timedelta(minutes=5))
    ObservationFactory(reporter=reporter, logged_at=timezone.now() - timedelta(days=3))
    api.force_login(coordinator)
    after = timezone.localtime(timezone.now() - timedelta(hours=1)).isoformat()
    response = api.get("/api/v1/observations/", {"logged_after": after})
    assert [row["id"] for row in response.json()["results"]] == [late.pk]
    response = api.get("/api/v1/observations/", {"logged_after": "9999-12-31T23:59:59"})
    assert response.status_code == 400 and "logged_after" in response.json()


def test_new_since_the_last_visit_lists_what_was_logged_after_the_previous_session(
        client, areas, reporter, coordinator):
    visited = timezone.now() - timedelta(days=1)
    core.mark_visited(user=coordinator, name=LOG_PAGE, now=visited)
    ObservationFactory(reporter=reporter, logged_at=timezone.now() - timedelta(days=2))
    new = ObservationFactory(reporter=reporter, logged_at=timezone.now() - timedelta(hours=1))
    client.force_login(coordinator)
    page = client.get("/observationer/").content.decode()
    link = re.search(r'<a href="(\?logged_after=[^"]+)">Nya sedan ditt senaste besök '
                     r'\(([^<]*)\): 1</a>', page)
    assert link.group(2) == timezone.localtime(visited).strftime("%Y-%m-%d %H:%M")
    response = client.get("/observationer/" + link.group(1).replace("&amp;", "&"))
    assert [o["id"] for o in response.context["page"].object_list] == [new.pk]
    assert "(1 aktivt: Nya sedan " in response.content.decode()
    # The link stays the same for the rest of the session, though the list was just opened.
    assert link.group(1) in client.get("/observationer/").content.decode()


def test_a_long_absence_is_counted_up_to_the_cap_and_then_said_to_be_more(
        client, areas, reporter, coordinator, monkeypatch):
    monkeypatch.setattr("trygghet.pagination.COUNT_CAP", 3)
    core.mark_visited(user=coordinator, name=LOG_PAGE, now=timezone.now() - timedelta(days=30))
    for _ in range(3):
        ObservationFactory(reporter=reporter, logged_at=timezone.now() - timedelta(days=2))
    client.force_login(coordinator)
    assert re.search(r"Nya sedan ditt senaste besök [^<]*: 3</a>",
                     client.get("/observationer/").content.decode())
    ObservationFactory(reporter=reporter, logged_at=timezone.now() - timedelta(days=1))
    page = client.get("/observationer/").content.decode()
    assert re.search(r"Nya sedan ditt senaste besök [^<]*: fler än 3</a>", page)


def test_the_filter_panel_is_closed_after_filtering_and_open_when_a_filter_needs_fixing(
        client, areas, coordinator):
    client.force_login(coordinator)
    filtered = client.get("/observationer/", {"status": "new"}).content.decode()
    assert '<details class="filters">' in filtered and "1 aktivt: Status: Ny" in filtered
    broken = client.get("/observationer/", {"logged_from": "igår"}).content.decode()
    assert '<details class="filters" open>' in broken and "Ange ett datum" in broken


def test_the_item_page_has_one_comment_box_with_a_clear_label(client, areas, reporter,
                                                              coordinator):
    observation, = hours_ago(1, reporter=reporter)
    client.force_login(coordinator)
    page = client.get(f"/observationer/{observation.pk}/").content.decode()
    assert page.count("<textarea") == 1
    assert '<label for="id_comment">Kommentar till historiken</label>' in page


@pytest.mark.parametrize("data, message", [
    ({"status": "new", "comment": ""}, "redan den statusen"),
    ({"status": "new", "comment": "å" * 2500}, "högst 2000 tecken"),
    ({"status": "gone", "comment": "Kolla igen på fredag."}, "Välj ett giltigt alternativ"),
])
def test_a_refused_follow_up_keeps_what_was_typed_and_says_why(client, areas, reporter,
                                                               coordinator, data, message):
    observation, = hours_ago(1, reporter=reporter)
    client.force_login(coordinator)
    response = client.post(f"/observationer/{observation.pk}/uppfoljning/?status=new", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if data["comment"]:
        assert data["comment"] in page
    assert not ObservationEvent.objects.exclude(kind="created").exists()


def rows(*observations):
    return {o.pk: o.revision for o in observations}


def test_several_rows_change_status_in_one_step_each_with_its_history_and_audit(
        areas, reporter, coordinator):
    three = hours_ago(1, 2, 3, reporter=reporter)
    outcome = services.follow_up_many(by=coordinator, rows=rows(*three), status="resolved",
                                      comment="Dubbletter av samma händelse.")
    assert {o.pk for o in outcome.changed} == {o.pk for o in three} and not outcome.refused
    for observation in Observation.objects.filter(pk__in=[o.pk for o in three]):
        assert observation.status == "resolved" and observation.closed_at
        assert observation.revision == 1
        event = observation.events.get(kind="status")
        assert (event.from_status, event.to_status) == ("new", "resolved")
        assert event.comment == "Dubbletter av samma händelse."
    entries = AuditEntry.objects.filter(verb="observation.status_changed")
    assert entries.count() == 3
    assert {e.changes["status"][1] for e in entries} == {"resolved"}


def test_a_row_changed_by_someone_since_the_list_was_shown_is_refused_and_the_rest_changed(
        areas, reporter, coordinator):
    fresh, stale = hours_ago(1, 2, reporter=reporter)
    seen = rows(fresh, stale)
    colleague = member(role="coordinator", username="kollega", first_name="Kim",
                       last_name="Kollega")
    services.follow_up(observation=stale, by=colleague, status="in_progress")
    outcome = services.follow_up_many(by=coordinator, rows=seen, status="no_action")
    assert [o.pk for o in outcome.changed] == [fresh.pk]
    (pk, reason), = outcome.refused
    assert pk == stale.pk and "Kim Kollega ändrade den" in reason and "inte ändrad" in reason
    stale.refresh_from_db()
    assert stale.status == "in_progress"
    assert not stale.events.filter(author=coordinator).exists()


def test_rows_the_user_may_not_see_or_that_already_have_the_status_are_refused(
        areas, reporter, coordinator):
    done, = hours_ago(1, reporter=reporter, status="resolved")
    outcome = services.follow_up_many(by=coordinator, rows={done.pk: 0, 10 ** 12: 0},
                                      status="resolved")
    assert outcome.changed == []
    reasons = dict(outcome.refused)
    assert "redan den statusen" in reasons[done.pk]
    assert "finns inte eller är inte synlig" in reasons[10 ** 12]


def test_only_coordinators_change_several_at_once(areas, reporter):
    observation, = hours_ago(1, reporter=reporter)
    with pytest.raises(PermissionDenied):
        services.follow_up_many(by=reporter, rows=rows(observation), status="resolved")


@pytest.mark.parametrize("status, selected", [("", {1: 0}), ("resolved", {}),
                                              ("resolved", {i: 0 for i in range(1, 502)})])
def test_a_bulk_change_without_a_status_or_rows_or_with_too_many_is_refused(
        areas, coordinator, status, selected):
    with pytest.raises(DomainError):
        services.follow_up_many(by=coordinator, rows=selected, status=status)


def test_the_list_changes_the_marked_rows_and_returns_to_the_same_filtered_page(
        client, areas, reporter, coordinator):
    three = hours_ago(1, 2, 3, reporter=reporter)
    client.force_login(coordinator)
    response = client.post("/observationer/status/", {
        "status": "resolved", "selected": [f"{o.pk}:{o.revision}" for o in three],
        "list_query": "status=new&per_page=25&page=1&evil=1",
    })
    assert response["Location"].startswith("/observationer/?")
    assert query_of(response["Location"]) == {"status": ["new"], "per_page": ["25"],
                                              "page": ["1"]}
    page = client.get(response["Location"]).content.decode()
    assert "3 observationer har nu status Åtgärdad." in page
    assert set(Observation.objects.values_list("status", flat=True)) == {"resolved"}


@pytest.mark.parametrize("data, message", [
    ({"status": "", "selected": ["1:0"]}, "Välj vilken status"),
    ({"status": "resolved"}, "Markera minst en observation"),
    ({"status": "resolved", "selected": ["1.5:0"]}, "gick inte att läsa"),
    ({"status": "resolved", "selected": ["9" * 40 + ":0"]}, "gick inte att läsa"),
    ({"status": "x" * 500, "selected": ["1:0"]}, "Välj en status i listan"),
])
def test_a_bulk_change_the_list_cannot_make_is_explained_not_a_crash(client, areas, coordinator,
                                                                     data, message):
    client.force_login(coordinator)
    response = client.post("/observationer/status/", data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_only_coordinators_get_the_bulk_form_and_may_send_it(client, areas, reporter):
    observation, = hours_ago(1, reporter=reporter)
    client.force_login(reporter)
    assert 'name="selected"' not in client.get("/observationer/").content.decode()
    response = client.post("/observationer/status/",
                           {"status": "resolved", "selected": [f"{observation.pk}:0"]})
    assert response.status_code == 403


def test_the_api_changes_several_and_says_which_were_refused(api, areas, reporter,
                                                             coordinator):
    fresh, other = hours_ago(1, 2, reporter=reporter)
    api.force_login(coordinator)
    response = api.post("/api/v1/observations/bulk-status/", {
        "status": "in_progress", "comment": "Vi tittar på det.",
        "observations": [{"id": fresh.pk, "revision": 0}, {"id": other.pk, "revision": 7}],
    }, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["changed"] == [fresh.pk]
    assert [row["id"] for row in body["refused"]] == [other.pk]


@pytest.mark.parametrize("payload, field", [
    ({"status": "resolved", "observations": []}, "observations"),
    ({"status": "resolved", "observations": [{"id": 1.5}]}, "observations"),
    ({"status": "resolved", "observations": [{"id": True}]}, "observations"),
    ({"status": "resolved", "observations": [{"id": "²"}]}, "observations"),
    ({"status": "resolved", "observations": [{"id": "9" * 5000}]}, "observations"),
    ({"status": "resolved", "observations": "1,2"}, "observations"),
    ({"status": "nope", "observations": [{"id": 1}]}, "status"),
])
def test_bad_bulk_api_input_is_a_400_on_the_field(api, areas, coordinator, payload, field):
    api.force_login(coordinator)
    response = api.post("/api/v1/observations/bulk-status/", payload, format="json")
    assert response.status_code == 400 and field in response.json()


def test_the_api_refuses_a_bulk_change_to_a_reporter(api, areas, reporter):
    observation, = hours_ago(1, reporter=reporter)
    api.force_login(reporter)
    response = api.post("/api/v1/observations/bulk-status/", {
        "status": "resolved", "observations": [{"id": observation.pk}]}, format="json")
    assert response.status_code == 403


def test_a_coordinator_whose_role_changed_meanwhile_is_refused_and_keeps_the_comment(
        client, areas, reporter, coordinator):
    observation, = hours_ago(1, reporter=reporter)
    client.force_login(coordinator)
    coordinator.membership.role = "reporter"
    coordinator.membership.save()
    response = client.post(f"/observationer/{observation.pk}/uppfoljning/",
                           {"status": "resolved", "comment": "Skrivet innan rollen ändrades."})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bara samordnare" in page and "Skrivet innan rollen ändrades." in page


def test_a_bulk_change_sent_twice_says_the_rows_have_that_status_not_who_changed_them(
        client, areas, coordinator, reporter):
    observation, = hours_ago(1, reporter=reporter)
    client.force_login(coordinator)
    data = {"status": "resolved", "selected": [f"{observation.pk}:{observation.revision}"]}
    client.post("/observationer/status/", data)
    again = client.post("/observationer/status/", data, follow=True).content.decode()
    assert "har redan status" in again and "ändrade den efter" not in again
