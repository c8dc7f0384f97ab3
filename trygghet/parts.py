"""Parts of pages rendered once and kept in the process: the layout's header and footer
(templates/layout/), the export controls.

They were half of the time a list page spent in its templates: the header reverses an address
and asks a permission for every item of the main menu, and each part writes out a form. Yet
the header depends only on the member (their name, organisation and role, whose rows
`trygghet.members` keeps under a generation that any change of them renews), the language and
the page it marks as current; the footer and the export controls only on the language and
what the page says of them. So each is kept per such key, with the request's own values
written in afterwards: its CSRF token (`csrf_token`), its address (`next_path`) and its query
string (`query_string`, "?..." or nothing), which a kept part's template uses as variables.

A part kept per member is kept no longer than the member's rows are (`members.CACHE_SECONDS`:
a change that starts no new generation, a user's `update()`, shows within that), in a store of
its own, so that parts do not push the filter panels out of theirs. A member whose rows are
not known to be current (no generation: the shared cache was out of reach), or a request that
never came to know its user (a bad Host header, answered before the session is read), gets
the part rendered each time.
"""

import secrets

from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import members, options, templating

# What the kept parts hold in place of the request's own values, unguessable, so that nothing
# a member types (their name) can be taken for them.
CSRF_TOKEN = f"csrf-{secrets.token_hex(16)}"
NEXT_PATH = f"next-{secrets.token_hex(16)}"
QUERY_STRING = f"query-{secrets.token_hex(16)}"

_parts = options.Fragments(size=1024, timeout=members.CACHE_SECONDS)


def part(context, template_name: str, per_member: bool = False, **values) -> str:
    """`template_name` rendered with the page's context and `values`, kept as the module says:
    per language and `values`, and with `per_member` per member and page too."""
    request = context.get("request")
    if request is None:
        return _render(context, template_name, values, own=None)
    # The address prefix and the like read once per page (trygghet.templating).
    key = (template_name, get_language(), templating.rendering(context),
           *sorted(values.items()))
    if per_member:
        user, match = getattr(request, "user", None), request.resolver_match
        generation = getattr(user, "member_generation", None)
        if user is None or (user.is_authenticated and generation is None):
            return _render(context, template_name, values, own=request)
        key += (match.view_name if match else "", user.pk, generation)
    html = _parts.get(key, lambda: _render(context, template_name, values, own=None,
                                           stand_ins=True))
    if CSRF_TOKEN in html:
        # The page's own token, masked once for all its forms (a few dozen random draws).
        token = context.get("csrf_token") or get_token(request)
        html = html.replace(CSRF_TOKEN, escape(str(token)))
    if NEXT_PATH in html:
        html = html.replace(NEXT_PATH, escape(request.get_full_path()))
    if QUERY_STRING in html:
        html = html.replace(QUERY_STRING, _query_string(request))
    return html


def _query_string(request):
    return escape(f"?{request.GET.urlencode()}") if request.GET else ""


def _render(context, template_name, values, own, stand_ins=False):
    """The part, with the request's own values (`own`) or, to be kept, their stand-ins."""
    template = context.template.engine.get_template(template_name)
    if stand_ins:
        written = {"csrf_token": CSRF_TOKEN, "next_path": NEXT_PATH, "query_string": QUERY_STRING}
    else:
        written = {"csrf_token": context.get("csrf_token"),
                   "next_path": own.get_full_path() if own else "",
                   "query_string": mark_safe(_query_string(own)) if own else ""}
    with context.push(**values, **written):
        return template.render(context)
