from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from observations.models import Observation
from trygghet.api.fields import StrictPrimaryKeyRelatedField
from trygghet.api.serializers import ModelSerializer
from trygghet.models import Area, Organisation

from ..agenda import build
from ..models import (
    DECISION_MAX, NOTES_MAX, TEXT_MAX, TITLE_MAX, Decision, EstMeeting, Intervention,
    InterventionType,
)
from ..querysets import visible_observations


class VisibleObservationField(StrictPrimaryKeyRelatedField):
    """An observation by id, among those the caller may see: any other id is answered as if it
    did not exist."""

    def __init__(self, **kwargs):
        # Named for the schema; narrowed to what the caller may see on every use.
        super().__init__(queryset=Observation.objects.all(), **kwargs)

    def get_queryset(self):
        return visible_observations(self.context["request"].user)


class VisibleObservations(serializers.ManyRelatedField):
    """The ids of an insats's observations the caller may see (prefetched by the viewset as
    `visible_observations`); given, the ones it answers."""

    def get_attribute(self, instance):
        if hasattr(instance, "visible_observations"):
            return instance.visible_observations
        return visible_observations(self.context["request"].user).filter(interventions=instance)


def visible_observations_field(**kwargs):
    return VisibleObservations(child_relation=VisibleObservationField(), required=False,
                               help_text=_("Id:n för observationerna insatsen svarar på. Bara de "
                                           "du får se visas och kan anges; kopplingar till andra "
                                           "behålls som de är."), **kwargs)


def owners():
    return get_user_model().objects.filter(is_active=True, membership__isnull=False)


class InterventionInputSerializer(serializers.Serializer):
    """What an insats is: for creating one, or for the insats a meeting's decision becomes."""

    type = StrictPrimaryKeyRelatedField(queryset=InterventionType.objects.all())
    title = serializers.CharField(max_length=TITLE_MAX)
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    planned_start = serializers.DateField()
    planned_end = serializers.DateField(help_text=_("Dagen insatsen ska vara klar."))
    responsible = StrictPrimaryKeyRelatedField(
        queryset=owners(), help_text=_("Användar-id för den ansvariga; deras organisation blir "
                                       "ansvarig organisation."))
    areas = StrictPrimaryKeyRelatedField(many=True, queryset=Area.objects.named(), required=False)
    organisations = StrictPrimaryKeyRelatedField(many=True, queryset=Organisation.objects.all(),
                                                 required=False)
    observations = visible_observations_field()


class InterventionSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:intervention-detail")
    page = serializers.SerializerMethodField()
    type = StrictPrimaryKeyRelatedField(queryset=InterventionType.objects.all())
    type_name = serializers.CharField(source="type.name", read_only=True)
    responsible = StrictPrimaryKeyRelatedField(queryset=owners())
    responsible_name = serializers.SerializerMethodField()
    responsible_organisation = serializers.CharField(source="responsible_organisation.name",
                                                     read_only=True)
    areas = StrictPrimaryKeyRelatedField(many=True, queryset=Area.objects.named(), required=False)
    organisations = StrictPrimaryKeyRelatedField(many=True, queryset=Organisation.objects.all(),
                                                 required=False)
    observations = visible_observations_field()
    meeting = serializers.SerializerMethodField(help_text=_("Mötet där insatsen beslutades, "
                                                            "som 2026-W46."))
    overdue = serializers.SerializerMethodField()
    revision = serializers.IntegerField(
        required=False, allow_null=True, min_value=0,
        help_text=_("Insatsens revision när du läste den. Har den ändrats sedan dess avvisas "
                    "ändringen med 409."))

    class Meta:
        model = Intervention
        fields = ["id", "url", "page", "type", "type_name", "title", "description",
                  "planned_start", "planned_end", "status", "areas", "organisations",
                  "responsible", "responsible_name", "responsible_organisation", "observations",
                  "outcome", "meeting", "overdue", "created_at", "updated_at", "closed_at",
                  "revision"]
        read_only_fields = ["status", "outcome", "created_at", "updated_at", "closed_at"]

    def get_page(self, intervention) -> str:
        return reverse("interventions:intervention-detail", args=[intervention.pk])

    def get_responsible_name(self, intervention) -> str:
        user = intervention.responsible
        return user.get_full_name() or user.get_username()

    def get_meeting(self, intervention) -> str | None:
        return intervention.meeting.label if intervention.meeting_id else None

    def get_overdue(self, intervention) -> bool:
        return intervention.is_overdue(timezone.localdate())


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Intervention.Status.choices)
    outcome = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_MAX,
        help_text=_("Vad gjordes och hur det gick; krävs för status done."))
    revision = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class EffectRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    before = serializers.IntegerField()
    after = serializers.IntegerField()
    change = serializers.IntegerField(allow_null=True)


class EffectSerializer(serializers.Serializer):
    before_first = serializers.DateField(source="periods.before_first")
    before_last = serializers.DateField(source="periods.before_last")
    after_first = serializers.DateField(source="periods.after_first")
    after_last = serializers.DateField(source="periods.after_last")
    whole_municipality = serializers.BooleanField()
    before = serializers.IntegerField()
    after = serializers.IntegerField()
    change = serializers.IntegerField(allow_null=True)
    categories = EffectRowSerializer(many=True, source="rows")


class DecisionSerializer(ModelSerializer):
    intervention = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Decision
        fields = ["number", "text", "intervention", "created_at"]


class DecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=DECISION_MAX)
    intervention = InterventionInputSerializer(
        required=False, allow_null=True,
        help_text=_("Insatsen beslutet blir (ansvarig och slutdatum); utelämnad eller null för "
                    "ett beslut utan insats."))


class EstMeetingSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:est-meeting-detail")
    page = serializers.SerializerMethodField()
    year = serializers.IntegerField(source="iso_year", read_only=True)
    week = serializers.IntegerField(source="iso_week", read_only=True)
    attendees = StrictPrimaryKeyRelatedField(many=True, queryset=Organisation.objects.all(),
                                             required=False)
    notes = serializers.CharField(max_length=NOTES_MAX, required=False, allow_blank=True)
    opened_by = serializers.CharField(source="opened_by.username", read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    revision = serializers.IntegerField(
        required=False, allow_null=True, min_value=0,
        help_text=_("Mötets revision när du läste det. Har protokollet ändrats sedan dess "
                    "avvisas ändringen med 409."))

    class Meta:
        model = EstMeeting
        fields = ["id", "url", "page", "year", "week", "held_on", "attendees", "notes",
                  "opened_by", "opened_at", "decisions", "revision"]
        read_only_fields = ["opened_at"]

    def get_page(self, meeting) -> str:
        return reverse("interventions:meeting-detail", args=[meeting.iso_year, meeting.iso_week])


class FlaggedSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
    mean4 = serializers.FloatField()
    flag = serializers.CharField()


class SeriousSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.CharField()
    occurred_at = serializers.CharField()
    area = serializers.CharField(allow_null=True)
    organisation = serializers.CharField()


class AgendaSerializer(serializers.Serializer):
    report = serializers.SerializerMethodField(help_text=_("Lägesbilden mötet går igenom, som "
                                                           "du får läsa den."))
    flagged_areas = FlaggedSerializer(many=True)
    flagged_categories = FlaggedSerializer(many=True)
    hotspot_areas = FlaggedSerializer(many=True)
    serious = SeriousSerializer(many=True)
    carried_over = serializers.SerializerMethodField()
    closed_since = serializers.SerializerMethodField()

    def get_report(self, agenda) -> int | None:
        return agenda.report.pk if agenda.report else None

    def get_carried_over(self, agenda) -> list[int]:
        return [i.pk for i in agenda.carried_over]

    def get_closed_since(self, agenda) -> list[int]:
        return [i.pk for i in agenda.closed_since]


class EstMeetingDetailSerializer(EstMeetingSerializer):
    agenda = serializers.SerializerMethodField()

    class Meta(EstMeetingSerializer.Meta):
        fields = EstMeetingSerializer.Meta.fields + ["agenda"]

    def get_agenda(self, meeting) -> dict:
        agenda = build(meeting.iso_year, meeting.iso_week, self.context["request"].user, meeting)
        return AgendaSerializer(agenda).data


class OpenEstMeetingSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    week = serializers.IntegerField(min_value=1, max_value=53)

