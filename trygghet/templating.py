"""Templates as Django's cached loader keeps them, with what cannot change between two requests
in one language done once.

Django renders every tag of a page on every request, also those whose output is the same each
time: a literal text to translate (`{% translate "Observationer" %}`), a static file's address
(`{% static 'css/site.css' %}`), a page's address without arguments (`{% url 'x:y' %}`). Those
were a fifth of the time the observation log spent in its templates, and a page that extends
the layout had the layout's blocks searched for in the whole layout again each time.

This loader, once per compiled template, wraps each such tag in a `Kept` node that renders it
once per language, script prefix, URL configuration, current application and autoescaping (all
that its output may depend on) and answers that afterwards; and it gives a template its
blocks found once. A tag that stores its output in a variable (`as`), takes arguments or
variables, or translates in a context, is left as it is. The language is read for each tag
(a `{% language %}` block, or a page rendered again in another language, changes it); the
address prefix and URL configuration once per rendering of a page. Any change of settings
(tests' `override_settings`) forgets what was kept.
"""

from django.core.signals import setting_changed
from django.template.base import Node, NodeList, Variable
from django.template.defaulttags import IfNode, URLNode
from django.template.loaders import cached
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

# Renewed by any change of settings: what was kept under another is not answered.
_settings = [0]


def _settings_changed(**kwargs):
    _settings[0] += 1


def settings_version() -> int:
    """Renewed by any change of settings: for what else is kept per language."""
    return _settings[0]


setting_changed.connect(_settings_changed)


def _literal(expression) -> bool:
    """Whether a tag's argument is a literal without filters ("text", 'path')."""
    var = getattr(expression, "var", None)
    # A constant is read as the parser reads it (a str), or, by `translate`, as a Variable.
    literal = isinstance(var, str) or (isinstance(var, Variable) and var.literal is not None)
    return literal and not expression.filters


def constant(node) -> bool:
    """Whether the node renders the same for every request in one language (above)."""
    if type(node) is TranslateNode:
        return node.asvar is None and node.message_context is None and _literal(
            node.filter_expression)
    if type(node) is StaticNode:
        return node.varname is None and _literal(node.path)
    if type(node) is URLNode:
        return node.asvar is None and not node.args and not node.kwargs and _literal(
            node.view_name)
    return False


def rendering(context) -> tuple:
    """What a constant tag's output depends on besides the language and autoescaping: the
    address prefix and URL configuration, the current application and the settings. Read once
    per rendering of a page (each is a look-up of the request's own state), and kept in the
    state the whole rendering shares."""
    shared = context.render_context.dicts[0]
    found = shared.get(Kept)
    if found is None:
        found = shared[Kept] = _rendering(context)
    return found


def _rendering(context):
    request = getattr(context, "request", None)
    try:  # as {% url %} finds the current application
        current_app = request.current_app
    except AttributeError:
        match = getattr(request, "resolver_match", None)
        current_app = match.namespace if match else None
    return get_script_prefix(), get_urlconf(), current_app, _settings[0]


class Kept(Node):
    """A constant tag (`constant`), rendered once per what its output may depend on."""

    def __init__(self, node):
        self.node, self.token, self.origin = node, node.token, node.origin
        self.rendered = {}

    def render(self, context):
        key = (get_language(), rendering(context), context.autoescape)
        try:
            return self.rendered[key]
        except KeyError:
            output = self.rendered[key] = self.node.render(context)
            return output

    def __repr__(self):
        return f"<Kept {self.node!r}>"


class BlocksKnown(NodeList):
    """A template's nodes, answering which of them are of a type (the layout's blocks, asked
    by every page that extends it) from what it found the first time."""

    def get_nodes_by_type(self, nodetype):
        found = self.__dict__.setdefault("_found", {})
        if nodetype not in found:
            found[nodetype] = super().get_nodes_by_type(nodetype)
        return found[nodetype]


def _nodelists(node):
    if isinstance(node, IfNode):
        return [nodelist for _condition, nodelist in node.conditions_nodelists]
    return [value for value in vars(node).values() if isinstance(value, NodeList)]


def keep_constants(nodelist):
    """Wrap the constant tags of `nodelist` and of every node inside it in `Kept`."""
    for i, node in enumerate(nodelist):
        if constant(node):
            nodelist[i] = Kept(node)
            continue
        for inner in _nodelists(node):
            keep_constants(inner)


class Loader(cached.Loader):
    """Django's cached loader, giving each template it compiles kept constant tags and its
    blocks found once (the module's text)."""

    def get_template(self, template_name, skip=None):
        template = super().get_template(template_name, skip)
        if not isinstance(template.nodelist, BlocksKnown):
            keep_constants(template.nodelist)
            nodelist = BlocksKnown(template.nodelist)
            nodelist.contains_nontext = template.nodelist.contains_nontext
            template.nodelist = nodelist
        return template
