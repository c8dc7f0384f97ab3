"""PDFs: a template rendered with the site's print stylesheet, and PDFs merged into one.

WeasyPrint fetches nothing from the network: a template may use the site's static files (its
stylesheet, a logo) and data: URIs (charts and maps rendered on the server), nothing else, so
a PDF renders the same on a closed municipal network and user text can never make the server
fetch an address.
"""

import io
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

PRINT_STYLESHEET = "css/print.css"


def base_url() -> str:
    """Links in a PDF lead to the site itself; static files are read from disk."""
    return settings.SITE_URL.rstrip("/") + "/"


def _static_path(url: str) -> Path | None:
    if not url.startswith(base_url()):
        return None
    path = "/" + url[len(base_url()):].split("?")[0].split("#")[0]
    if not path.startswith(settings.STATIC_URL):
        return None
    relative = path[len(settings.STATIC_URL):]
    found = finders.find(relative)
    if found:
        return Path(found)
    candidate = (Path(settings.STATIC_ROOT) / relative).resolve()
    if candidate.is_file() and Path(settings.STATIC_ROOT).resolve() in candidate.parents:
        return candidate
    return None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                raise ValueError(f"PDFs may only use the site's static files, not {url}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    return StaticOnlyFetcher()


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """The template as a PDF, styled by the site's print stylesheet (static/css/print.css)."""
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, context, request=request)
    fetcher = _fetcher()
    stylesheet = CSS(url=base_url() + settings.STATIC_URL.lstrip("/") + PRINT_STYLESHEET,
                     url_fetcher=fetcher)
    return HTML(string=html, base_url=base_url(), url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet])


def merge_pdfs(parts) -> bytes:
    """One PDF of several, in order (the committee's handlingar: cover, cases, attachments)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    stem = slugify(Path(filename).stem) or "dokument"
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    return response
