import uuid
from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from observations.models import Category
from trygghet.filters import BoundedDateField
from trygghet.models import Area, Organisation
from trygghet.numbers import whole

from .models import DECISION_MAX, NOTES_MAX, TEXT_MAX, TITLE_MAX, Intervention, InterventionType
from .querysets import visible_observations


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class OwnerChoiceField(forms.ModelChoiceField):
    """A person and the organisation they act for: "Pia Polis (Polisen ...)"."""

    def label_from_instance(self, user):
        name = user.get_full_name() or user.get_username()
        return f"{name} ({user.membership.organisation.name})"


def owners():
    return (get_user_model().objects.filter(is_active=True, membership__isnull=False)
            .select_related("membership__organisation")
            .order_by("membership__organisation__name", "first_name", "last_name", "username"))


class ObservationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, observation):
        area = observation.area.name if observation.area else _("utanför namngivna områden")
        when = timezone.localtime(observation.occurred_at).strftime("%Y-%m-%d %H:%M")
        return f"{when} {observation.category.name}, {area}"


class ServiceErrorsMixin:
    def add_service_errors(self, error):
        """Show a service's ValidationError on the fields it names, keeping what was typed."""
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class InterventionFields(ServiceErrorsMixin, forms.Form):
    """What an insats is, for the create and edit forms and a meeting's decision."""

    type = forms.ModelChoiceField(
        label=_("Typ av insats"), queryset=InterventionType.objects.filter(active=True),
        empty_label=_("Välj typ"),
        error_messages={"required": _("Välj en typ av insats."),
                        "invalid_choice": _("Välj en typ i listan.")})
    title = forms.CharField(label=_("Rubrik"), max_length=TITLE_MAX,
                            error_messages={"required": _("Skriv en rubrik.")},
                            help_text=_("Till exempel ”Extra väktarronder vid Bro station "
                                        "fredag och lördag”."))
    responsible = OwnerChoiceField(
        label=_("Ansvarig"), queryset=owners(), empty_label=_("Välj ansvarig"),
        error_messages={"required": _("Välj vem som är ansvarig."),
                        "invalid_choice": _("Välj en ansvarig i listan.")})
    planned_start = BoundedDateField(label=_("Start"), widget=DateInput(),
                                     error_messages={"required": _("Ange startdatum.")})
    planned_end = BoundedDateField(label=_("Klart senast"), widget=DateInput(),
                                   error_messages={"required": _("Ange när insatsen ska vara klar.")})
    areas = forms.ModelMultipleChoiceField(
        label=_("Områden"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Area.objects.named().order_by("name"),
        help_text=_("Inget valt: hela kommunen."))
    organisations = forms.ModelMultipleChoiceField(
        label=_("Deltagande organisationer"), required=False,
        widget=forms.CheckboxSelectMultiple,
        queryset=Organisation.objects.filter(active=True).order_by("name"))
    description = forms.CharField(
        label=_("Vad ska göras"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs.pop("maxlength", None)

    def intervention_fields(self):
        return {name: self.cleaned_data[name] for name in InterventionFields.base_fields
                if name in self.cleaned_data}


class InterventionForm(InterventionFields):
    """Create or edit an insats. Observations to link come from where the form was opened
    (an observation's page), and only ones the user may see."""

    observations = ObservationChoiceField(
        label=_("Observationer som insatsen svarar på"), required=False,
        queryset=visible_observations(None), widget=forms.CheckboxSelectMultiple)
    # Identifies one filled-in form: sent twice, it makes one insats.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, editing=None, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and editing is None:
            today = timezone.localdate()
            self.initial.setdefault("planned_start", today)
            self.initial.setdefault("planned_end", today + timedelta(days=7))
            self.initial.setdefault("submission", uuid.uuid4())
        if editing is not None:
            # A retired type stays choosable for the insats that already has it; whether a
            # type may be chosen is Intervention.clean()'s rule.
            self.fields["type"].queryset = InterventionType.objects.filter(
                pk=editing.type_id) | InterventionType.objects.filter(active=True)
            self.fields["responsible"].queryset = owners() | get_user_model().objects.filter(
                pk=editing.responsible_id)
            del self.fields["observations"]
        else:
            # Offered: the observations the form was opened for, kept through a resend.
            ids = set(offered) | set(self.data.getlist("observations") if self.is_bound else ())
            ids = {pk for pk in map(whole, ids) if pk is not None}
            self.fields["observations"].queryset = visible_observations(user).filter(
                pk__in=ids).select_related("category", "area")
            if not ids:
                del self.fields["observations"]

    @classmethod
    def initial_from(cls, intervention):
        return {
            "type": intervention.type_id, "title": intervention.title,
            "responsible": intervention.responsible_id,
            "planned_start": intervention.planned_start,
            "planned_end": intervention.planned_end,
            "areas": list(intervention.areas.all()),
            "organisations": list(intervention.organisations.all()),
            "description": intervention.description, "revision": intervention.revision,
        }

    def service_fields(self):
        fields = self.intervention_fields()
        if "observations" in self.fields:
            fields["observations"] = list(self.cleaned_data["observations"])
        return fields


class StatusForm(forms.Form):
    """Follow an insats up: a new status, and its outcome (required when it is done)."""

    status = forms.ChoiceField(label=_("Status"), choices=Intervention.Status.choices)
    outcome = forms.CharField(
        label=_("Resultat"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad gjordes, och hur gick det? Krävs när insatsen är genomförd."))
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].widget.attrs.pop("maxlength", None)


class LinkForm(forms.Form):
    observations = ObservationChoiceField(
        label=_("Observationer i insatsens områden"), queryset=visible_observations(None),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Från fyra veckor före start till slutdatum, de senaste först."),
        error_messages={"required": _("Välj minst en observation.")})

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observations"].queryset = candidates


class DecisionForm(InterventionFields):
    """A decision of the meeting, and the insats it becomes (owner and deadline) unless it is
    only a decision."""

    text = forms.CharField(
        label=_("Beslut"), max_length=DECISION_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv beslutet.")})
    only_decision = forms.BooleanField(
        label=_("Bara ett beslut, ingen insats"), required=False,
        help_text=_("Till exempel ”Nästa möte hålls i Kungsängen”."))
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    field_order = ["text", "only_decision", "type", "title", "responsible", "planned_start",
                   "planned_end", "areas", "organisations", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("planned_start", today)
            self.initial.setdefault("submission", uuid.uuid4())
        if self.is_bound and self.data.get("only_decision"):
            for name in InterventionFields.base_fields:
                self.fields[name].required = False

    def intervention(self):
        """What the service needs to make the insats, or None for a decision alone."""
        if self.cleaned_data.get("only_decision"):
            return None
        return self.intervention_fields()


class MinutesForm(forms.Form):
    held_on = BoundedDateField(label=_("Mötesdag"), widget=DateInput(),
                               error_messages={"required": _("Ange mötesdagen.")})
    attendees = forms.ModelMultipleChoiceField(
        label=_("Närvarande organisationer"), required=False,
        widget=forms.CheckboxSelectMultiple,
        queryset=Organisation.objects.filter(active=True).order_by("name"))
    notes = forms.CharField(label=_("Anteckningar"), required=False, max_length=NOTES_MAX,
                            widget=forms.Textarea(attrs={"rows": 6}))
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].widget.attrs.pop("maxlength", None)
        if meeting is not None:
            # An organisation retired since still shows as present at the meetings it came to.
            self.fields["attendees"].queryset = (
                Organisation.objects.filter(active=True)
                | Organisation.objects.filter(est_meetings=meeting)).distinct().order_by("name")


class SubscriptionForm(forms.Form):
    alerts = forms.ChoiceField(
        label=_("E-post när en observation med allvarlighet hög loggas"),
        choices=[("off", _("Nej")), ("immediate", _("Ja, direkt")),
                 ("daily", _("Ja, en sammanfattning om dagen"))],
        widget=forms.RadioSelect)
    areas = forms.ModelMultipleChoiceField(
        label=_("Områden jag följer"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Area.objects.named().order_by("name"),
        help_text=_("Inget valt: hela kommunen. Områdena styr också vilka insatser din "
                    "startsida visar."))
    categories = forms.ModelMultipleChoiceField(
        label=_("Kategorier jag följer"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Category.objects.filter(active=True), help_text=_("Inget valt: alla kategorier."))
    weekly_digest = forms.BooleanField(
        label=_("Veckobrev: vad som hänt med det min organisation loggat"), required=False)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
