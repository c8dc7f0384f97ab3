"""Meetings, agendas and protokoll: § numbers through the year, justering, anslag, corrections."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import appeal, services
from meetings.models import AgendaItem, Case, Meeting, Paragraph, Posting, Protocol
from trygghet.errors import DomainError

from .conftest import held_meeting_with, meeting_on, members, ready

pytestmark = pytest.mark.django_db


def at(y, m, d, h=13):
    return timezone.make_aware(datetime(y, m, d, h))


def decide_all(staff, protocol):
    for paragraph in protocol.paragraphs.all():
        services.record_paragraph(paragraph=paragraph, by=staff,
                                  decision="bifall" if paragraph.case_id else "noterat")


def adjusted(staff, committee, protocol, on=None):
    services.update_protocol(protocol=protocol, by=staff,
                             adjuster=members(committee)["Hans Åberg"])
    decide_all(staff, protocol)
    return services.adjust_protocol(protocol=protocol, by=staff,
                                    adjusted_on=on or protocol.meeting.date + timedelta(days=7))


def test_only_ready_cases_go_on_the_agenda_and_then_say_so(staff, committee):
    meeting = meeting_on(staff, committee)
    from .conftest import draft

    with pytest.raises(DomainError, match="klara"):
        services.add_case_to_agenda(meeting=meeting, by=staff, case=draft(staff, committee))
    case = ready(staff, committee, title="Klart ärende")
    services.add_case_to_agenda(meeting=meeting, by=staff, case=case)
    case.refresh_from_db()
    assert case.status == "dagordning"
    with pytest.raises(DomainError, match="klara"):
        services.add_case_to_agenda(meeting=meeting, by=staff, case=case)


def test_agenda_items_keep_their_order_when_moved_and_removed(staff, committee, areas):
    meeting = meeting_on(staff, committee)
    first = services.add_case_to_agenda(meeting=meeting, by=staff, case=ready(staff, committee))
    info = services.add_information_point(meeting=meeting, by=staff, title="Lägesbild",
                                          speaker="Rafif Makboul Kaleem")
    services.move_agenda_item(item=info, by=staff, up=True)
    assert [i.heading for i in meeting.agenda_items.all()] == ["Lägesbild", "Medborgarlöfte"]
    with pytest.raises(DomainError, match="först"):
        services.move_agenda_item(item=info, by=staff, up=True)
    services.remove_agenda_item(item=info, by=staff)
    assert list(meeting.agenda_items.values_list("position", flat=True)) == [1]
    services.remove_agenda_item(item=AgendaItem.objects.get(pk=first.pk), by=staff)
    assert Case.objects.get().status == "klar"


def test_an_information_point_embeds_the_latest_published_lagesbild(staff, committee, areas,
                                                                    coordinator):
    from observations.situation import services as situation

    meeting = meeting_on(staff, committee)
    with pytest.raises(DomainError, match="publicerad lägesbild"):
        services.add_information_point(meeting=meeting, by=staff, title="Läget",
                                       embed_report=True)
    report = situation.compile_now(year=2026, week=40, by=coordinator).report
    situation.publish_report(report=report, by=coordinator, analysis="Lugnt.",
                             recommendations="")
    newer = situation.compile_now(year=2026, week=41, by=coordinator).report  # not published
    item = services.add_information_point(meeting=meeting, by=staff, title="Läget",
                                          embed_report=True)
    assert item.situation_report == report and newer != report
    assert item.report_figures == {"year": 2026, "week": 40, "version": 1, "count": 0,
                                   "previous": 0, "mean4": 0.0, "serious": 0, "open": 0}


def test_paragraph_numbers_run_on_through_the_committees_year(staff, committee):
    first = held_meeting_with(staff, committee, [ready(staff, committee, title=f"A{i}")
                                                 for i in range(3)], when=at(2022, 2, 18))
    second = held_meeting_with(staff, committee, [ready(staff, committee, title="B")],
                               when=at(2022, 3, 18), information=["Information"])
    next_year = held_meeting_with(staff, committee, [ready(staff, committee, title="C")],
                                  when=at(2023, 1, 20))
    numbers = [[p.number for p in services.start_protocol(meeting=m, by=staff).paragraphs.all()]
               for m in (first, second, next_year)]
    assert numbers == [[1, 2, 3], [4, 5], [1]]


def test_minutes_of_an_information_meeting_take_no_paragraph_numbers(staff, committee):
    meeting = services.create_meeting(by=staff, committee=committee, kind="informationsmote",
                                      starts_at=at(2020, 4, 3), place="Kommunhuset")
    services.add_information_point(meeting=meeting, by=staff, title="Trygghetsinsatser")
    services.call_meeting(meeting=meeting, by=staff)
    services.mark_meeting_held(meeting=meeting, by=staff)
    protocol = services.start_protocol(meeting=meeting, by=staff)
    assert [p.number for p in protocol.paragraphs.all()] == [None]
    services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=date(2020, 4, 6))
    assert not Posting.objects.exists()


def test_a_meeting_not_yet_held_has_no_protokoll(staff, committee):
    meeting = meeting_on(staff, committee, when=timezone.now() + timedelta(days=3))
    services.add_case_to_agenda(meeting=meeting, by=staff, case=ready(staff, committee))
    services.call_meeting(meeting=meeting, by=staff)
    with pytest.raises(DomainError, match="inte börjat"):
        services.mark_meeting_held(meeting=meeting, by=staff)
    with pytest.raises(DomainError, match="genomfört"):
        services.start_protocol(meeting=meeting, by=staff)


def test_the_attendance_starts_from_the_committee_and_an_ersattare_serves_for_an_absent_member(
        staff, committee):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)])
    protocol = services.start_protocol(meeting=meeting, by=staff)
    rows = {a.name: a for a in protocol.attendance.all()}
    assert [a.name for a in protocol.attendance.all()][:2] == ["Maria Lind", "Hans Åberg"]
    assert rows["Lena Holm"].presence == "franvarande" and rows["Erik Sandberg"].presence == "narvarande"
    who = members(committee)
    with pytest.raises(ValidationError, match="markerad som närvarande"):
        services.set_attendance(protocol=protocol, by=staff, rows=[
            {"attendance": rows["Lena Holm"].pk, "presence": "tjanstgorande",
             "serving_for": who["Erik Sandberg"]}])
    services.set_attendance(protocol=protocol, by=staff, rows=[
        {"attendance": rows["Erik Sandberg"].pk, "presence": "franvarande", "serving_for": None},
        {"attendance": rows["Lena Holm"].pk, "presence": "tjanstgorande",
         "serving_for": who["Erik Sandberg"]}])
    lena = protocol.attendance.get(name="Lena Holm")
    assert lena.presence == "tjanstgorande" and lena.serving_for == who["Erik Sandberg"]


def test_adopting_the_proposal_records_it_as_the_decision(staff, committee):
    case = ready(staff, committee, proposals=["Ett.", "Två."])
    protocol = services.start_protocol(
        meeting=held_meeting_with(staff, committee, [case]), by=staff)
    paragraph = protocol.paragraphs.get()
    services.record_paragraph(paragraph=paragraph, by=staff, decision="bifall",
                              motions="Hans Åberg (L) yrkar bifall till förslaget.")
    paragraph.refresh_from_db()
    assert paragraph.decision_text == "1. Ett.\n2. Två."
    with pytest.raises(ValidationError, match="ändrade beslutet"):
        services.record_paragraph(paragraph=paragraph, by=staff, decision="andrat",
                                  revision=paragraph.revision)


def test_justering_locks_the_protokoll_decides_its_cases_and_posts_the_anslag(staff, committee):
    case = ready(staff, committee)
    meeting = held_meeting_with(staff, committee, [case], when=at(2022, 2, 18))
    protocol = services.start_protocol(meeting=meeting, by=staff)
    with pytest.raises(ValidationError, match="justerare"):
        services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=date(2022, 2, 25))
    services.update_protocol(protocol=protocol, by=staff,
                             adjuster=members(committee)["Hans Åberg"])
    with pytest.raises(DomainError, match="Beslut saknas"):
        services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=date(2022, 2, 25))
    decide_all(staff, protocol)
    services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=date(2022, 2, 25))
    protocol.refresh_from_db()
    meeting.refresh_from_db()
    case.refresh_from_db()
    assert protocol.status == "justerat" and protocol.adjusted_by == staff
    assert meeting.status == "justerat" and case.status == "beslutad"
    posting = Posting.objects.get()
    # Posted on the day of justering, a Friday; three weeks on is Friday 18 March.
    assert (posting.posted_on, posting.appeal_ends_on) == (date(2022, 2, 25), date(2022, 3, 18))
    assert posting.kept_at == "Kommunledningskontoret"
    with pytest.raises(DomainError, match="justerat"):
        services.record_paragraph(paragraph=protocol.paragraphs.get(), by=staff, notes="Sent")


def test_justering_after_fourteen_days_is_allowed_and_noted(staff, committee):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)], when=at(2022, 2, 18))
    protocol = adjusted(staff, committee, services.start_protocol(meeting=meeting, by=staff),
                        on=date(2022, 3, 10))
    assert protocol.adjusted_on > protocol.adjust_by == date(2022, 3, 4)
    from trygghet.models import AuditEntry

    assert AuditEntry.objects.filter(verb="protocol.adjusted").get().changes["late"] is True


def test_justering_cannot_be_dated_before_the_meeting_or_in_the_future(staff, committee):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)], when=at(2022, 2, 18))
    protocol = services.start_protocol(meeting=meeting, by=staff)
    services.update_protocol(protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"])
    decide_all(staff, protocol)
    with pytest.raises(ValidationError, match="före mötet"):
        services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=date(2022, 2, 17))
    with pytest.raises(ValidationError, match="framtiden"):
        services.adjust_protocol(protocol=protocol, by=staff,
                                 adjusted_on=timezone.localdate() + timedelta(days=1))


def test_a_correction_after_justering_is_a_new_version(staff, committee):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)], when=at(2022, 2, 18))
    first = adjusted(staff, committee, services.start_protocol(meeting=meeting, by=staff))
    with pytest.raises(ValidationError, match="Skriv vad som rättas"):
        services.start_correction(protocol=first, by=staff, reason=" ")
    second = services.start_correction(protocol=first, by=staff,
                                       reason="Fel namn på justeraren i § 1.")
    assert (second.version, second.status) == (2, "utkast")
    assert [p.number for p in second.paragraphs.all()] == [p.number for p in first.paragraphs.all()]
    services.record_paragraph(paragraph=second.paragraphs.get(), by=staff, decision="bifall",
                              notes="Rättad anteckning.")
    first.refresh_from_db()
    assert first.status == "justerat" and first.paragraphs.get().notes == ""
    with pytest.raises(DomainError, match="nyare version"):
        services.start_correction(protocol=first, by=staff, reason="Igen")
    services.adjust_protocol(protocol=second, by=staff, adjusted_on=date(2022, 3, 1))
    assert Protocol.objects.filter(meeting=meeting, status="justerat").count() == 2
    assert Posting.objects.count() == 2


def test_omedelbar_justering_locks_one_paragraph_and_posts_it(staff, committee):
    urgent, other = ready(staff, committee, title="Brådskande"), ready(staff, committee, title="Annat")
    meeting = held_meeting_with(staff, committee, [urgent, other], when=at(2022, 2, 18))
    protocol = services.start_protocol(meeting=meeting, by=staff)
    paragraph = protocol.paragraphs.get(case=urgent)
    with pytest.raises(DomainError, match="Skriv beslutet"):
        services.adjust_paragraph(paragraph=paragraph, by=staff, adjusted_on=date(2022, 2, 18))
    services.record_paragraph(paragraph=paragraph, by=staff, decision="bifall")
    posting = services.adjust_paragraph(paragraph=paragraph, by=staff,
                                        adjusted_on=date(2022, 2, 18))
    assert posting.paragraph == paragraph and posting.appeal_ends_on == date(2022, 3, 11)
    urgent.refresh_from_db()
    other.refresh_from_db()
    assert urgent.status == "beslutad" and other.status == "dagordning"
    with pytest.raises(DomainError, match="omedelbart justerad"):
        services.record_paragraph(paragraph=paragraph, by=staff, notes="Ändring")
    assert Paragraph.objects.get(pk=paragraph.pk).locked


@pytest.mark.parametrize("posted, last_day", [
    (date(2022, 2, 25), date(2022, 3, 18)),   # a Friday three weeks on
    (date(2022, 3, 5), date(2022, 3, 28)),    # three weeks on is a Saturday: Monday
    (date(2022, 12, 3), date(2022, 12, 27)),  # Christmas Eve, Christmas, Boxing Day
    (date(2023, 3, 17), date(2023, 4, 11)),   # Good Friday to Easter Monday
    (date(2022, 6, 3), date(2022, 6, 27)),    # midsommarafton and midsommardagen
])
def test_the_appeal_period_is_three_weeks_and_ends_on_a_working_day(posted, last_day):
    assert appeal.appeal_ends_on(posted) == last_day


def test_the_meeting_title_reads_as_in_the_handlingar(staff, committee):
    meeting = meeting_on(staff, committee)
    assert meeting.title == "Trygghetsutskottets sammanträde den 18 februari 2022"
    assert Meeting.objects.get().status == "planerat"
