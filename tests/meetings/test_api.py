"""The committee's API: read for partners, write for committee staff, the same rules as the
pages (Swedish 400s on the field, 409 for a stale change, 403 for a reader who writes)."""

import json

import pytest
from rest_framework.test import APIClient

from meetings import services
from meetings.models import Case

from ..conftest import as_user
from .conftest import SECTIONS, draft, held_meeting_with, meeting_on, members, ready

pytestmark = pytest.mark.django_db


def body(committee, **overrides):
    return {"committee": committee.pk, "title": "Medborgarlöfte",
            "office": "Kommunledningskontoret", "officer_name": "Camilla Stark",
            "officer_email": "camilla.stark@example.se", "date": "2022-01-21", **SECTIONS,
            **overrides}


def test_staff_create_a_case_with_its_sections_as_fields(api, staff, committee):
    response = as_user(api, staff).post("/api/v1/cases/", body(committee), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["diarienummer"].startswith("KS ") and data["status"] == "utkast"
    assert data["proposals"] == SECTIONS["proposals"]
    assert data["signatories"] == SECTIONS["signatories"]
    assert data["body"] == SECTIONS["body"]


@pytest.mark.parametrize("number, message", [
    ("KS-22-0091", "Ange diarienumret som serie, år och nummer, till exempel KS 22/0091."),
    ("KS 22/0091", "KS 22/0091 används redan av ärendet ”Medborgarlöfte”."),
])
def test_an_invalid_or_taken_diarienummer_is_a_400_on_the_field(api, staff, committee, number,
                                                                message):
    from meetings import diarium

    draft(staff, committee, diarienummer=diarium.parse("KS 22/0091"))
    response = as_user(api, staff).post("/api/v1/cases/", body(committee, diarienummer=number),
                                        format="json")
    assert response.status_code == 400
    assert message in response.json()["diarienummer"][0]


def test_a_stale_change_is_a_409_with_what_changed(api, staff, committee):
    case = draft(staff, committee)
    client = as_user(api, staff)
    seen = case.revision
    assert client.patch(f"/api/v1/cases/{case.pk}/", {"title": "Ny rubrik", "revision": seen},
                        format="json").status_code == 200
    response = client.patch(f"/api/v1/cases/{case.pk}/", {"title": "Min rubrik",
                                                          "revision": seen}, format="json")
    assert response.status_code == 409
    assert response.json()["changes"]["title"] == ["Medborgarlöfte", "Ny rubrik"]


def test_a_repeated_create_with_its_idempotency_key_makes_one_case(api, staff, committee):
    client = as_user(api, staff)
    first = client.post("/api/v1/cases/", body(committee), format="json",
                        headers={"Idempotency-Key": "abc-1"})
    second = client.post("/api/v1/cases/", body(committee), format="json",
                         headers={"Idempotency-Key": "abc-1"})
    assert first.json() == second.json() and second["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1


def test_a_reader_reads_ready_cases_and_cannot_write(api, staff, committee, police):
    draft(staff, committee, title="Utkastet")
    ready(staff, committee, title="Klart ärende")
    client = as_user(api, police)
    titles = [c["title"] for c in client.get("/api/v1/cases/").json()["results"]]
    assert titles == ["Klart ärende"]
    assert client.post("/api/v1/cases/", body(committee), format="json").status_code == 403
    assert client.post("/api/v1/meetings/", {}, format="json").status_code == 403


def test_a_reporter_sees_no_committee_rows(api, staff, committee, guard):
    ready(staff, committee)
    meeting_on(staff, committee)
    client = as_user(api, guard)
    assert client.get("/api/v1/cases/").json()["results"] == []
    assert client.get("/api/v1/meetings/").json()["results"] == []


def test_the_agenda_is_set_and_the_handlingar_compiled_through_the_api(api, staff, committee):
    client = as_user(api, staff)
    meeting = client.post("/api/v1/meetings/", {
        "committee": committee.pk, "kind": "sammantrade", "starts_at": "2022-02-18T13:00:00+01:00",
        "place": "Kommunhuset"}, format="json")
    assert meeting.status_code == 201, meeting.json()
    url = f"/api/v1/meetings/{meeting.json()['id']}/"
    case = ready(staff, committee)
    assert client.post(url + "agenda/", {"case": case.pk}, format="json").status_code == 201
    refused = client.post(url + "agenda/", {"case": draft(staff, committee, title="U").pk},
                          format="json")
    assert refused.status_code == 400 and "klara" in refused.json()["case"][0]
    client.post(url + "agenda/", {"title": "Lägesbild", "speaker": "Karin"}, format="json")
    agenda = client.get(url).json()["agenda"]
    assert [i["heading"] for i in agenda] == ["Medborgarlöfte", "Lägesbild"]
    assert agenda[0]["diarienummer"] == case.diarienummer
    compile_response = client.post(url + "compile/")
    assert compile_response.status_code == 202
    assert compile_response["Location"].endswith(f"/api/v1/document-jobs/{compile_response.json()['id']}/")


def test_the_protokoll_is_recorded_and_justerat_through_the_api(api, staff, committee, police):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)])
    protocol = services.start_protocol(meeting=meeting, by=staff)
    client = as_user(api, staff)
    url = f"/api/v1/protocols/{protocol.pk}/"
    assert client.patch(url, {"adjuster": members(committee)["Hans Åberg"].pk},
                        format="json").status_code == 200
    paragraph = client.get(url).json()["paragraphs"][0]
    assert paragraph["number"] == 1
    response = client.patch(f"/api/v1/paragraphs/{paragraph['id']}/",
                            {"decision": "bifall", "revision": paragraph["revision"]},
                            format="json")
    assert response.status_code == 200
    assert response.json()["decision_text"] == SECTIONS["proposals"][0]
    reader = as_user(APIClient(), police)
    assert reader.get(url).status_code == 404  # not justerat yet
    adjusted = client.post(url + "adjust/", {"adjusted_on": "2022-02-25"}, format="json")
    assert adjusted.status_code == 200 and adjusted.json()["status"] == "justerat"
    assert adjusted.json()["postings"][0]["appeal_ends_on"] == "2022-03-18"
    read = reader.get(url)
    assert read.status_code == 200 and read.json()["paragraphs"][0]["decision"] == "bifall"
    again = client.post(url + "adjust/", {"adjusted_on": "2022-02-26"}, format="json")
    assert again.status_code == 400 and "justerat" in again.json()["non_field_errors"][0]
    # A correction answers with the new draft version, not the justerat one.
    corrected = client.post(url + "correction/", {"reason": "Rättelse av stavfel"},
                            format="json")
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["version"] == 2 and corrected.json()["status"] == "utkast"
    assert corrected.json()["id"] != protocol.pk


@pytest.mark.parametrize("footnotes", [5, True, "Hej", {"a": "b"}, [{"a": 1}], [["x"]],
                                       ["a\u0000b"], ["\ud800"], ["x" * 2001]])
def test_footnotes_are_a_list_of_texts_or_a_400_on_the_field(api, staff, committee, footnotes):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)])
    protocol = services.start_protocol(meeting=meeting, by=staff)
    response = as_user(api, staff).generic(
        "PATCH", f"/api/v1/protocols/{protocol.pk}/", json.dumps({"footnotes": footnotes}),
        content_type="application/json")
    assert response.status_code == 400 and "footnotes" in response.json(), response.content
    protocol.refresh_from_db()
    assert protocol.footnotes == []


def test_a_blank_diarienummer_takes_the_next_free_number_and_on_a_change_keeps_it(
        api, staff, committee):
    api.force_login(staff)
    body = {"committee": committee.pk, "title": "Trygghetsvandring i Bro", "office": "KLK",
            "officer_name": "Tove", "officer_email": "tove@example.se", "date": "2026-12-01"}
    created = [api.post("/api/v1/cases/", {**body, "diarienummer": blank}, format="json")
               for blank in ("", "   ")]
    assert [r.status_code for r in created] == [201, 201], created[0].content
    first, second = (r.json() for r in created)
    assert first["diarienummer"] and second["diarienummer"] != first["diarienummer"]
    changed = api.patch(f"/api/v1/cases/{first['id']}/",
                        {"diarienummer": "", "revision": first["revision"]}, format="json")
    assert changed.status_code == 200 and changed.json()["diarienummer"] == first["diarienummer"]


def test_a_filter_by_a_row_the_asker_may_not_see_answers_as_for_a_row_that_does_not_exist(
        api, staff, committee, police, guard):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)])
    draft_protocol = services.start_protocol(meeting=meeting, by=staff)
    for user, path, hidden in ((guard, "/api/v1/agenda-items/", {"meeting": meeting.pk}),
                               (police, "/api/v1/paragraphs/",
                                {"protocol": draft_protocol.pk})):
        client = as_user(APIClient(), user)
        [hidden_answer, missing] = [client.get(path, params) for params in (
            hidden, {key: 999_999 for key in hidden})]
        assert hidden_answer.status_code == missing.status_code == 400, hidden_answer.content
        assert hidden_answer.json() == missing.json() != {}
    # Staff, who see the meeting, filter by it.
    listed = as_user(APIClient(), staff).get("/api/v1/agenda-items/", {"meeting": meeting.pk})
    assert listed.status_code == 200 and listed.json()["count"] >= 1


def test_a_taken_last_number_of_a_series_suggests_no_number_past_it(api, staff, committee):
    from meetings import diarium

    draft(staff, committee, diarienummer=diarium.parse("KS 22/9999"))
    response = as_user(api, staff).post("/api/v1/cases/",
                                        body(committee, diarienummer="KS 22/9999"), format="json")
    assert response.status_code == 400
    [message] = response.json()["diarienummer"]
    assert "inga högre nummer kvar" in message and "10000" not in message


def test_a_status_a_case_cannot_take_is_refused_on_the_field_sent(api, staff, committee):
    case = draft(staff, committee)
    response = as_user(api, staff).post(f"/api/v1/cases/{case.pk}/status/", {"to": "utkast"},
                                        format="json")
    assert response.status_code == 400 and list(response.json()) == ["to"], response.json()
