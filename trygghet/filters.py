"""Filter pieces every app's FilterSet uses, so that no filter input can cause a 5xx."""

import copy
from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy as _

from . import options

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
DATE_RANGE_MESSAGE = _("Ange ett datum mellan 2000-01-01 och 2100-12-31.")


def within_years(value) -> bool:
    """Whether a day, or a moment's local day, lies between EARLIEST and LATEST. A moment so
    far out that it has no local day (year 1 east of UTC, 9999 west of it) does not."""
    if isinstance(value, datetime):
        try:
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        except OverflowError:
            return False
    return EARLIEST <= value <= LATEST


class BoundedDateField(forms.DateField):
    """A date between 2000 and 2100: any other input (0001-01-01, 9999-12-31, "igår") is a
    field error in Swedish, never an overflow further down."""

    default_error_messages = {
        "invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD."),
        "out_of_range": DATE_RANGE_MESSAGE,
    }

    def to_python(self, value):
        try:
            day = super().to_python(value)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if day is not None and not within_years(day):
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return day


class BoundedDateTimeField(forms.DateTimeField):
    """A moment between 2000 and 2100 (ISO 8601, with or without an offset): any other input
    is a field error in Swedish, never an overflow further down."""

    default_error_messages = {
        "invalid": _("Ange en tidpunkt som ÅÅÅÅ-MM-DDTHH:MM."),
        "out_of_range": _("Ange en tidpunkt mellan 2000-01-01 och 2100-12-31."),
    }

    def to_python(self, value):
        try:
            moment = super().to_python(value)
        except (OverflowError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if moment is not None and not within_years(moment):
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return moment


class _Filters(dict):
    """A FilterSet's filters, copied per filter set by a shallow copy of each filter: the
    deep copy django-filter makes copied every filter's querysets, choices and labels, a
    few hundred objects per filtered page and API list."""

    def __deepcopy__(self, memo):
        return type(self)((name, _own_copy(filter_)) for name, filter_ in self.items())


def _own_copy(filter_):
    own = copy.copy(filter_)
    if filter_.method is not None:
        own.method = filter_.method  # a `method` filter calls through its own copy
    return own


def _per_request(filter_) -> bool:
    """Whether a filter's form field depends on the request: its rows to choose from are
    asked of a function of the request (VisibleChoices)."""
    return callable(filter_.extra.get("queryset")) or callable(getattr(filter_, "queryset", None))


class _Fields(dict):
    """A kept filter form class's fields, which each form copies as they are: Django copies a
    form's fields deeply (each field's widget, messages, validators and choices) for every
    form, so that a form may change its own; a filter form changes none of them, and the deep
    copy was a twentieth of a filtered list page."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(field) for name, field in self.items()}


class VisibleChoices:
    """A filter by a related row that a filter set makes from a model field (meeting=3) takes
    only the rows the asker may see: an id of one they may not is refused as an id of none,
    so that no filter tells whether a hidden row exists.

    The filter set's form class is built once per filter set class and kept, unless a filter's
    field depends on the request: django-filter builds a field per filter and a form class per
    request, which took a seventh of a filtered page's own time. Each request's form is still
    its own, with its own fields (`_Fields`)."""

    @classmethod
    def _shared_form_class(cls, build):
        kept = cls.__dict__.get("_form_class")
        if kept is None:
            if any(_per_request(filter_) for filter_ in cls.base_filters.values()):
                return build()
            kept = build()
            kept.base_fields = _Fields(kept.base_fields)
            cls._form_class = kept
        return kept

    def get_form_class(self):
        if self.filters.keys() != type(self).base_filters.keys():
            return super().get_form_class()  # a filter set that changed its filters
        return self._shared_form_class(super().get_form_class)

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        filter_ = super().filter_for_field(field, field_name, lookup_expr)
        rows = filter_.extra.get("queryset")
        if isinstance(filter_, (django_filters.ModelChoiceFilter,
                                django_filters.ModelMultipleChoiceFilter)) and hasattr(
                rows, "visible_to"):
            def visible(request):
                return rows.none() if request is None else rows.visible_to(request.user)

            filter_.queryset = filter_.extra["queryset"] = visible
        return filter_


class FilterSet(VisibleChoices, django_filters.FilterSet):
    """The base of every FilterSet in the project. A filter set's filters are its own (the
    filter set sets itself as each one's parent); what they share with the class, their
    settings, is only read."""

    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())


class Checkbox(forms.CheckboxInput):
    """A checkbox, read as a page's form sends it ("on", or nothing) and as an API client
    sends a boolean (true/false, 1/0); anything else is passed on as sent, for the field to
    refuse (Django's checkbox reads every text but "false" as checked: "0" and "nej" too)."""

    WORDS = {"on": True, "true": True, "1": True, "false": False, "0": False, "": False}

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return False
        value = data.get(name)
        return self.WORDS.get(value.strip().lower(), value) if isinstance(value, str) else value


class FlagField(forms.NullBooleanField):
    default_error_messages = {"invalid": _("Ange true eller false.")}

    def to_python(self, value):
        if isinstance(value, bool) or value is None:
            return value
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value):
        pass


class FlagFilter(django_filters.BooleanFilter):
    """A yes-or-no filter shown as a checkbox ("Bara försenade"): checked, true or 1 filters,
    unchecked, false or 0 does not, anything else is a field error."""

    field_class = FlagField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", Checkbox)
        super().__init__(*args, **kwargs)


class AfterFilter(django_filters.DateTimeFilter):
    """Rows strictly after a moment (what is new since a visit)."""

    field_class = BoundedDateTimeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gt")
        super().__init__(*args, **kwargs)


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class DayFromFilter(django_filters.DateFilter):
    """Rows on or after the start of a local day."""

    field_class = BoundedDateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.field_name}__gte": local_midnight(value)})


class DayToFilter(DayFromFilter):
    """Rows up to and including a local day."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.field_name}__lt": local_midnight(value + timedelta(days=1))})


class CachedChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a CachedModelChoiceField, fetched when the select list is rendered (an
    API request, which validates but never renders, does not ask for them)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from options.choices(self.field.options_name, self.queryset,
                                   self.field.label_from_instance)

    def __len__(self):
        return sum(1 for _choice in self)

    def __bool__(self):
        return self.field.empty_label is not None or len(self) > 0


class PlainSelect(forms.Select):
    """A Select rendered in Python: Django renders every <option> through a template, which
    for the long lists of a filter form (every area) was most of the form's time. The same
    markup, attributes and escaping (a test holds the two equal); the options are read
    straight from the choices, without the option dictionaries Django builds for its
    templates."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        parts = [format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))]
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(self._option(v, text, chosen) for v, text in label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, label, chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))

    @staticmethod
    def _option(value, label, chosen):
        value = "" if value is None else str(value)
        selected = " selected" if value in chosen else ""
        if selected:
            chosen.discard(value)  # as Django: only the first option with the value
        return f'<option value="{conditional_escape(value)}"{selected}>{conditional_escape(label)}</option>'


class CachedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options come from `trygghet.options` (the shared cache) rather
    than from a query per form. A chosen value is still looked up in the queryset."""

    iterator = CachedChoiceIterator
    widget = PlainSelect

    def __init__(self, *args, options_name, **kwargs):
        self.options_name = options_name
        super().__init__(*args, **kwargs)

    def __deepcopy__(self, memo):
        """A copy for a form shares the field's queryset, which is never evaluated in place
        (the options come from the cache, a chosen row from `options.local`): Django's copy
        clones it for every form."""
        result = super(forms.ChoiceField, self).__deepcopy__(memo)
        result._queryset = self._queryset
        result.widget.choices = result.choices
        return result

    def to_python(self, value):
        """The chosen row, looked up among the queryset's rows kept in the process
        (`options.local`) rather than by a query per filtered page."""
        if value in self.empty_values:
            return None
        if self.to_field_name:
            return super().to_python(value)
        model = self.queryset.model
        try:
            key = model._meta.pk.to_python(value)
        except ValidationError:
            key = None
        rows = options.local(model, f"rows:{self.options_name}",
                             lambda: {row.pk: row for row in self.queryset.all()})
        if key not in rows:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return rows[key]


class CachedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose select list is rendered from the cache. For querysets that are
    the same for every user (categories, areas, organisations); `options_name` names the list
    (default: the model's label and the filter's field name)."""

    field_class = CachedModelChoiceField

    def __init__(self, *args, options_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.options_name = options_name

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self.extra["options_name"] = (self.options_name
                                          or f"{self.model._meta.label_lower}.{self.field_name}")
            super().field  # noqa: B018 - builds self._field
        return self._field


def active_filters(filterset) -> list[str]:
    """The filters in use, as "label: value", for a closed filter panel's summary. A filter
    set may word one of its filters itself: `active_formats = {name: "… %(t)s"}`."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return []
    formats = getattr(filterset, "active_formats", {})
    shown = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], (), False):
            continue
        field = filterset.form[name]
        if value is True:
            shown.append(str(field.label))
            continue
        if isinstance(value, datetime):
            text = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        elif hasattr(field.field, "choices") and not hasattr(value, "pk"):
            labels = {str(k): v for k, v in field.field.choices}
            values = value if isinstance(value, (list, tuple)) else [value]
            text = ", ".join(str(labels.get(str(v), v)) for v in values)
        else:
            text = str(value)
        shown.append(formats[name] % {"t": text} if name in formats
                     else f"{field.label}: {text}")
    return shown


def panel(request, filterset, label, per_page=None):
    """A list's filter panel (filter_panel.html), `label` naming the search for screen readers.

    Rendering the form's fields was the largest part of a filtered list page's own time, yet
    the panel depends only on the filter asked for, the page, the language and its select
    lists' options, whose tables `trygghet.options` versions. So it is rendered once per such
    combination and kept in the process; a change of a category, an area or an organisation
    renders it anew. A form with any other list of options read when it is shown (one that
    could differ per user or change unseen) is rendered every time."""
    def render():
        return render_to_string("filter_panel.html", {
            "filterset": filterset, "label": label, "per_page": per_page, "path": request.path,
        })

    models = []
    for field in filterset.form.fields.values():
        if isinstance(field, CachedModelChoiceField):
            models.append(field.queryset.model)
        elif isinstance(field, forms.ModelChoiceField) or isinstance(
                getattr(field, "_choices", None), CallableChoiceIterator):
            return mark_safe(render())
    data = filterset.data if filterset.is_bound else {}
    # A field's own parameter and any its widget reads under suffixed names (a range's _min).
    asked = tuple(sorted((key, tuple(data.getlist(key))) for key in data if any(
        key == name or key.startswith(f"{name}_") for name in filterset.form.fields)))
    key = (type(filterset).__qualname__, request.path, get_language(), str(label), per_page,
           asked)
    return mark_safe(options.fragment(models, key, render))
