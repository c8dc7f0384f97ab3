"""Words for the codes a stored snapshot keeps (a yearly report's promises part), in the
reader's language."""

from django import template

from ..models import Commitment, Promise

register = template.Library()


@register.filter
def promise_status(code):
    return dict(Promise.Status.choices).get(code, code)


@register.filter
def assessment(code):
    return dict(Commitment.Assessment.choices).get(code, code)
