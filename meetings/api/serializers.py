from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from trygghet.api.fields import StrictPrimaryKeyRelatedField
from trygghet.api.serializers import ModelSerializer

from .. import diarium
from ..models import (
    LIST_ITEM_MAX,
    TEXT_MAX,
    AgendaItem,
    Attendance,
    Case,
    CaseAttachment,
    Committee,
    CommitteeMember,
    DocumentJob,
    Meeting,
    Paragraph,
    Posting,
    Protocol,
    Publicity,
)



def list_field(help_text):
    return serializers.ListField(child=serializers.CharField(max_length=LIST_ITEM_MAX),
                                 max_length=30, required=False, help_text=help_text)


class CommitteeMemberSerializer(ModelSerializer):
    class Meta:
        model = CommitteeMember
        fields = ["id", "name", "party", "role", "active"]


class CommitteeSerializer(ModelSerializer):
    members = CommitteeMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "name", "protocol_kept_at", "members"]


class DiarienummerField(serializers.CharField):
    """"KS 22/0091" as typed; blank or left out on create means the next free number, and on a
    change keeps the case's number."""

    def run_validation(self, data=serializers.empty):
        # A blank text would stop at CharField's own check for blanks (as "") before reaching
        # to_internal_value, and be taken as a number.
        if isinstance(data, str) and not data.strip():
            return None
        return super().run_validation(data)

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        if len(text) > 40:
            raise serializers.ValidationError(diarium.INVALID)
        if not text:
            return None
        try:
            return diarium.parse(text)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["diarienummer"]) from None

    def to_representation(self, value):
        return str(value)


class SignatorySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    title = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class AttachmentSerializer(ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = CaseAttachment
        fields = ["id", "title", "kind", "size", "url"]

    def get_url(self, attachment) -> str:
        return reverse("meetings:attachment-download", args=[attachment.case_id, attachment.pk])


class CaseSerializer(ModelSerializer):
    """A case and its tjänsteskrivelse, each section a field of its own."""

    diarienummer = DiarienummerField(
        required=False, allow_blank=True,
        help_text=_("Till exempel KS 22/0091. Utelämnat vid skapande: nästa lediga nummer."))
    committee = StrictPrimaryKeyRelatedField(queryset=Committee.objects.all())
    proposals = list_field(_("Förslag till beslut, i ordning."))
    decision_basis = list_field(_("Beslutsunderlag."))
    send_to = list_field(_("Beslut sänds till."))
    signatories = SignatorySerializer(many=True, required=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    child_perspective = serializers.CharField(required=False, allow_blank=True,
                                              max_length=TEXT_MAX)
    body = serializers.CharField(
        required=False, allow_blank=True, max_length=100000,
        help_text=_("Ärendet som HTML (rubriker h3–h4, stycken, listor); saneras när det "
                    "sparas. Ren text blir stycken."))
    attachments = AttachmentSerializer(many=True, read_only=True)
    revision = serializers.IntegerField(
        required=False, min_value=0,
        help_text=_("Ärendets revision när du läste det. Har det ändrats sedan dess avvisas "
                    "ändringen med 409."))

    class Meta:
        model = Case
        fields = ["id", "diarienummer", "committee", "title", "office", "officer_name",
                  "officer_email", "date", "their_reference", "proposals", "summary",
                  "decision_basis", "body", "child_perspective", "signatories", "send_to",
                  "attachments", "status", "revision", "created_at", "updated_at"]
        read_only_fields = ["status", "created_at", "updated_at"]

    def to_representation(self, case):
        data = super().to_representation(case)
        data["diarienummer"] = case.diarienummer
        return data


class CaseListSerializer(ModelSerializer):
    diarienummer = serializers.CharField(read_only=True)

    class Meta:
        model = Case
        fields = ["id", "diarienummer", "title", "status", "date", "office", "officer_name"]


class CaseStatusSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=[Case.Status.READY, Case.Status.DRAFT])
    revision = serializers.IntegerField(required=False, min_value=0)


class AgendaItemSerializer(ModelSerializer):
    case = StrictPrimaryKeyRelatedField(queryset=Case.objects.all(), required=False,
                                        allow_null=True)
    diarienummer = serializers.CharField(source="case.diarienummer", read_only=True,
                                         default=None)
    heading = serializers.CharField(read_only=True)
    embed_report = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text=_("Informationspunkt: visa nyckeltalen ur den senaste publicerade "
                    "lägesbilden."))
    report_figures = serializers.JSONField(read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "position", "kind", "case", "diarienummer", "heading",
                  "title", "speaker", "notes", "publicity", "embed_report", "report_figures"]
        read_only_fields = ["meeting", "position", "kind"]


class AgendaItemCreateSerializer(serializers.Serializer):
    case = StrictPrimaryKeyRelatedField(queryset=Case.objects.all(), required=False,
                                        allow_null=True,
                                        help_text=_("Ett klart ärende; utelämnat för en "
                                                    "informationspunkt."))
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    speaker = serializers.CharField(max_length=200, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    embed_report = serializers.BooleanField(required=False, default=False)
    publicity = serializers.ChoiceField(choices=Publicity.choices, default=Publicity.PUBLIC)


class MoveSerializer(serializers.Serializer):
    up = serializers.BooleanField(help_text=_("true: ett steg upp; false: ett steg ned."))


class MeetingSerializer(ModelSerializer):
    committee = StrictPrimaryKeyRelatedField(queryset=Committee.objects.all())
    title = serializers.CharField(read_only=True)
    agenda = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "committee", "title", "kind", "starts_at", "ends_at", "place", "status",
                  "handlingar_published_at", "agenda"]
        read_only_fields = ["status", "handlingar_published_at"]

    def get_agenda(self, meeting) -> list[dict]:
        items = self.context.get("agenda", {}).get(meeting.pk, [])
        return AgendaItemSerializer(items, many=True, context=self.context).data


class MeetingActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["call", "held", "publish"], help_text=_(
        "call: kallat; held: genomfört; publish: publicera handlingarna."))


class AttendanceSerializer(ModelSerializer):
    serving_for = serializers.CharField(source="serving_for.name", read_only=True, default=None)

    class Meta:
        model = Attendance
        fields = ["id", "name", "party", "role", "presence", "serving_for"]


class ParagraphSerializer(ModelSerializer):
    diarienummer = serializers.CharField(source="case.diarienummer", read_only=True,
                                         default=None)
    revision = serializers.IntegerField(required=False, min_value=0)

    class Meta:
        model = Paragraph
        fields = ["id", "protocol", "number", "title", "case", "diarienummer", "speaker", "notes",
                  "decision", "decision_text", "motions", "reservations", "publicity",
                  "adjusted_on", "revision"]
        read_only_fields = ["protocol", "number", "title", "case", "speaker", "publicity",
                            "adjusted_on"]


class PostingSerializer(ModelSerializer):
    paragraph = serializers.IntegerField(source="paragraph.number", read_only=True, default=None)

    class Meta:
        model = Posting
        fields = ["id", "protocol", "paragraph", "adjusted_on", "posted_on", "appeal_ends_on",
                  "kept_at"]


class ProtocolSerializer(ModelSerializer):
    attendance = AttendanceSerializer(many=True, read_only=True)
    # A list of texts, each checked as any text is (no NUL, no lone surrogate, a length).
    footnotes = serializers.ListField(
        child=serializers.CharField(max_length=2000, allow_blank=True), required=False,
        max_length=100)
    paragraphs = serializers.SerializerMethodField()
    postings = PostingSerializer(many=True, read_only=True)
    adjuster = StrictPrimaryKeyRelatedField(queryset=CommitteeMember.objects.all(),
                                            required=False, allow_null=True)
    revision = serializers.IntegerField(required=False, min_value=0)

    class Meta:
        model = Protocol
        fields = ["id", "meeting", "version", "status", "opening", "others_present", "adjuster",
                  "adjustment_place", "footnotes", "correction_reason", "adjusted_on",
                  "published_at", "attendance", "paragraphs", "postings", "revision"]
        read_only_fields = ["meeting", "version", "status", "correction_reason", "adjusted_on",
                            "published_at"]

    def get_paragraphs(self, protocol) -> list[dict]:
        visible = self.context["paragraphs"].get(protocol.pk, [])
        return ParagraphSerializer(visible, many=True, context=self.context).data


class AdjustSerializer(serializers.Serializer):
    adjusted_on = serializers.DateField()
    posted_on = serializers.DateField(required=False, allow_null=True, default=None)


class CorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_MAX)


class DocumentJobSerializer(ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = DocumentJob
        fields = ["id", "meeting", "variant", "state", "steps_done", "steps_total", "pages",
                  "not_appended", "error", "requested_at", "finished_at", "download"]

    def get_download(self, job) -> str | None:
        if not job.is_done:
            return None
        return reverse("meetings:documentjob-pdf", args=[job.meeting_id, job.pk])
