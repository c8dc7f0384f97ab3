"""Template filters the apps share."""

import base64
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from trygghet import filters, parts

register = template.Library()


@register.simple_tag(takes_context=True)
def filter_panel(context, label):
    """The page's filter panel for its `filterset` (trygghet.filters.panel)."""
    return filters.panel(context["request"], context["filterset"], label,
                         per_page=context.get("per_page"))


@register.simple_tag(takes_context=True)
def kept_part(context, template_name, per_member=False, **values):
    """A part of a page, kept between requests (trygghet.parts.part)."""
    return mark_safe(parts.part(context, template_name, per_member=per_member, **values))


@register.filter
def active_filters(filterset):
    """The filters in use, for a closed filter panel's summary (filter_panel.html)."""
    return filters.active_filters(filterset)


@register.filter
def iso(value):
    """An ISO 8601 time from a stored snapshot as a local datetime, for the `date` filter; what
    cannot be read is shown as it is."""
    if not isinstance(value, str):
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


@register.filter
def data_uri(content, mime_type="image/png"):
    """Bytes as a data: URI (pictures embedded in a PDF, which fetches nothing)."""
    return f"data:{mime_type};base64,{base64.b64encode(content).decode()}"
