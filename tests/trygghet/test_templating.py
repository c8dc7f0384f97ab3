"""Constant tags rendered once per language (trygghet.templating): what a page shows is what
Django's own tags would show, in every language, address prefix and escaping."""

import pytest
from django.template import Context, Engine
from django.test import override_settings
from django.urls import set_script_prefix
from django.utils import translation

from trygghet.templating import Kept

pytestmark = pytest.mark.django_db


LIBRARIES = {"i18n": "django.templatetags.i18n", "static": "django.templatetags.static"}


def engine(**templates):
    return Engine(loaders=[("trygghet.templating.Loader", [
        ("django.template.loaders.locmem.Loader", templates)])], libraries=LIBRARIES)


def djangos(**templates):
    """The same templates with Django's own loader: what the kept tags must show."""
    return Engine(loaders=[("django.template.loaders.locmem.Loader", templates)],
                  libraries=LIBRARIES)


def rendered(engine, name, language="sv", **context):
    with translation.override(language):
        return engine.get_template(name).render(Context(context))


def test_a_kept_translation_follows_the_language_of_each_page():
    pages = engine(page='{% load i18n %}{% translate "Observationer" %}|{% language "en" %}'
                        '{% translate "Visa på karta" %}{% endlanguage %}')
    assert rendered(pages, "page", "sv") == "Observationer|Show on map"
    assert rendered(pages, "page", "en") == "Observations|Show on map"
    assert rendered(pages, "page", "sv") == "Observationer|Show on map"
    nodes = pages.get_template("page").nodelist
    [language] = [node for node in nodes if type(node).__name__ == "LanguageNode"]
    assert sum(isinstance(node, Kept) for node in nodes) == 1
    assert isinstance(language.nodelist[0], Kept)


def test_a_part_rendered_in_another_language_keeps_each_language_its_own_words():
    pages = engine(page='{% load i18n %}{% translate "Observationer" %}|{% language "en" %}'
                        '{% include "part" %}{% endlanguage %}',
                   part='{% load i18n %}{% translate "Visa på karta" %}')
    assert rendered(pages, "page", "sv") == "Observationer|Show on map"
    assert rendered(pages, "part", "sv") == "Visa på karta"
    # One context rendered again in another language shows that language.
    context = Context()
    with translation.override("sv"):
        assert pages.get_template("part").render(context) == "Visa på karta"
    with translation.override("en"):
        assert pages.get_template("part").render(context) == "Show on map"


def test_a_kept_tag_is_escaped_as_where_it_stands():
    page = ('{% load i18n %}{% translate "a & <b>" %}|{% url "observations:observation-list" %}|'
            '{% autoescape off %}{% translate "a & <b>" %}{% endautoescape %}|'
            '{% translate "Observationer" as label %}{{ label }}')
    for language in ("sv", "en", "sv"):
        assert rendered(engine(page=page), "page", language) == rendered(
            djangos(page=page), "page", language)


def test_what_stores_in_a_variable_or_reads_one_is_left_to_render_each_time():
    pages = engine(page='{% load i18n %}{% translate "Observationer" as label %}{{ label }}|'
                        '{% translate word %}|{% url view_name %}')
    assert rendered(pages, "page", word="Ett", view_name="observations:observation-list") == (
        "Observationer|Ett|/observationer/")
    assert rendered(pages, "page", word="Två", view_name="observations:observation-map") == (
        "Observationer|Två|/observationer/karta/")
    assert not any(isinstance(node, Kept) for node in pages.get_template("page").nodelist)


def test_a_kept_address_follows_the_script_prefix_and_a_static_one_the_settings():
    pages = engine(page="{% load static %}{% url 'observations:observation-list' %}|"
                        "{% static 'css/site.css' %}")
    assert rendered(pages, "page").startswith("/observationer/|/static/css/site.css")
    set_script_prefix("/kommun/")
    try:
        assert rendered(pages, "page").startswith("/kommun/observationer/|")
    finally:
        set_script_prefix("/")
    with override_settings(STATIC_URL="/filer/",
                           STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles."
                                                                "storage.StaticFilesStorage"}}):
        assert rendered(pages, "page") == "/observationer/|/filer/css/site.css"


def test_a_page_extending_the_layout_has_its_blocks_and_words_in_both_languages(client,
                                                                               reporter):
    client.force_login(reporter)
    swedish = client.get("/observationer/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/observationer/").content.decode()
    assert "<h1>Observationer</h1>" in swedish and "Visa på karta" in swedish
    assert "<h1>Observations</h1>" in english and "Show on map" in english
    assert "Visa på karta" not in english
    assert "<title>Observations – " in english
