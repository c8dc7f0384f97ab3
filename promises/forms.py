"""Input and presentation only: views hand cleaned_data to the services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.forms import CheckboxesField, DateInput, ServiceForm, textarea
from agreements.models import Agreement
from observations.forms import DATETIME_LOCAL, SafeDateTimeField
from observations.interventions.models import InterventionType
from observations.models import Category
from trygghet.filters import BoundedDateField
from trygghet.models import Area

from .models import (
    BACKGROUND_MAX,
    COMMITMENT_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Commitment,
    Dialogue,
    Promise,
)


def named_areas():
    return Area.objects.named().order_by("name")


class PromiseForm(ServiceForm):
    agreement = forms.ModelChoiceField(
        label=_("Samverkansöverenskommelse"), queryset=Agreement.objects.order_by("-starts_on"),
        empty_label=_("Välj överenskommelse"),
        error_messages={"required": _("Välj vilken överenskommelse löftet hör till."),
                        "invalid_choice": _("Välj en överenskommelse i listan.")})
    title = forms.CharField(label=_("Rubrik"), max_length=TITLE_MAX,
                            error_messages={"required": _("Skriv en rubrik.")},
                            help_text=_("Till exempel ”Medborgarlöfte i Upplands-Bro 2026”."))
    period_start = BoundedDateField(label=_("Gäller från"), widget=DateInput(),
                                    error_messages={"required": _("Ange när löftet börjar.")})
    period_end = BoundedDateField(label=_("Gäller till och med"), widget=DateInput(),
                                  error_messages={"required": _("Ange när löftet slutar.")})
    background = forms.CharField(label=_("Bakgrund"), required=False, max_length=BACKGROUND_MAX,
                                 widget=textarea(6),
                                 help_text=Promise._meta.get_field("background").help_text)
    areas = CheckboxesField(label=_("Fokusområden"), required=False, queryset=named_areas(),
                            help_text=_("Där löftets insatser räknas, om ett åtagande inte "
                                        "säger annat."))
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, promise):
        return {"agreement": promise.agreement_id, "title": promise.title,
                "period_start": promise.period_start, "period_end": promise.period_end,
                "background": promise.background, "areas": list(promise.areas.all()),
                "revision": promise.revision}


class PromiseStatusForm(ServiceForm):
    status = forms.ChoiceField(choices=Promise.Status.choices, widget=forms.HiddenInput)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommitmentForm(ServiceForm):
    text = forms.CharField(label=_("Åtagande"), max_length=COMMITMENT_MAX, widget=textarea(3),
                           error_messages={"required": _("Skriv åtagandet.")},
                           help_text=Commitment._meta.get_field("text").help_text)
    kind = forms.ChoiceField(label=_("Hur följs det upp?"), choices=Commitment.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Välj hur åtagandet följs upp.")})
    target = forms.IntegerField(label=_("Mål: antal genomförda insatser"), required=False,
                                min_value=1, max_value=10000,
                                help_text=_("Bara för åtaganden som räknas, till exempel 8."))
    types = CheckboxesField(label=_("Typer av insatser som räknas"), required=False,
                            queryset=InterventionType.objects.filter(active=True),
                            help_text=_("Inget valt: alla typer."))
    areas = CheckboxesField(label=_("Områden där insatserna räknas"), required=False,
                            queryset=named_areas(),
                            help_text=_("Inget valt: löftets fokusområden. Områden inuti ett "
                                        "valt område räknas med."))
    period_start = BoundedDateField(label=_("Räknas från"), widget=DateInput(), required=False,
                                    help_text=_("Tomt: löftets period."))
    period_end = BoundedDateField(label=_("Räknas till och med"), widget=DateInput(),
                                  required=False)
    joint = forms.BooleanField(label=_("Både kommunen och polisen ska delta"), required=False,
                               help_text=Commitment._meta.get_field("joint").help_text)
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is not None:
            self.fields["types"].queryset = (InterventionType.objects.filter(active=True)
                                             | editing.types.all()).distinct()

    @classmethod
    def initial_from(cls, commitment):
        return {"text": commitment.text, "kind": commitment.kind, "target": commitment.target,
                "types": list(commitment.types.all()), "areas": list(commitment.areas.all()),
                "period_start": commitment.period_start, "period_end": commitment.period_end,
                "joint": commitment.joint, "revision": commitment.revision}


class AssessmentForm(ServiceForm):
    assessment = forms.ChoiceField(label=_("Bedömning"), choices=Commitment.Assessment.choices)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FollowUpForm(ServiceForm):
    text = forms.CharField(label=_("Uppföljning"), max_length=TEXT_MAX, widget=textarea(3),
                           error_messages={"required": _("Skriv vad som hänt.")})
    written_on = BoundedDateField(label=_("Datum"), widget=DateInput(),
                                  error_messages={"required": _("Ange datum.")})
    public = forms.BooleanField(
        label=_("Visa för allmänheten på löftets sida"), required=False,
        help_text=_("Skriv då inga namn: texten visas utan vem som skrivit den."))
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("written_on", timezone.localdate())


class DialogueForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Typ av dialog"), choices=Dialogue.Kind.choices)
    title = forms.CharField(label=_("Rubrik"), max_length=TITLE_MAX,
                            error_messages={"required": _("Skriv en rubrik.")},
                            help_text=_("Till exempel ”Trygghetsvandring i Bro centrum”."))
    held_at = SafeDateTimeField(
        label=_("När"), input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={"required": _("Ange när dialogen hölls."),
                        "invalid": _("Ange datum och tid, till exempel 2026-05-14 18:00.")})
    area = forms.ModelChoiceField(label=_("Område"), required=False, queryset=named_areas(),
                                  empty_label=_("Inget särskilt område"),
                                  error_messages={"invalid_choice": _("Välj ett område i "
                                                                      "listan.")})
    latitude = forms.FloatField(label=_("Latitud"), required=False, min_value=-90, max_value=90,
                                help_text=_("Frivilligt: en punkt, till exempel där vandringen "
                                            "startade (WGS84, som 59.5150)."))
    longitude = forms.FloatField(label=_("Longitud"), required=False, min_value=-180,
                                 max_value=180, help_text=_("Till exempel 17.6360."))
    participants = forms.IntegerField(label=_("Antal deltagare"), required=False, min_value=0,
                                      max_value=100000)
    findings = forms.CharField(label=_("Vad dialogen visade"), required=False,
                               max_length=TEXT_MAX, widget=textarea(4),
                               help_text=_("Skriv inga namn."))
    promise = forms.ModelChoiceField(label=_("Medborgarlöfte"), required=False,
                                     queryset=Promise.objects.order_by("-period_start"),
                                     empty_label=_("Inget"),
                                     help_text=_("Det löfte dialogen ligger till grund för."))
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("held_at", timezone.localtime().replace(
                second=0, microsecond=0))

    @classmethod
    def initial_from(cls, dialogue):
        return {"kind": dialogue.kind, "title": dialogue.title,
                "held_at": timezone.localtime(dialogue.held_at), "area": dialogue.area_id,
                "latitude": dialogue.latitude, "longitude": dialogue.longitude,
                "participants": dialogue.participants, "findings": dialogue.findings,
                "promise": dialogue.promise_id, "revision": dialogue.revision}


class FindingForm(ServiceForm):
    text = forms.CharField(label=_("Fynd"), max_length=500,
                           error_messages={"required": _("Skriv vad ni såg.")},
                           help_text=_("Till exempel ”Lampan vid gångtunneln är trasig”."))
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.filter(active=True),
        empty_label=_("Välj kategori"),
        error_messages={"required": _("Välj en kategori."),
                        "invalid_choice": _("Välj en kategori i listan.")})
    place_description = forms.CharField(label=_("Plats"), required=False, max_length=300,
                                        help_text=_("Till exempel ”vid gångtunneln”."))
    restricted = forms.BooleanField(
        label=_("Begränsad: syns bara för kommunen och polisen"), required=False)
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
