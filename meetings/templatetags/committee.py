from django import template
from django.utils.safestring import mark_safe

from .. import richtext

register = template.Library()


@register.filter
def rich_text(html):
    """Stored rich text, sanitised again as it is shown: whatever wrote the row, only the
    allowed tags reach a page or a document."""
    return mark_safe(richtext.clean(html))  # noqa: S308 (sanitised by nh3 just now)


@register.filter
def member_line(attendance):
    """"Hans Åberg (L)"."""
    return f"{attendance.name} ({attendance.party})" if attendance.party else attendance.name
