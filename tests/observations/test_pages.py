from datetime import timedelta

import pytest
from django.utils import timezone

from observations.models import Category, Observation

from ..factories import BRO_CENTRUM, ObservationFactory, member

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "category": Category.objects.get(slug="ungdomsgrupp").pk,
        "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "latitude": BRO_CENTRUM[0], "longitude": BRO_CENTRUM[1],
        "place_description": "Vid busshållplatsen", "description": "Cirka 20 ungdomar.",
        "severity": "medium", "people_count": "20",
    }
    data.update(overrides)
    return data


def test_logging_from_the_form_redirects_to_the_observation(client, areas, reporter):
    client.force_login(reporter)
    response = client.post("/observationer/ny/", form_data())
    observation = Observation.objects.get()
    assert response["Location"] == f"/observationer/{observation.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Tack! Observationen är loggad." in page and "Bro centrum" in page


@pytest.mark.parametrize("overrides, field, message", [
    ({"latitude": "59.33", "longitude": "18.06"}, "latitude", "utanför kommunen"),
    ({"occurred_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
     "occurred_at", "framtiden"),
    ({"category": ""}, "category", "Välj en kategori"),
    ({"description": "å" * 100_000}, "description", "högst 4000 tecken"),
    ({"latitude": "", "longitude": ""}, "latitude", "klicka i kartan eller välj ett område"),
])
def test_bad_input_gets_a_swedish_field_error_and_keeps_what_was_typed(
        client, areas, reporter, overrides, field, message):
    client.force_login(reporter)
    response = client.post("/observationer/ny/", form_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    page = response.content.decode()
    assert "Vid busshållplatsen" in page and 'value="20"' in page
    if field != "latitude" and "latitude" not in overrides:
        assert f'value="{BRO_CENTRUM[0]}"' in page  # the chosen point survives too
    assert not Observation.objects.exists()


def test_readers_do_not_get_the_log_form(client, areas, police):
    client.force_login(police)
    assert client.get("/observationer/ny/").status_code == 403
    assert "Logga observation" not in client.get("/observationer/").content.decode()


def test_the_list_filters_by_every_field(client, areas, reporter, coordinator, guard):
    lighting = Category.objects.get(slug="belysning")
    a = ObservationFactory(reporter=reporter, category=lighting, severity="high",
                           description="Mörkt i tunneln")
    b = ObservationFactory(reporter=guard, latitude=59.486, longitude=17.762, area=areas["Tibble"],
                           occurred_at=timezone.now() - timedelta(days=40), status="resolved")
    Observation.objects.filter(pk=a.pk).update(area=areas["Bro centrum"])
    client.force_login(coordinator)

    def listed(**params):
        page = client.get("/observationer/", params).context["page"]
        return {o["id"] for o in page.object_list}

    assert listed() == {a.pk, b.pk}
    assert listed(category=lighting.pk) == {a.pk}
    assert listed(area=areas["Bro"].pk) == {a.pk}
    assert listed(area=areas["Tibble"].pk) == {b.pk}
    assert listed(organisation=guard.membership.organisation.pk) == {b.pk}
    assert listed(status="resolved") == {b.pk}
    assert listed(severity="high") == {a.pk}
    assert listed(q="tunneln") == {a.pk}
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert listed(occurred_from=since) == {a.pk}
    assert listed(occurred_to=since) == {b.pk}


def test_a_bad_filter_value_is_explained_not_a_crash(client, areas, coordinator):
    client.force_login(coordinator)
    response = client.get("/observationer/", {"occurred_from": "igår", "status": "x"})
    assert response.status_code == 200
    assert response.context["filterset"].form.errors


def test_coordinator_changes_status_and_comments_from_the_page(client, areas, reporter,
                                                                coordinator):
    observation = ObservationFactory(reporter=reporter)
    client.force_login(coordinator)
    client.post(f"/observationer/{observation.pk}/uppfoljning/",
                {"status": "in_progress", "comment": "Väktare skickade."})
    client.post(f"/observationer/{observation.pk}/uppfoljning/",
                {"status": "in_progress", "comment": "Följs upp fredag."})
    page = client.get(f"/observationer/{observation.pk}/").content.decode()
    assert "Hanteras" in page and "Väktare skickade." in page and "Följs upp fredag." in page


def test_a_status_change_from_a_stale_page_keeps_the_typed_comment(client, areas, reporter,
                                                                   coordinator):
    observation = ObservationFactory(reporter=reporter)
    client.force_login(coordinator)
    seen = observation.revision
    client.post(f"/observationer/{observation.pk}/uppfoljning/",
                {"status": "in_progress", "comment": "", "revision": seen})
    response = client.post(f"/observationer/{observation.pk}/uppfoljning/", {
        "status": "resolved", "comment": "Lampan är lagad.", "revision": seen})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Lampan är lagad." in page and "efter att du öppnade sidan" in page
    observation.refresh_from_db()
    assert observation.status == "in_progress"


def test_reporter_edits_own_observation_from_the_page(client, areas, reporter):
    client.force_login(reporter)
    client.post("/observationer/ny/", form_data())
    observation = Observation.objects.get()
    response = client.post(f"/observationer/{observation.pk}/andra/",
                           form_data(description="Cirka 30 ungdomar."))
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.description == "Cirka 30 ungdomar."


def test_english_is_shipped_and_switchable(client, areas, reporter):
    client.force_login(reporter)
    assert "Logga observation" in client.get("/observationer/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/observationer/"})
    page = client.get("/observationer/").content.decode()
    assert 'lang="en"' in page and "Log observation" in page


def test_an_empty_post_shows_the_errors_rather_than_an_empty_form(client, areas, reporter):
    client.force_login(reporter)
    response = client.post("/observationer/ny/", {})
    assert "Välj en kategori." in response.content.decode()


PLANT = '<img src=x onerror="alert(1)">&amp;'


def test_the_list_shows_typed_markup_as_text_in_every_cell(client, areas, coordinator):
    """The list's rows are written out by the view: what partners and admins type (a place,
    a category, an organisation) is shown as typed, never as markup, in the cells and in the
    checkbox labels alike."""
    category = Category.objects.create(name=f"Kategori {PLANT}", slug="planterad")
    planted = ObservationFactory(
        category=category, place_description=f"Vid {PLANT}", restricted=True,
        reporter=member(org_name=f"Bolag {PLANT}"))
    client.force_login(coordinator)
    page = client.get("/observationer/", {"category": category.pk}).content.decode()
    assert "<img" not in page
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp;"
    rows = page[page.index("<tbody>"):page.index("</tbody>")]
    assert rows.count(escaped) == 4  # category, place, organisation, checkbox label
    when = timezone.localtime(planted.occurred_at).strftime("%Y-%m-%d %H:%M")
    assert f'<a href="/observationer/{planted.pk}/?category={category.pk}">{when}</a>' in page
    assert f'value="{planted.pk}:{planted.revision}"' in page
    assert "Begränsad" in page and f"Markera Kategori {escaped} {when}" in page


def test_a_form_sent_again_with_other_content_keeps_the_first_and_saves_this_one_if_sent_on(
        client, areas, reporter):
    """A browser that kept the page (and its submission id) after the first send: the second,
    changed, is not taken for the first; the page says the first is saved, keeps what was
    typed, and sending on saves it as a new observation."""
    import uuid

    client.force_login(reporter)
    submission = str(uuid.uuid4())
    assert client.post("/observationer/ny/", form_data(submission=submission)).status_code == 302
    again = client.post("/observationer/ny/",
                        form_data(submission=submission, description="Sedan ändrad."))
    page = again.content.decode()
    assert again.status_code == 200 and "redan skickat en gång" in page
    assert "Sedan ändrad." in page and "Idempotency" not in page and submission not in page
    renewed = again.context["form"].data["submission"]
    sent_on = client.post("/observationer/ny/",
                          form_data(submission=renewed, description="Sedan ändrad."))
    assert sent_on.status_code == 302
    assert sorted(Observation.objects.values_list("description", flat=True)) == [
        "Cirka 20 ungdomar.", "Sedan ändrad."]


def test_the_hour_the_clocks_go_back_can_be_logged_and_the_hour_they_skip_is_explained(
        client, areas, reporter, settings):
    settings.OBSERVATION_MAX_AGE_DAYS = 10_000
    client.force_login(reporter)
    twice = client.post("/observationer/ny/", form_data(occurred_at="2025-10-26T02:30"))
    assert twice.status_code == 302, twice.content.decode()[-3000:]
    logged = Observation.objects.get()
    assert timezone.localtime(logged.occurred_at).isoformat() == "2025-10-26T02:30:00+02:00"
    never = client.post("/observationer/ny/", form_data(occurred_at="2025-03-30T02:30"))
    assert never.status_code == 200 and "Den tiden fanns inte" in never.content.decode()


def test_an_edit_refused_says_why_for_the_one_who_asks(client, areas, reporter, guard):
    observation = ObservationFactory(reporter=reporter, area=areas["Råby"],
                                     logged_at=timezone.now() - timedelta(days=30))
    client.force_login(guard)
    refused = client.get(f"/observationer/{observation.pk}/andra/")
    assert refused.status_code == 403
    assert "Du kan bara ändra observationer som du själv har loggat." in refused.content.decode()
    client.force_login(reporter)
    late = client.get(f"/observationer/{observation.pk}/andra/")
    assert late.status_code == 403 and "inte längre" in late.content.decode()


def test_the_log_form_reads_in_english_for_one_who_chose_english(client, reporter, areas):
    client.force_login(reporter)
    client.get("/observationer/ny/")  # a Swedish page first: nothing of it stays in English's
    client.cookies["django_language"] = "en"
    page = client.get("/observationer/ny/").content.decode()
    assert "Do not write names or personal identity numbers. At most 4000 characters." in page
    assert "Skriv inte namn" not in page
