"""The committee's models, one module per aggregate: the committee and its meetings, cases
(ärenden) with their tjänsteskrivelse and attachments, the agenda, the protokoll with its
paragraphs and anslag, and the compiled documents."""

from .agenda import AgendaItem, Publicity
from .cases import BODY_MAX, LIST_ITEM_MAX, TEXT_MAX, Case, CaseAttachment, CaseNumberCounter
from .committees import Committee, CommitteeMember, Meeting
from .documents import DocumentJob
from .protocols import Attendance, Paragraph, Posting, Protocol

__all__ = [
    "BODY_MAX", "LIST_ITEM_MAX", "TEXT_MAX", "AgendaItem", "Attendance", "Case", "CaseAttachment", "CaseNumberCounter", "Committee",
    "CommitteeMember", "DocumentJob", "Meeting", "Paragraph", "Posting", "Protocol", "Publicity",
]
