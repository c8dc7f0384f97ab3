"""Every write to the committee's rows: the pages, the API, the tasks and the demo loader call
these. Each change of state writes one audit entry in its own transaction. One module per
aggregate; the names are gathered here."""

from .cases import (
    add_attachment,
    change_case_status,
    create_case,
    next_free_number,
    remove_attachment,
    update_case,
)
from .documents import mark_job_failed, queue_handlingar, recompile_outdated, run_handlingar
from .meetings import (
    add_case_to_agenda,
    add_information_point,
    call_meeting,
    create_meeting,
    mark_meeting_held,
    move_agenda_item,
    publish_handlingar,
    remove_agenda_item,
    save_committee,
    save_committee_member,
    update_agenda_item,
    update_meeting,
)
from .protocols import (
    adjust_paragraph,
    adjust_protocol,
    publish_protocol,
    record_paragraph,
    set_attendance,
    start_correction,
    start_protocol,
    update_protocol,
)

__all__ = [
    "add_attachment", "add_case_to_agenda", "add_information_point", "adjust_paragraph",
    "adjust_protocol", "call_meeting", "change_case_status", "create_case", "create_meeting",
    "mark_job_failed", "mark_meeting_held", "move_agenda_item", "next_free_number",
    "publish_handlingar", "publish_protocol", "queue_handlingar", "recompile_outdated",
    "record_paragraph", "remove_agenda_item", "remove_attachment", "run_handlingar",
    "save_committee",
    "save_committee_member", "set_attendance", "start_correction", "start_protocol",
    "update_agenda_item", "update_case", "update_meeting", "update_protocol",
]
