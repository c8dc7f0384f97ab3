from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement
from observations.interventions.models import InterventionType
from observations.models import Category
from trygghet.api.fields import StrictPrimaryKeyRelatedField
from trygghet.api.serializers import DateTimeField, ModelSerializer
from trygghet.models import Area

from ..models import (
    BACKGROUND_MAX,
    COMMITMENT_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Commitment,
    Dialogue,
    Finding,
    FollowUp,
    Promise,
)

REVISION_HELP = _("Revisionen när du läste den. Har den ändrats sedan dess avvisas ändringen "
                  "med 409.")


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(help_text="Insatser genomförda that count.")
    planned = serializers.IntegerField(help_text="Planned or ongoing insatser that would count "
                                                 "once done.")
    target = serializers.IntegerField()
    percent = serializers.IntegerField()
    reached = serializers.BooleanField()


class CommitmentSerializer(ModelSerializer):
    types = StrictPrimaryKeyRelatedField(many=True, queryset=InterventionType.objects.all(),
                                         required=False)
    areas = StrictPrimaryKeyRelatedField(many=True, queryset=Area.objects.named(),
                                         required=False)
    progress = serializers.SerializerMethodField(
        help_text="For a countable commitment: counted from the insatser now. Null for a "
                  "qualitative one, which has an assessment instead.")
    revision = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                        help_text=REVISION_HELP)

    class Meta:
        model = Commitment
        fields = ["id", "text", "kind", "target", "types", "areas", "period_start",
                  "period_end", "joint", "assessment", "progress", "revision"]
        read_only_fields = ["assessment"]
        extra_kwargs = {"text": {"max_length": COMMITMENT_MAX}}

    @extend_schema_field(ProgressSerializer(allow_null=True))
    def get_progress(self, commitment):
        figures = self.context.get("progress", {}).get(commitment.pk)
        if figures is None:
            return None
        return {"done": figures.done, "planned": figures.planned, "target": figures.target,
                "percent": figures.percent, "reached": figures.reached}


class CommitmentFollowUpSerializer(ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "commitment", "written_on", "text", "public", "author", "created_at"]


class PromiseSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:promise-detail")
    page = serializers.SerializerMethodField()
    public_page = serializers.SerializerMethodField(
        help_text="The public page without login, once the promise is adopted.")
    agreement = StrictPrimaryKeyRelatedField(queryset=Agreement.objects.all())
    areas = StrictPrimaryKeyRelatedField(many=True, queryset=Area.objects.named(),
                                         required=False, help_text=_("Fokusområdenas id:n."))
    commitments = CommitmentSerializer(many=True, read_only=True)
    revision = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                        help_text=REVISION_HELP)

    class Meta:
        model = Promise
        fields = ["id", "url", "page", "public_page", "agreement", "title", "period_start",
                  "period_end", "background", "areas", "status", "adopted_on", "commitments",
                  "revision"]
        read_only_fields = ["status", "adopted_on"]
        extra_kwargs = {"background": {"max_length": BACKGROUND_MAX},
                        "title": {"max_length": TITLE_MAX}}

    def get_page(self, promise) -> str:
        return reverse("promises:promise-detail", args=[promise.pk])

    def get_public_page(self, promise) -> str | None:
        return reverse("promises:public-detail", args=[promise.pk]) if promise.is_public else None


class PromiseDetailSerializer(PromiseSerializer):
    follow_ups = serializers.SerializerMethodField(
        help_text="Every follow-up of the promise's commitments, public and internal.")

    class Meta(PromiseSerializer.Meta):
        fields = PromiseSerializer.Meta.fields + ["follow_ups"]

    def get_follow_ups(self, promise) -> list[dict]:
        rows = FollowUp.objects.visible_to(self.context["request"].user).filter(
            commitment__promise=promise).select_related("author").order_by("-written_on", "-id")
        return CommitmentFollowUpSerializer(rows, many=True).data


class StatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Promise.Status.choices)
    revision = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class FollowUpInputSerializer(serializers.Serializer):
    commitment = StrictPrimaryKeyRelatedField(queryset=Commitment.objects.all())
    text = serializers.CharField(max_length=TEXT_MAX)
    public = serializers.BooleanField(required=False, default=False)
    written_on = serializers.DateField(required=False)


class AssessmentInputSerializer(serializers.Serializer):
    commitment = StrictPrimaryKeyRelatedField(queryset=Commitment.objects.all())
    assessment = serializers.ChoiceField(choices=Commitment.Assessment.choices)
    revision = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class FindingSerializer(ModelSerializer):
    """A finding; once logged, its words are its observation's (read from there)."""

    category = StrictPrimaryKeyRelatedField(queryset=Category.objects.filter(active=True))

    class Meta:
        model = Finding
        fields = ["id", "text", "category", "place_description", "restricted", "observation"]
        read_only_fields = ["observation"]
        extra_kwargs = {"text": {"allow_blank": False, "required": True}}

    def to_representation(self, finding):
        data = super().to_representation(finding)
        if finding.is_logged:
            data["text"], data["place_description"] = finding.shown_text, finding.shown_place
        return data


class DialogueSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:dialogue-detail")
    page = serializers.SerializerMethodField()
    held_at = DateTimeField()
    area = StrictPrimaryKeyRelatedField(queryset=Area.objects.named(), required=False,
                                        allow_null=True)
    promise = StrictPrimaryKeyRelatedField(queryset=Promise.objects.all(), required=False,
                                           allow_null=True)
    walk_findings = FindingSerializer(many=True, read_only=True, source="visible_findings",
                                      help_text=_("Fynden den som frågar får se: ett loggat "
                                                  "fynd syns som sin observation."))
    revision = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                        help_text=REVISION_HELP)

    class Meta:
        model = Dialogue
        fields = ["id", "url", "page", "kind", "title", "held_at", "area", "latitude",
                  "longitude", "participants", "findings", "promise", "walk_findings",
                  "revision"]
        extra_kwargs = {"findings": {"max_length": TEXT_MAX}}

    def get_page(self, dialogue) -> str:
        return reverse("promises:dialogue-detail", args=[dialogue.pk])
