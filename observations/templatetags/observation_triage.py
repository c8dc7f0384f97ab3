from django import template

from .. import triage

register = template.Library()


@register.filter
def active_filters(filterset):
    """The filters in use, as "label: value", for the closed filter panel's summary."""
    return triage.active_filters(filterset)
