"""The layout's header and footer (templates/layout/), rendered once and kept in the process.

They were half of the time a list page spent in its templates: the header reverses an address
and asks a permission for every item of the main menu, and both write out forms. Yet the
header depends only on the member (their name, organisation and role, whose rows
`trygghet.members` keeps under a generation that any change of them renews), the language and
the page it marks as current; the footer only on the language. So each is kept per such key,
with two values of the request's own written in afterwards: its CSRF token and, in the
footer's language form, its address. A header is kept no longer than the member's rows are
(`members.CACHE_SECONDS`: a change that starts no new generation, a user's `update()`, shows
within that), in a store of its own, so that members' headers do not push the filter panels
out of theirs. A member whose rows are not known to be current (no generation: the shared
cache was out of reach), or a request that never came to know its user (a bad Host header,
answered before the session is read), gets them rendered each time.
"""

import secrets

from django.middleware.csrf import get_token
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.translation import get_language

from . import members, options

# What the kept parts hold in place of the request's own values, unguessable, so that nothing
# a member types (their name) can be taken for them.
CSRF_TOKEN = f"csrf-{secrets.token_hex(16)}"
NEXT_PATH = f"next-{secrets.token_hex(16)}"


_parts = options.Fragments(size=1024, timeout=members.CACHE_SECONDS)


def part(context, template_name: str, per_member: bool = True) -> str:
    """`template_name` rendered with the page's context, kept as the module says: per member,
    language and page, or (`per_member=False`) per language only."""
    request = context.get("request")
    if request is None:
        return _render(context, template_name, context.get("csrf_token"), "")
    key = (template_name, get_language(), get_script_prefix())
    if per_member:
        user, match = getattr(request, "user", None), request.resolver_match
        generation = getattr(user, "member_generation", None)
        if user is None or (user.is_authenticated and generation is None):
            return _render(context, template_name, context.get("csrf_token"),
                           request.get_full_path())
        key += (match.view_name if match else "", user.pk, generation)
    html = _parts.get(key, lambda: _render(context, template_name, CSRF_TOKEN, NEXT_PATH))
    if CSRF_TOKEN in html:
        # The page's own token, masked once for all its forms (a few dozen random draws).
        token = context.get("csrf_token") or get_token(request)
        html = html.replace(CSRF_TOKEN, escape(str(token)))
    if NEXT_PATH in html:
        html = html.replace(NEXT_PATH, escape(request.get_full_path()))
    return html


def _render(context, template_name, csrf_token, next_path):
    template = context.template.engine.get_template(template_name)
    with context.push(csrf_token=csrf_token, next_path=next_path):
        return template.render(context)
