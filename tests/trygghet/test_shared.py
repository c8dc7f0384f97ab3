"""The core's shared pieces: ISO weeks, PDFs, the public base, the municipality from data."""

import io

import pytest
from django.test import RequestFactory
from django.test.signals import template_rendered
from pypdf import PdfReader

from trygghet import municipality, pdf
from trygghet.errors import DomainError
from trygghet.public import public_page, render_public
from trygghet.weeks import has_week, parse_week, shift_week, week_label


@pytest.mark.parametrize("text, expected", [
    ("2026-W46", (2026, 46)), ("2026-46", (2026, 46)), ("2026 v 46", (2026, 46)),
    (" 2026-w05 ", (2026, 5)), ("2020-W53", (2020, 53)),
])
def test_weeks_are_read_as_people_write_them(text, expected):
    assert parse_week(text, allow_future=True) == expected


@pytest.mark.parametrize("text, message", [
    ("nästa vecka", "till exempel 2026-W46"),
    ("2026-W54", "Vecka 54 finns inte år 2026"),
    ("2025-W53", "Vecka 53 finns inte år 2025"),
    ("0001-W01", "mellan 2000 och 2100"),
    ("9999-W01", "mellan 2000 och 2100"),
    ("2026-W" + "9" * 5000, "till exempel 2026-W46"),
])
def test_an_impossible_week_is_a_swedish_error(text, message):
    with pytest.raises(DomainError) as error:
        parse_week(text, allow_future=True)
    assert message in error.value.message and error.value.field == "week"


def test_iso_week_arithmetic_crosses_years():
    assert shift_week(2027, 1, -1) == (2026, 53) and has_week(2026, 53)
    assert shift_week(2026, 53, 1) == (2027, 1) and not has_week(2027, 53)
    assert week_label(2026, 5) == "2026-W05"


def test_a_template_becomes_a_pdf_with_the_print_stylesheet_and_pdfs_merge(monkeypatch):
    html = "<h1>Lägesbild vecka 46 2026</h1><p class='muted'>Text</p>"
    monkeypatch.setattr("trygghet.pdf.render_to_string", lambda *a, **k: html)
    one = pdf.render_pdf("any.html", {})
    merged = pdf.merge_pdfs([one, one])
    reader = PdfReader(io.BytesIO(merged))
    assert len(reader.pages) == 2 * len(PdfReader(io.BytesIO(one)).pages)
    assert "Lägesbild vecka 46 2026" in reader.pages[0].extract_text()
    # The print stylesheet applies: A4 pages.
    assert round(float(reader.pages[0].mediabox.width)) == 595


def test_a_pdf_fetches_nothing_but_the_sites_static_files(monkeypatch):
    import urllib.request

    opened = []
    monkeypatch.setattr(urllib.request.OpenerDirector, "open",
                        lambda self, *a, **k: opened.append(a) or None)
    html = ('<img src="http://169.254.169.254/latest/meta-data/">'
            '<img src="file:///etc/passwd"><link rel="stylesheet" href="/static/css/print.css">')
    monkeypatch.setattr("trygghet.pdf.render_to_string", lambda *a, **k: html)
    document = pdf.render_pdf("unused.html", {})
    assert document.startswith(b"%PDF") and opened == []


@pytest.mark.django_db
def test_a_public_page_has_no_user_in_its_context(rf_user):
    request, user = rf_user
    seen = []

    def capture(sender, context, **kwargs):
        seen.append(context.flatten())

    template_rendered.connect(capture)
    try:
        response = render_public(request, "public_base.html", {"title": "Medborgarlöften"})
    finally:
        template_rendered.disconnect(capture)
    page = response.content.decode()
    assert response.status_code == 200 and user.username not in page
    assert user.get_full_name() not in page
    keys = set().union(*(context.keys() for context in seen))
    assert not keys & {"user", "perms", "current_membership", "request", "main_menu"}
    assert "Logga ut" not in page and "Administration" not in page


@pytest.mark.django_db
def test_a_public_page_needs_no_login_and_may_be_cached(rf_user):
    request, _user = rf_user

    @public_page
    def view(request):
        return render_public(request, "public_base.html", {})

    response = view(request)
    assert view.login_required is False
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.fixture
def rf_user(django_user_model):
    user = django_user_model.objects.create_user("hemlig", first_name="Hemlig", last_name="Person")
    request = RequestFactory().get("/medborgarloften/")
    request.user = user
    return request, user


@pytest.mark.django_db
def test_the_municipality_comes_from_its_boundary_area(areas, settings):
    settings.MUNICIPALITY_NAME = "Standardnamn"
    current = municipality.current()
    assert current.name == "Upplands-Bro kommun"
    lat, lon = current.centre
    from trygghet.models import Area

    assert Area.objects.is_inside_municipality(lat, lon)


@pytest.mark.django_db
def test_without_a_boundary_the_configured_name_and_region_stand_in(settings):
    settings.MUNICIPALITY_NAME = "Exempelby kommun"
    current = municipality.current()
    assert current.name == "Exempelby kommun" and current.boundary is None
    assert current.bounds == tuple(settings.MUNICIPALITY_REGION)
