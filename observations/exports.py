"""The filtered observation list as a file: Excel (XLSX), CSV or GeoJSON.

Rows are read through a server-side cursor (`values().iterator()`) and written out as they
come, so an export takes the same little memory for a hundred rows as for a million. Reads of
restricted rows are recorded a chunk at a time, before the chunk is written, as every other
read of them is. The headings follow the reader's language; the numbers are numbers.
"""

import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.http import FileResponse, Http404, QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _, gettext_lazy

from trygghet import csvfile
from trygghet.errors import DomainError

from . import services
from .filters import ObservationFilterSet
from .models import ExportJob, Observation

CHUNK_ROWS = 2000
FIELDS = ("id", "occurred_at", "logged_at", "category__name", "area__name", "place_description",
          "description", "severity", "status", "organisation__name", "restricted", "people_count",
          "latitude", "longitude", "placement")


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    width: int = 14


COLUMNS = (
    Column("id", gettext_lazy("Id"), 8),
    Column("occurred_at", gettext_lazy("När det hände"), 17),
    Column("logged_at", gettext_lazy("Loggad"), 17),
    Column("category", gettext_lazy("Kategori"), 24),
    Column("area", gettext_lazy("Område"), 20),
    Column("place_description", gettext_lazy("Platsbeskrivning"), 30),
    Column("description", gettext_lazy("Beskrivning"), 50),
    Column("severity", gettext_lazy("Allvarlighet"), 12),
    Column("status", gettext_lazy("Status"), 14),
    Column("organisation", gettext_lazy("Organisation"), 28),
    Column("restricted", gettext_lazy("Begränsad"), 10),
    Column("people_count", gettext_lazy("Antal personer"), 10),
    Column("latitude", gettext_lazy("Latitud"), 11),
    Column("longitude", gettext_lazy("Longitud"), 11),
    Column("placement", gettext_lazy("Placering"), 14),
)
NUMBER_COLUMNS = {"id", "people_count", "latitude", "longitude"}
TIME_COLUMNS = {"occurred_at", "logged_at"}


def filters_of(params) -> dict:
    """The list's filter from a query string, as an export job keeps it: {name: [values]},
    without the list's page and page size."""
    return {key: params.getlist(key) for key in sorted(params)
            if key not in ("page", "per_page", "format", "csrfmiddlewaretoken")}


class _Asker:
    """What the FilterSet may ask of a request, for a job run away from one."""

    def __init__(self, user, params):
        self.user, self.GET = user, params


def filterset(user, filters: dict, request=None) -> ObservationFilterSet:
    """The list page's FilterSet over what `user` may see: an export holds the rows the list
    shows, however it is run."""
    params = QueryDict(mutable=True)
    for key, values in filters.items():
        params.setlist(key, values)
    queryset = Observation.objects.visible_to(user)
    return ObservationFilterSet(params or None, queryset=queryset,
                                request=request or _Asker(user, params))


def filtered(user, filters: dict, request=None):
    """The rows to export; a filter that no longer holds (a category since removed) is refused
    rather than quietly dropped, which would export more than was asked for."""
    chosen = filterset(user, filters, request)
    if chosen.is_bound and not chosen.is_valid():
        raise DomainError(_("Filtret gäller inte längre (något i det har tagits bort). "
                            "Välj filtret på nytt och exportera igen."))
    return chosen.qs


def filter_errors(user, filters: dict) -> dict:
    """What is wrong with a filter sent through the API, by parameter: a name the list does
    not filter by, or a value it refuses (as GET /api/v1/observations/ would)."""
    chosen = filterset(user, filters)
    errors = {name: [_("Listan filtreras inte på ”%(name)s”.") % {"name": name}]
              for name in filters if name not in chosen.form.fields}
    if not errors and chosen.is_bound and not chosen.is_valid():
        errors = {name: list(messages) for name, messages in chosen.errors.items()}
    return errors


def download(job):
    """A finished export as a download to its owner: never shown inline, kept by no cache.
    The caller has checked that the job is done."""
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True,
                            filename=filename(job.format, job.finished_at),
                            content_type=CONTENT_TYPES[job.format])
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def filename(fmt: str, when=None) -> str:
    return f"observationer-{timezone.localdate(when):%Y-%m-%d}.{fmt}"


def records(queryset, *, user, progress: Callable[[int], None] | None = None) -> Iterator[dict]:
    """The rows of `queryset` (already filtered and made visible to `user`) as dicts of plain
    values, read a chunk at a time through a server-side cursor; the chunk's restricted rows
    are logged as read by `user` before any of it is handed on."""
    # Resolved once: a lazy label or the current time zone looked up per row costs more than
    # the rest of the row.
    labels = {
        "severity": {k: str(v) for k, v in Observation.Severity.choices},
        "status": {k: str(v) for k, v in Observation.Status.choices},
        "placement": {k: str(v) for k, v in Observation.Placement.choices},
    }
    yes, no = _("ja"), _("nej")
    zone = timezone.get_current_timezone()
    rows = queryset.values(*FIELDS).iterator(chunk_size=CHUNK_ROWS)
    done = 0
    while chunk := list(islice(rows, CHUNK_ROWS)):
        services.record_reads(ids=[row["id"] for row in chunk if row["restricted"]],
                                 user=user, via="export")
        for row in chunk:
            yield {
                "id": row["id"],
                "occurred_at": row["occurred_at"].astimezone(zone).replace(tzinfo=None),
                "logged_at": row["logged_at"].astimezone(zone).replace(tzinfo=None),
                "category": row["category__name"],
                "area": row["area__name"] or "",
                "place_description": row["place_description"],
                "description": row["description"],
                "severity": labels["severity"].get(row["severity"], row["severity"]),
                "status": labels["status"].get(row["status"], row["status"]),
                "organisation": row["organisation__name"],
                "restricted": yes if row["restricted"] else no,
                "people_count": row["people_count"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "placement": labels["placement"].get(row["placement"], row["placement"]),
                "_restricted": row["restricted"],
                "_severity": row["severity"],
                "_status": row["status"],
            }
        done += len(chunk)
        if progress:
            progress(done)


def headings():
    return [str(column.heading) for column in COLUMNS]


def csv_pieces(rows: Iterator[dict]) -> Iterator[str]:
    return csvfile.pieces(headings(), ([row[c.key] for c in COLUMNS] for row in rows))


def geojson_pieces(rows: Iterator[dict]) -> Iterator[str]:
    """A FeatureCollection written a feature at a time; the properties keep the codes of
    severity and status beside their words, for a GIS to join on."""
    yield '{"type": "FeatureCollection", "features": [\n'
    batch, separator = [], ""
    for row in rows:
        properties = {c.key: row[c.key] for c in COLUMNS
                      if c.key not in ("id", "latitude", "longitude")}
        properties["occurred_at"] = row["occurred_at"].isoformat(timespec="minutes")
        properties["logged_at"] = row["logged_at"].isoformat(timespec="minutes")
        properties["restricted"] = row["_restricted"]
        properties["severity_code"], properties["status_code"] = row["_severity"], row["_status"]
        batch.append(json.dumps({
            "type": "Feature", "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": properties,
        }, ensure_ascii=False))
        # A few hundred features a piece: one write per feature would cost more than the rest.
        if len(batch) == csvfile.ROWS_PER_PIECE:
            yield separator + ",\n".join(batch)
            batch, separator = [], ",\n"
    yield (separator + ",\n".join(batch) if batch else "") + "\n]}\n"


def write_xlsx(rows: Iterator[dict], out) -> None:
    """An Excel workbook into the binary file `out`. XlsxWriter's constant_memory mode writes
    each row to disk once the next begins; text is always text (a description that starts with
    "=" is not a formula) and times are Excel times."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(out, {
        "constant_memory": True, "tmpdir": tempfile.gettempdir(),
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    sheet = workbook.add_worksheet(_("Observationer"))
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, column.width, when if column.key in TIME_COLUMNS else None)
        sheet.write_string(0, index, str(column.heading), bold)
    sheet.freeze_panes(1, 0)
    writers = [(index, column.key,
                (lambda r, c, v: sheet.write_datetime(r, c, v, when)) if column.key in TIME_COLUMNS
                else sheet.write_number if column.key in NUMBER_COLUMNS else sheet.write_string)
               for index, column in enumerate(COLUMNS)]
    row_number = 0
    for row_number, row in enumerate(rows, start=1):
        for index, key, write_cell in writers:
            value = row[key]
            if value is not None and value != "":
                write_cell(row_number, index, value)
    sheet.autofilter(0, 0, row_number, len(COLUMNS) - 1)
    workbook.close()


CONTENT_TYPES = {
    ExportJob.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportJob.Format.CSV: csvfile.CONTENT_TYPE,
    ExportJob.Format.GEOJSON: "application/geo+json",
}


def text_pieces(fmt: str, rows: Iterator[dict]) -> Iterator[str]:
    return csv_pieces(rows) if fmt == ExportJob.Format.CSV else geojson_pieces(rows)


def stream(fmt: str, rows: Iterator[dict], language: str) -> Iterator[bytes]:
    """A CSV or GeoJSON export as a streaming response sends it, in the asker's language
    however late the server reads it."""
    with translation.override(language):
        for piece in text_pieces(fmt, rows):
            yield piece.encode("utf-8")


def write(fmt: str, rows: Iterator[dict], out) -> None:
    """The export in format `fmt` into the binary file `out`."""
    if fmt == ExportJob.Format.XLSX:
        write_xlsx(rows, out)
        return
    for piece in text_pieces(fmt, rows):
        out.write(piece.encode("utf-8"))
