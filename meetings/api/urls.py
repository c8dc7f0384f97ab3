from .views import (
    AgendaItemViewSet,
    CaseViewSet,
    CommitteeViewSet,
    DocumentJobViewSet,
    MeetingViewSet,
    ParagraphViewSet,
    PostingViewSet,
    ProtocolViewSet,
)

routes = [
    ("committees", CommitteeViewSet, "committee"),
    ("meetings", MeetingViewSet, "meeting"),
    ("cases", CaseViewSet, "case"),
    ("agenda-items", AgendaItemViewSet, "agenda-item"),
    ("protocols", ProtocolViewSet, "protocol"),
    ("paragraphs", ParagraphViewSet, "paragraph"),
    ("postings", PostingViewSet, "posting"),
    ("document-jobs", DocumentJobViewSet, "document-job"),
]
