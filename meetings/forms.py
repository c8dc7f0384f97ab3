"""Input and presentation of the committee's forms. Forms parse; rules live in the models'
clean() and the services, whose errors come back onto the fields they name."""

import uuid
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygghet.filters import BoundedDateField

from . import diarium
from .models import (
    BODY_MAX,
    LIST_ITEM_MAX,
    TEXT_MAX,
    Attendance,
    Case,
    Committee,
    CommitteeMember,
    Meeting,
    Paragraph,
    Publicity,
)

LINES_HELP = _("En punkt per rad.")


class LinesField(forms.CharField):
    """A list typed one item per line (förslag till beslut, beslutsunderlag, mottagare)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", LINES_HELP)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
        lines = [line for line in lines if line]
        if any(len(line) > LIST_ITEM_MAX for line in lines):
            raise ValidationError(_("En rad får vara högst %(n)s tecken.") % {"n": LIST_ITEM_MAX})
        return lines


class SignatoriesField(LinesField):
    """Who signs, one per line as "Namn, titel" (the title may hold commas of its own)."""

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(f"{s['name']}, {s['title']}".rstrip(", ") for s in value)
        return value

    def to_python(self, value):
        signatories = []
        for line in super().to_python(value):
            name, _sep, title = line.partition(",")
            signatories.append({"name": name.strip(), "title": title.strip()})
        return signatories


class DiarienummerField(forms.CharField):
    """A diarienummer as typed, or nothing (the next free one is taken)."""

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            return diarium.parse(text)
        except ValidationError as error:
            raise ValidationError(error.message_dict["diarienummer"]) from None


class RichTextWidget(forms.Textarea):
    """A textarea the page's editor (meetings/rich-text.js) turns into headings, paragraphs and
    lists; without JavaScript it takes plain text, a blank line between paragraphs."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 12, "data-rich-text": "", **(attrs or {})})


class ServiceErrorsMixin:
    """Show a service's ValidationError on the fields it names, keeping what was typed."""

    field_aliases = {}

    def add_service_errors(self, error):
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for field, messages in error.message_dict.items():
            target = self.field_aliases.get(field, field)
            if target not in self.fields:
                target = None
            for message in messages:
                self.add_error(target, message)


class CaseForm(ServiceErrorsMixin, forms.Form):
    field_aliases = {"series": "diarienummer", "year": "diarienummer",
                     "number": "diarienummer"}

    committee = forms.ModelChoiceField(
        label=_("Utskott"), queryset=Committee.objects.all(), empty_label=None,
        error_messages={"invalid_choice": _("Välj ett utskott i listan.")})
    diarienummer = DiarienummerField(label=_("Diarienummer"), required=False)
    title = forms.CharField(label=_("Rubrik"), max_length=200,
                            error_messages={"required": _("Ge ärendet en rubrik.")})
    office = forms.CharField(label=_("Kontor"), max_length=120,
                             error_messages={"required": _("Ange vilket kontor som skriver.")})
    officer_name = forms.CharField(label=_("Handläggare"), max_length=120,
                                   error_messages={"required": _("Ange handläggaren.")})
    officer_email = forms.EmailField(
        label=_("Handläggarens e-post"),
        error_messages={"required": _("Ange handläggarens e-post."),
                        "invalid": _("Ange en e-postadress, till exempel namn@kommun.se.")})
    date = BoundedDateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": _("Ange tjänsteskrivelsens datum.")})
    their_reference = forms.CharField(label=_("Er beteckning"), max_length=60, required=False)
    proposals = LinesField(label=_("Förslag till beslut"),
                           help_text=_("Ett förslag per rad; de numreras i dokumentet."))
    summary = forms.CharField(label=_("Sammanfattning"), required=False, max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 5}))
    decision_basis = LinesField(label=_("Beslutsunderlag"))
    body = forms.CharField(
        label=_("Ärendet"), required=False, max_length=BODY_MAX, widget=RichTextWidget(),
        help_text=_("Rubriker, stycken och listor. Utan editorn: en tom rad mellan styckena."))
    child_perspective = forms.CharField(
        label=_("Barnperspektiv"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hur beslutet påverkar barn och unga. Krävs innan ärendet är klart."))
    signatories = SignatoriesField(
        label=_("Underskrifter"), help_text=_("En per rad: namn, titel. Till exempel "
                                              "”Ida Texell, Kommundirektör”."))
    send_to = LinesField(label=_("Beslut sänds till"))
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, suggestion=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "submission" not in self.initial:
            self.initial["submission"] = uuid.uuid4()
        if suggestion is not None:
            self.fields["diarienummer"].help_text = _(
                "Lämna tomt så får ärendet nästa lediga nummer (nu %(next)s), eller skriv "
                "numret från diariet, till exempel KS 22/0091.") % {"next": suggestion}
        else:
            self.fields["diarienummer"].required = True
            self.fields["diarienummer"].error_messages["required"] = _("Ange diarienumret.")
        # Long texts are never cut by the browser: a too-long paste is kept and its error
        # says so.
        for field in ("summary", "body", "child_perspective"):
            self.fields[field].widget.attrs.pop("maxlength", None)

    @classmethod
    def initial_from(cls, case):
        return {"committee": case.committee_id, "diarienummer": case.diarienummer,
                "revision": case.revision,
                **{f: getattr(case, f) for f in (
                    "title", "office", "officer_name", "officer_email", "date",
                    "their_reference", "proposals", "summary", "decision_basis", "body",
                    "child_perspective", "signatories", "send_to")}}

    def service_fields(self):
        return {k: v for k, v in self.cleaned_data.items() if k not in ("submission", "revision")}


class CaseStatusForm(forms.Form):
    to = forms.ChoiceField(choices=[(Case.Status.READY, ""), (Case.Status.DRAFT, "")])
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Bilagans rubrik"), max_length=200,
                            error_messages={"required": _("Ge bilagan en rubrik.")})
    file = forms.FileField(label=_("Fil (PDF eller Word)"),
                           error_messages={"required": _("Välj en fil."),
                                           "empty": _("Filen är tom.")},
                           widget=forms.ClearableFileInput(attrs={
                               "accept": ".pdf,.docx,application/pdf,application/"
                                         "vnd.openxmlformats-officedocument."
                                         "wordprocessingml.document"}))


TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(ServiceErrorsMixin, forms.Form):
    field_aliases = {"starts_at": "date", "ends_at": "ends"}

    committee = forms.ModelChoiceField(label=_("Utskott"), queryset=Committee.objects.all(),
                                       empty_label=None)
    kind = forms.ChoiceField(label=_("Typ av möte"), choices=Meeting.Kind.choices,
                             widget=forms.RadioSelect, initial=Meeting.Kind.MEETING)
    date = BoundedDateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": _("Ange mötets datum.")})
    starts = forms.TimeField(label=_("Börjar"), widget=TIME_INPUT,
                             error_messages={"required": _("Ange när mötet börjar."),
                                             "invalid": _("Ange tiden som 13:00.")})
    ends = forms.TimeField(label=_("Slutar"), widget=TIME_INPUT, required=False,
                           error_messages={"invalid": _("Ange tiden som 15:00.")})
    place = forms.CharField(label=_("Plats"), max_length=200,
                            error_messages={"required": _("Ange var mötet hålls.")})
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "submission" not in self.initial:
            self.initial["submission"] = uuid.uuid4()

    @classmethod
    def initial_from(cls, meeting):
        start = timezone.localtime(meeting.starts_at)
        return {"committee": meeting.committee_id, "kind": meeting.kind, "date": start.date(),
                "starts": start.time(), "place": meeting.place,
                "ends": timezone.localtime(meeting.ends_at).time() if meeting.ends_at else None}

    def service_fields(self):
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["date"], data["starts"]))
        ends_at = (timezone.make_aware(datetime.combine(data["date"], data["ends"]))
                   if data.get("ends") else None)
        return {"committee": data["committee"], "kind": data["kind"], "starts_at": starts_at,
                "ends_at": ends_at, "place": data["place"]}


PUBLICITY_HELP = _("Punkter med personuppgifter eller sekretess visas bara för nämndsekreterare "
                   "och utelämnas när handlingar och protokoll publiceras.")


class AgendaCaseForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("Ärende"), queryset=Case.objects.none(), empty_label=_("Välj ett klart ärende"),
        error_messages={"required": _("Välj ett ärende."),
                        "invalid_choice": _("Välj ett ärende i listan.")})
    publicity = forms.ChoiceField(label=_("Offentlighet"), choices=Publicity.choices,
                                  initial=Publicity.PUBLIC, help_text=PUBLICITY_HELP)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            # Any case may be named; whether it may go on the agenda is the service's rule.
            self.fields["case"].queryset = Case.objects.filter(committee=meeting.committee_id)
            self.ready_cases = Case.objects.filter(committee=meeting.committee_id,
                                                   status=Case.Status.READY)
            self.fields["case"].choices = [("", _("Välj ett klart ärende"))] + [
                (c.pk, f"{c.diarienummer} {c.title}") for c in self.ready_cases]


class InformationPointForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200,
                            error_messages={"required": _("Ge informationspunkten en rubrik.")})
    speaker = forms.CharField(label=_("Föredragande"), max_length=200, required=False,
                              help_text=_("Namn och titel, till exempel ”Rafif Makboul Kaleem, "
                                          "enhetschef Trygghet och prevention”."))
    notes = forms.CharField(label=_("Anteckningar"), required=False, max_length=TEXT_MAX,
                            widget=forms.Textarea(attrs={"rows": 3}))
    embed_report = forms.BooleanField(
        label=_("Visa nyckeltalen ur den senaste publicerade lägesbilden"), required=False)
    publicity = forms.ChoiceField(label=_("Offentlighet"), choices=Publicity.choices,
                                  initial=Publicity.PUBLIC, help_text=PUBLICITY_HELP)
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "submission" not in self.initial:
            self.initial["submission"] = uuid.uuid4()

    def service_fields(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "submission"}


class AgendaItemForm(InformationPointForm):
    refresh_report = forms.BooleanField(
        label=_("Byt till den senaste publicerade lägesbilden"), required=False)

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None and item.is_case:
            for name in ("title", "speaker", "notes", "embed_report", "refresh_report"):
                del self.fields[name]
        if item is not None and not item.situation_report_id and "refresh_report" in self.fields:
            del self.fields["refresh_report"]


class ProtocolForm(ServiceErrorsMixin, forms.Form):
    opening = forms.CharField(label=_("Inledning"), required=False, max_length=TEXT_MAX,
                              widget=RichTextWidget(attrs={"rows": 4}),
                              help_text=_("Till exempel vem som öppnar mötet och hälsar "
                                          "välkommen."))
    others_present = forms.CharField(label=_("Övriga närvarande"), required=False,
                                     max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text=_("Tjänstepersoner och andra, en per rad."))
    adjuster = forms.ModelChoiceField(label=_("Justerare"), queryset=CommitteeMember.objects.none(),
                                      required=False, empty_label=_("Välj justerare"))
    adjustment_place = forms.CharField(label=_("Justeringens plats och tid"), max_length=200,
                                       required=False)
    footnotes = LinesField(label=_("Fotnoter"),
                           help_text=_("En fotnot per rad, numreras 1, 2, 3 … Skriv "
                                       "hänvisningen i texten som en upphöjd siffra."))
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, protocol=None, **kwargs):
        super().__init__(*args, **kwargs)
        if protocol is not None:
            self.fields["adjuster"].queryset = protocol.meeting.committee.members.active(
            ).exclude(role=CommitteeMember.Role.SECRETARY)
            if protocol.is_minutes:
                del self.fields["adjuster"], self.fields["adjustment_place"]

    @classmethod
    def initial_from(cls, protocol):
        return {"opening": protocol.opening, "others_present": protocol.others_present,
                "adjuster": protocol.adjuster_id, "adjustment_place": protocol.adjustment_place,
                "footnotes": protocol.footnotes, "revision": protocol.revision}

    def service_fields(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}


class AttendanceForm(forms.Form):
    """One presence choice per member, and for ersättare whom they serve for."""

    def __init__(self, *args, protocol, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(protocol.attendance.all())
        regular = [a for a in self.rows if a.role not in (CommitteeMember.Role.SUBSTITUTE,
                                                          CommitteeMember.Role.SECRETARY)]
        for entry in self.rows:
            choices = [c for c in Attendance.Presence.choices if entry.role ==
                       CommitteeMember.Role.SUBSTITUTE or c[0] in ("narvarande", "franvarande")]
            self.fields[f"presence_{entry.pk}"] = forms.ChoiceField(
                label=_("Närvaro för %(name)s") % {"name": entry.name}, choices=choices,
                initial=entry.presence)
            if entry.role == CommitteeMember.Role.SUBSTITUTE:
                self.fields[f"serving_for_{entry.pk}"] = forms.ModelChoiceField(
                    label=_("%(name)s tjänstgör för") % {"name": entry.name}, required=False,
                    queryset=CommitteeMember.objects.filter(pk__in=[a.member_id for a in regular]),
                    initial=entry.serving_for_id, empty_label=_("ingen"))

    def entries(self):
        """(entry, presence field, serving-for field or None) for the template."""
        return [(entry, self[f"presence_{entry.pk}"],
                 self[f"serving_for_{entry.pk}"] if f"serving_for_{entry.pk}" in self.fields
                 else None) for entry in self.rows]

    def service_rows(self):
        return [{"attendance": entry.pk, "presence": self.cleaned_data[f"presence_{entry.pk}"],
                 "serving_for": self.cleaned_data.get(f"serving_for_{entry.pk}")}
                for entry in self.rows]


class ParagraphForm(ServiceErrorsMixin, forms.Form):
    notes = forms.CharField(label=_("Anteckningar"), required=False, max_length=TEXT_MAX * 2,
                            widget=RichTextWidget(attrs={"rows": 8}))
    motions = forms.CharField(label=_("Yrkanden"), required=False, max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Till exempel ”Hans Åberg (L) yrkar bifall till "
                                          "förslaget.”"))
    decision = forms.ChoiceField(label=_("Beslut"), required=False, widget=forms.RadioSelect)
    decision_text = forms.CharField(label=_("Beslutstext vid ändrat beslut"), required=False,
                                    max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    reservations = forms.CharField(label=_("Reservationer"), required=False, max_length=TEXT_MAX,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, paragraph, **kwargs):
        super().__init__(*args, **kwargs)
        D = Paragraph.Decision
        if paragraph.case_id and not paragraph.protocol.is_minutes:
            choices = [D.NONE, D.ADOPTED, D.AMENDED]
        else:
            choices = [D.NONE, D.NOTED]
            for name in ("motions", "decision_text", "reservations"):
                del self.fields[name]
        self.fields["decision"].choices = [(c.value, c.label) for c in choices]
        for field in ("notes",):
            self.fields[field].widget.attrs.pop("maxlength", None)

    @classmethod
    def initial_from(cls, paragraph):
        return {"notes": paragraph.notes, "decision": paragraph.decision,
                "decision_text": paragraph.decision_text if paragraph.decision == "andrat"
                else "", "motions": paragraph.motions, "reservations": paragraph.reservations,
                "revision": paragraph.revision}

    def service_fields(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}


class AdjustForm(ServiceErrorsMixin, forms.Form):
    adjusted_on = BoundedDateField(label=_("Justeringsdag"),
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   error_messages={"required": _("Ange justeringsdagen.")})
    posted_on = BoundedDateField(
        label=_("Anslaget sätts upp"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Lämna tomt för samma dag som justeringen. Överklagandetiden, tre veckor, "
                    "räknas från den dagen."))


class CorrectionForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Vad rättas, och varför?"), max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Skriv vad som rättas och varför.")})
