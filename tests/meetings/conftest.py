from datetime import date, datetime

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Committee, CommitteeMember


@pytest.fixture
def committee(staff):
    committee = services.save_committee(
        committee=Committee(name="Trygghetsutskottet", protocol_kept_at="Kommunledningskontoret"),
        by=staff)
    for name, party, role in [("Maria Lind", "M", "ordforande"),
                              ("Hans Åberg", "L", "vice_ordforande"),
                              ("Erik Sandberg", "S", "ledamot"),
                              ("Lena Holm", "C", "ersattare"),
                              ("Sara Sekreterare", "", "sekreterare")]:
        services.save_committee_member(
            member=CommitteeMember(committee=committee, name=name, party=party, role=role),
            by=staff)
    return committee


def members(committee):
    return {m.name: m for m in committee.members.all()}


SECTIONS = {
    "proposals": ["Trygghetsutskottet ger kommundirektör i uppdrag att ta fram förslag på "
                  "medborgarlöfte tillsammans med lokalpolisområde Järfälla Upplands-Bro."],
    "summary": "Ett medborgarlöfte är ett åtagande gentemot medborgarna.",
    "decision_basis": ["Kommunledningskontorets tjänsteskrivelse den 21 januari 2022."],
    "body": "<p>Medborgarlöften är en del av Polismyndighetens styrmodell.</p>",
    "child_perspective": "En tryggare plats för barn och unga att växa upp på.",
    "signatories": [{"name": "Ida Texell", "title": "Kommundirektör"}],
    "send_to": ["Lokalpolisområdeschef"],
}


def draft(staff, committee, **overrides):
    fields = {"committee": committee, "title": "Medborgarlöfte",
              "office": "Kommunledningskontoret", "officer_name": "Camilla Stark",
              "officer_email": "camilla.stark@example.se", "date": date(2022, 1, 21),
              **SECTIONS, **overrides}
    return services.create_case(by=staff, **fields)


def ready(staff, committee, **overrides):
    case = draft(staff, committee, **overrides)
    return services.change_case_status(case=case, by=staff, to="klar")


def meeting_on(staff, committee, when=None, kind="sammantrade"):
    when = when or timezone.make_aware(datetime(2022, 2, 18, 13, 0))
    return services.create_meeting(by=staff, committee=committee, kind=kind, starts_at=when,
                                   place="Kommunhuset, Kungsängen")


def held_meeting_with(staff, committee, cases, when=None, information=()):
    meeting = meeting_on(staff, committee, when)
    for case in cases:
        services.add_case_to_agenda(meeting=meeting, by=staff, case=case)
    for title in information:
        services.add_information_point(meeting=meeting, by=staff, title=title, speaker="Rafif")
    services.call_meeting(meeting=meeting, by=staff)
    services.mark_meeting_held(meeting=meeting, by=staff)
    return meeting
