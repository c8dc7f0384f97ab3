"""Numbers as people write them: an indicator's 56.50 is shown as 56,5 in Swedish."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def number(value):
    """Up to two decimals, without trailing zeros, in the reader's language."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value)).quantize(Decimal("0.01"))
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True)
