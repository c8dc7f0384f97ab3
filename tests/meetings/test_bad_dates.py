"""Any date or time typed into the committee's pages or sent to its API (year 1, 9999-12-31,
garbage) is a Swedish field error, never a 5xx or a row no page can show."""

import pytest

from meetings import services
from meetings.models import Case, Meeting

from ..conftest import as_user
from .conftest import held_meeting_with, ready
from .test_api import body

pytestmark = pytest.mark.django_db

RANGE = "Ange ett datum mellan 2000-01-01 och 2100-12-31."
DAYS = ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"]


@pytest.mark.parametrize("day", DAYS)
def test_a_case_dated_outside_the_years_a_case_can_have_is_a_field_error(
        api, client, staff, committee, day):
    response = as_user(api, staff).post("/api/v1/cases/", body(committee, date=day),
                                        format="json")
    assert response.status_code == 400 and response.json()["date"] == [RANGE]
    case = ready(staff, committee)
    response = api.patch(f"/api/v1/cases/{case.pk}/", {"date": day, "revision": case.revision},
                         format="json")
    assert response.status_code == 400 and response.json()["date"] == [RANGE]
    assert not Case.objects.exclude(date__year=2022).exists()


@pytest.mark.parametrize("moment", ["0001-01-01T10:00:00Z", "0001-01-01T00:00:00+01:00",
                                    "9999-12-31T10:00:00Z", "9999-12-31T23:59:59-12:00",
                                    "1999-12-31T10:00:00+01:00"])
def test_a_meeting_at_an_impossible_time_is_a_field_error_through_the_api(
        api, staff, committee, moment):
    response = as_user(api, staff).post("/api/v1/meetings/", {
        "committee": committee.pk, "kind": "sammantrade", "starts_at": moment,
        "place": "Kommunhuset"}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["starts_at"], response.json()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2101-01-01", "igår"])
def test_justering_posted_on_an_impossible_day_is_a_field_error(api, client, staff, committee,
                                                                  day):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)])
    protocol = services.start_protocol(meeting=meeting, by=staff)
    response = as_user(api, staff).post(f"/api/v1/protocols/{protocol.pk}/adjust/", {
        "adjusted_on": "2022-02-25", "posted_on": day}, format="json")
    assert response.status_code == 400 and response.json()["posted_on"], response.content
    client.force_login(staff)
    page = client.post(
        f"/utskott/moten/{meeting.pk}/protokoll/{protocol.pk}/justera/",
        {"adjusted_on": "2022-02-25", "posted_on": day})
    assert page.status_code == 400
    assert "Ange ett datum" in page.content.decode()
    paragraph = protocol.paragraphs.get()
    response = api.post(f"/api/v1/paragraphs/{paragraph.pk}/adjust/", {
        "adjusted_on": "2022-02-25", "posted_on": day}, format="json")
    assert response.status_code == 400 and response.json()["posted_on"], response.content
    protocol.refresh_from_db()
    assert protocol.status == "utkast" and not protocol.postings.exists()


@pytest.mark.parametrize("day", DAYS + ["2022-02-30", "garbage"])
def test_the_meeting_and_case_pages_answer_an_impossible_date_with_a_swedish_error(
        client, staff, committee, day):
    client.force_login(staff)
    response = client.post("/utskott/moten/nytt/", {
        "committee": committee.pk, "kind": "sammantrade", "date": day, "starts": "13:00",
        "place": "Kommunhuset"})
    assert response.status_code == 400 and "Ange ett datum" in response.content.decode()
    response = client.post("/utskott/arenden/nytt/", {
        **body(committee, date=day), "proposals": "Förslag", "decision_basis": "",
        "signatories": "", "send_to": ""})
    assert response.status_code == 400 and "Ange ett datum" in response.content.decode()


def test_a_refused_omedelbar_justering_keeps_the_typed_dates_and_says_why(client, staff,
                                                                          committee):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)])
    protocol = services.start_protocol(meeting=meeting, by=staff)
    paragraph = protocol.paragraphs.get()
    url = (f"/utskott/moten/{meeting.pk}/protokoll/{protocol.pk}/paragrafer/{paragraph.pk}/"
           f"justera/")
    client.force_login(staff)
    # An impossible day, and then a paragraph whose decision is not written yet.
    for dates, reason in (({"immediate-adjusted_on": "2022-02-25",
                            "immediate-posted_on": "2101-01-01"}, "Ange ett datum"),
                          ({"immediate-adjusted_on": "2022-02-24",
                            "immediate-posted_on": "2022-02-26"}, "Skriv beslutet")):
        page = client.post(url, dates)
        assert page.status_code == 400
        text = page.content.decode()
        assert "Paragrafen justerades inte:" in text and reason in text
        for value in dates.values():
            assert f'value="{value}"' in text
    paragraph.refresh_from_db()
    assert paragraph.adjusted_on is None
