"""Input and presentation only: views hand cleaned_data to the services. `ServiceForm` is how a
page shows a service's refusal on the form, keeping what was typed; the medborgarlöften's
forms use it too."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from observations.interventions.models import Intervention
from trygghet import idempotency
from trygghet.errors import DomainError, StaleEdit
from trygghet.filters import BoundedDateField
from trygghet.models import Organisation

from .models import (
    CAUSE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Agreement,
    AgreementDocument,
    Indicator,
    Measure,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class ServiceForm(forms.Form):
    """A form whose cleaned data goes to a service. `run(call)` calls it and puts a refusal on
    the fields it names: a stale change (409, with the revision moved on so the next save is
    made against what is there now), a ValidationError or a DomainError (400)."""

    # Fields of the form that are its own bookkeeping, not the service's.
    bookkeeping = ("submission", "revision")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength on textareas: a too-long paste is kept, and the error says so.
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.pop("maxlength", None)
        if "submission" in self.fields and not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())

    def service_fields(self):
        return {k: v for k, v in self.cleaned_data.items() if k not in self.bookkeeping}

    def add_service_errors(self, error):
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)

    def run(self, call, *, current_revision=None):
        """(result, status): status None when the service succeeded."""
        try:
            return call(), None
        except StaleEdit as error:
            self.add_error(None, error.message)
            if current_revision is not None:
                self.data = self.data.copy()
                self.data["revision"] = current_revision()
            return None, 409
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                self.add_service_errors(error)
            else:
                for message in error.messages:
                    self.add_error(None, message)
            return None, 400
        except idempotency.KeyReused:
            idempotency.refuse_resent(self)
            return None, 400
        except DomainError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
            return None, 400

    def create_once(self, request, scope, create):
        """Run `create()` (returning a saved row) once for this filled-in form: sent twice
        (a double tap), it makes one row. Returns (row id, replayed, status)."""
        submission = self.cleaned_data.get("submission")

        def perform():
            return {"id": create().pk}

        if submission is None:
            answer, status = self.run(perform)
            return (answer or {}).get("id"), False, status
        result, status = self.run(lambda: idempotency.once(
            user=request.user, scope=scope, key=str(submission),
            request_fingerprint=idempotency.fingerprint(self.service_fields()),
            perform=perform))
        if status is not None:
            return None, False, status
        answer, replayed = result
        return answer["id"], replayed, None


class CheckboxesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class AgreementForm(ServiceForm):
    title = forms.CharField(label=_("Rubrik"), max_length=TITLE_MAX,
                            error_messages={"required": _("Skriv en rubrik.")})
    parties = CheckboxesField(label=_("Parter"), queryset=Organisation.objects.none(),
                              error_messages={"required": _("Välj parterna.")})
    starts_on = BoundedDateField(label=_("Gäller från"), widget=DateInput(),
                                 error_messages={"required": _("Ange när överenskommelsen "
                                                               "börjar gälla.")})
    ends_on = BoundedDateField(label=_("Gäller till och med"), widget=DateInput(),
                               required=False, help_text=_("Tomt: tills vidare."))
    signed_on = BoundedDateField(label=_("Undertecknad"), widget=DateInput(), required=False)
    signatories = forms.CharField(label=_("Undertecknare"), required=False, max_length=2000,
                                  widget=textarea(3),
                                  help_text=Agreement._meta.get_field("signatories").help_text)
    description = forms.CharField(label=_("Syfte och mål"), required=False, max_length=TEXT_MAX,
                                  widget=textarea(4),
                                  help_text=Agreement._meta.get_field("description").help_text)
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(active=True)
        if editing is not None:
            organisations = organisations | Organisation.objects.filter(agreements=editing)
        self.fields["parties"].queryset = organisations.distinct().order_by("name")

    @classmethod
    def initial_from(cls, agreement):
        return {"title": agreement.title, "parties": list(agreement.parties.all()),
                "starts_on": agreement.starts_on, "ends_on": agreement.ends_on,
                "signed_on": agreement.signed_on, "signatories": agreement.signatories,
                "description": agreement.description, "revision": agreement.revision}


class PriorityAreaForm(ServiceForm):
    name = forms.CharField(label=_("Namn"), max_length=120,
                           error_messages={"required": _("Skriv områdets namn.")},
                           help_text=_("Till exempel ”Trygga offentliga miljöer”."))
    description = forms.CharField(label=_("Beskrivning"), required=False, max_length=TEXT_MAX,
                                  widget=textarea(4))


class IndicatorForm(ServiceForm):
    name = forms.CharField(label=_("Namn"), max_length=TITLE_MAX,
                           error_messages={"required": _("Skriv vad indikatorn mäter.")},
                           help_text=_("Till exempel ”Andel som känner sig trygga i centrum på "
                                       "kvällen”."))
    unit = forms.CharField(label=_("Enhet"), max_length=60,
                           error_messages={"required": _("Ange enheten.")},
                           help_text=Indicator._meta.get_field("unit").help_text)
    source = forms.ChoiceField(label=_("Källa"), choices=Indicator.Source.choices)
    source_detail = forms.CharField(label=_("Om källan"), required=False, max_length=TITLE_MAX,
                                    help_text=Indicator._meta.get_field("source_detail").help_text)
    direction = forms.ChoiceField(label=_("Önskad riktning"), widget=forms.RadioSelect,
                                  choices=Indicator.Direction.choices,
                                  error_messages={"required": _("Välj vilken riktning som är "
                                                                "bättre.")})


class IndicatorValueForm(ServiceForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100,
                              error_messages={"required": _("Ange året."),
                                              "invalid": _("Ange året med fyra siffror."),
                                              "min_value": _("Ange ett år mellan 2000 och 2100."),
                                              "max_value": _("Ange ett år mellan 2000 och 2100.")})
    value = forms.CharField(label=_("Värde"), required=False, max_length=40,
                            help_text=_("Decimalkomma går bra. Tomt tar bort årets värde."))

    def clean_value(self):
        from .indicator_csv import parse_value

        text = self.cleaned_data["value"].strip()
        if not text:
            return None
        value = parse_value(text)
        if value is None:
            raise forms.ValidationError(_("Ange ett tal, till exempel 72,5."))
        return value


class IndicatorImportForm(ServiceForm):
    file = forms.FileField(label=_("CSV-fil"), error_messages={"required": _("Välj en fil.")},
                           help_text=_("Ett år och ett värde per rad, till exempel ”2024;72,5”. "
                                       "Semikolon, komma eller tabb; decimalkomma går bra."))


class MeasureForm(ServiceForm):
    cause = forms.CharField(label=_("Orsak"), max_length=TEXT_MAX, widget=textarea(3),
                            error_messages={"required": _("Skriv orsaken som åtgärden ska "
                                                          "påverka.")})
    action = forms.CharField(label=_("Åtgärd"), max_length=TEXT_MAX, widget=textarea(3),
                             error_messages={"required": _("Skriv åtgärden.")})
    goals = forms.CharField(label=_("Operativa mål"), required=False, max_length=TEXT_MAX,
                            widget=textarea(2))
    when = forms.CharField(label=_("När"), required=False, max_length=TITLE_MAX,
                           help_text=Measure._meta.get_field("when").help_text)
    organisations = CheckboxesField(label=_("Vem"), required=False,
                                    queryset=Organisation.objects.none())
    follow_up = forms.CharField(label=_("Uppföljning"), required=False, max_length=TEXT_MAX,
                                widget=textarea(3),
                                help_text=Measure._meta.get_field("follow_up").help_text)
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices,
                               widget=forms.RadioSelect)
    status_note = forms.CharField(label=_("Kommentar till status"), required=False,
                                  max_length=500)
    interventions = CheckboxesField(
        label=_("Insatser som genomför åtgärden"), required=False,
        queryset=Intervention.objects.none(),
        help_text=_("Insatser från de senaste tolv månaderna och de som redan är kopplade."))
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, editing=None, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(active=True)
        if editing is not None:
            organisations = organisations | Organisation.objects.filter(measures=editing)
        self.fields["organisations"].queryset = organisations.distinct().order_by("name")
        self.fields["interventions"].queryset = candidates
        self.fields["interventions"].label_from_instance = lambda i: (
            f"{i.title} ({i.planned_start:%Y-%m-%d}, {i.get_status_display().lower()})")

    @classmethod
    def initial_from(cls, measure):
        return {"cause": measure.cause, "action": measure.action, "goals": measure.goals,
                "when": measure.when, "organisations": list(measure.organisations.all()),
                "follow_up": measure.follow_up, "status": measure.status,
                "status_note": measure.status_note,
                "interventions": list(measure.interventions.all()),
                "revision": measure.revision}


class DocumentForm(ServiceForm):
    title = forms.CharField(label=_("Rubrik"), required=False, max_length=TITLE_MAX,
                            help_text=_("Tomt: filens namn."))
    file = forms.FileField(
        label=_("Fil"), error_messages={"required": _("Välj en fil.")},
        help_text=_("PDF, Word (.docx) eller OpenDocument (.odt)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(
            [".pdf", ".docx", ".odt", *AgreementDocument.CONTENT_TYPES.values()])}))


class YearForm(ServiceForm):
    year = forms.TypedChoiceField(label=_("År"), coerce=int, choices=(),
                                  error_messages={"invalid_choice": _("Välj ett år i listan.")})

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class CausesForm(ServiceForm):
    """One textarea per priority area of the report: the analysis of causes."""

    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, priority_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.priority_areas = list(priority_areas)
        for area in self.priority_areas:
            self.fields[f"cause_{area['id']}"] = forms.CharField(
                label=area["name"], required=False, max_length=CAUSE_MAX, widget=textarea(5))
            self.fields[f"cause_{area['id']}"].widget.attrs.pop("maxlength", None)

    def causes(self):
        return {area["id"]: self.cleaned_data.get(f"cause_{area['id']}", "")
                for area in self.priority_areas}

    def cause_fields(self):
        return [self[f"cause_{area['id']}"] for area in self.priority_areas]
