import uuid
from datetime import timezone as dt_timezone

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trygghet.filters import PlainSelect
from trygghet.models import Area
from trygghet.numbers import whole

from .models import COMMENT_MAX, DESCRIPTION_MAX, PLACE_MAX, Category, Observation

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class SafeDateTimeField(forms.DateTimeField):
    """A date and time as typed; a year Python cannot hold is the same Swedish error as any
    other unreadable input. The hour the clocks go back, which happens twice, is taken as its
    first (summer time) occurrence; the hour they go forward never happened, and is refused in
    plain words."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        except forms.ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            local = error.params["datetime"]
            zone = timezone.get_current_timezone()
            first = local.replace(tzinfo=zone, fold=0)
            # Through UTC and back: a time in the skipped hour comes back an hour later.
            if first.astimezone(dt_timezone.utc).astimezone(zone).replace(tzinfo=None) == local:
                return first
            raise forms.ValidationError(_(
                "Den tiden fanns inte: den natten ställdes klockan fram från 02:00 till 03:00. "
                "Ange en tid före 02:00 eller från 03:00."), code="invalid") from None


class ObservationForm(forms.Form):
    """The log form. The point comes from the map; the area list is the way without it."""

    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.filter(active=True),
        empty_label=_("Välj kategori"),
        error_messages={"required": _("Välj en kategori."),
                        "invalid_choice": _("Välj en kategori i listan.")},
    )
    occurred_at = SafeDateTimeField(
        label=_("När hände det?"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={"required": _("Ange när det hände."),
                        "invalid": _("Ange datum och tid, till exempel 2026-05-14 21:30.")},
    )
    latitude = forms.FloatField(label=_("Plats"), required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(label=_("Plats"), required=False, widget=forms.HiddenInput)
    area = forms.ModelChoiceField(
        label=_("Område"), required=False,
        queryset=Area.objects.named().order_by("name"),
        empty_label=_("Välj område (om du inte använder kartan)"),
        help_text=_("Används om ingen punkt är vald i kartan."),
        error_messages={"invalid_choice": _("Välj ett område i listan.")},
    )
    place_description = forms.CharField(
        label=_("Platsbeskrivning"), required=False, max_length=PLACE_MAX,
        help_text=_("Till exempel ”vid cykelparkeringen norr om stationen”."),
    )
    description = forms.CharField(
        label=_("Vad såg du?"), required=False, max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Texten får vara högst %(limit_value)d tecken; den har "
                                        "%(show_value)d. Korta den och försök igen.")},
        # Formatted when shown, in the reader's language (a lazy text formatted here would be
        # fixed in the language active at start-up).
        help_text=lazy(lambda: gettext("Skriv inte namn eller personnummer. Högst %(max)s "
                                       "tecken.") % {"max": DESCRIPTION_MAX}, str)(),
    )
    severity = forms.ChoiceField(
        label=_("Allvarlighet"), choices=Observation.Severity.choices,
        initial=Observation.Severity.LOW, widget=forms.RadioSelect,
    )
    people_count = forms.IntegerField(
        label=_("Antal personer"), required=False, min_value=0, max_value=10000,
        help_text=_("Ungefär hur många var inblandade? Lämna tomt om det inte gäller."),
    )
    restricted = forms.BooleanField(
        label=_("Begränsad: syns bara för kommunen och polisen"), required=False
    )
    # Identifies one filled-in form: the same form sent twice (a double tap, a resend on a
    # slow connection) logs one observation.
    submission = forms.UUIDField(label=_("Formulärets id"), required=False,
                                 widget=forms.HiddenInput)
    # The revision of the observation the edit form showed.
    revision = forms.IntegerField(label=_("Version"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "occurred_at" not in self.initial:
            self.initial["occurred_at"] = timezone.localtime().replace(second=0, microsecond=0)
        if not self.is_bound and "submission" not in self.initial:
            self.initial["submission"] = uuid.uuid4()
        if editing is not None:
            # A retired category stays choosable for the observation that already has it;
            # whether a category may be chosen is Observation.clean()'s rule.
            self.fields["category"].queryset = Category.objects.filter(
                pk=editing.category_id) | Category.objects.filter(active=True)
        # The texts get no maxlength attribute so that a too-long paste is kept and the error
        # says how long it was, rather than being cut silently by the browser.
        for name in ("description", "place_description"):
            self.fields[name].widget.attrs.pop("maxlength", None)

    @classmethod
    def initial_from(cls, observation):
        return {
            "category": observation.category_id,
            "occurred_at": timezone.localtime(observation.occurred_at),
            "latitude": observation.latitude if observation.placement == "point" else None,
            "longitude": observation.longitude if observation.placement == "point" else None,
            "area": observation.area_id if observation.placement == "area" else None,
            "place_description": observation.place_description,
            "description": observation.description,
            "severity": observation.severity,
            "people_count": observation.people_count,
            "restricted": observation.restricted,
            "revision": observation.revision,
        }

    def service_fields(self):
        """The cleaned data a service takes (without the form's own bookkeeping)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("submission", "revision")}

    def add_service_errors(self, error):
        """Show a service's ValidationError on the fields it names, keeping what was typed."""
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            if field == "longitude":
                target = "latitude"
            for message in messages:
                self.add_error(target, message)


class FollowUpForm(forms.Form):
    """One way to follow up: a comment, a new status, or both, in one box and one button."""

    status = forms.ChoiceField(label=_("Status"), choices=Observation.Status.choices,
                               help_text=_("Lämna som den är för att bara kommentera."))
    comment = forms.CharField(
        label=_("Kommentar till historiken"), required=False, max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Kommentaren får vara högst %(limit_value)d tecken; den "
                                        "har %(show_value)d. Korta den och spara igen.")},
        help_text=_("Valfri. Syns i historiken för alla som ser observationen."),
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength in the page: a too-long comment is kept and the error says so, rather
        # than the browser cutting it silently.
        self.fields["comment"].widget.attrs.pop("maxlength", None)


class SelectedRowsField(forms.Field):
    """The rows marked in the list, each sent as "id:revision" (the revision the list showed):
    read into {id: revision}; anything else is a Swedish error."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Markera minst en observation."),
        "invalid": _("Markeringen gick inte att läsa. Ladda om listan och försök igen."),
    }

    def to_python(self, value):
        rows = {}
        for item in value or ():
            pk, _sep, revision = str(item).partition(":")
            pk, revision = whole(pk, digits=18), whole(revision, digits=9)
            if pk is None or revision is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            rows[pk] = revision
        return rows


class BulkStatusForm(forms.Form):
    """A new status for the rows marked in the list."""

    status = forms.ChoiceField(
        label=_("Ny status för markerade"),
        choices=[("", _("Välj status")), *Observation.Status.choices],
        error_messages={"required": _("Välj vilken status de markerade ska få."),
                        "invalid_choice": _("Välj en status i listan.")},
        widget=PlainSelect,  # shown on every list page: rendered without a template per option
    )
    selected = SelectedRowsField()
