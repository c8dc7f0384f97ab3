"""An agreement's documents are judged by what they contain, never by their name: a PDF
starts with %PDF- and pypdf can read its pages; a Word document is a zip holding
[Content_Types].xml and word/document.xml; an OpenDocument text is a zip whose first member,
"mimetype", says so; the text part of either (word/document.xml, content.xml) must be
well-formed XML with the root its kind has. Anything else is refused with a Swedish message, as
is a file over the size limit (AGREEMENT_DOCUMENT_MAX_MB)."""

import io
import zipfile
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Zip bombs: a document whose parts unpack to more than this is refused before it is read.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def max_bytes() -> int:
    return settings.AGREEMENT_DOCUMENT_MAX_MB * 1024 * 1024


def too_large() -> str:
    return _("Filen är större än %(mb)s MB.") % {"mb": settings.AGREEMENT_DOCUMENT_MAX_MB}


def _refuse(message):
    raise ValidationError({"file": message})


def kind_of(data: bytes) -> str:
    """"pdf", "docx" or "odt" for a readable file of that kind; a ValidationError otherwise."""
    if len(data) > max_bytes():
        _refuse(too_large())
    if not data:
        _refuse(_("Filen är tom."))
    if data[:1024].lstrip().startswith(b"%PDF-"):
        _check_pdf(data)
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zipped_kind(data)
    _refuse(_("Dokument ska vara PDF, Word (.docx) eller OpenDocument (.odt). Den här filen är "
              "något annat, vad den än heter."))


def _check_pdf(data):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            _refuse(_("PDF:en är lösenordsskyddad. Ladda upp en version utan lösenord."))
        if len(reader.pages) == 0:
            _refuse(_("PDF:en har inga sidor."))
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        _refuse(_("PDF:en går inte att läsa; den kan vara skadad."))


def _zipped_kind(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            unpacked = sum(info.file_size for info in infos)
            if unpacked > MAX_UNPACKED_BYTES:
                _refuse(_("Dokumentet är för stort uppackat."))
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                _check_text(archive.read("word/document.xml"), "document")
                return "docx"
            if infos and infos[0].filename == "mimetype" and "content.xml" in names:
                if archive.read("mimetype").strip() == ODT_MIMETYPE:
                    # A document saved with a password has its text encrypted, and its
                    # manifest says so.
                    if ("META-INF/manifest.xml" in names
                            and b"encryption-data" in archive.read("META-INF/manifest.xml")):
                        _refuse(_("Dokumentet är lösenordsskyddat. Ladda upp en version utan "
                                  "lösenord."))
                    _check_text(archive.read("content.xml"), "document-content")
                    return "odt"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            expat.ExpatError):
        _refuse(_("Dokumentet går inte att läsa; det kan vara skadat."))
    _refuse(_("Dokument ska vara PDF, Word (.docx) eller OpenDocument (.odt). Den här filen är "
              "något annat, vad den än heter."))


def _check_text(xml: bytes, root: str):
    """The document's text part read to its end by expat, building nothing (an ExpatError
    where it is not well-formed XML): its root element must be `root` (in any namespace:
    Word's strict and transitional formats differ). Expat refuses entity expansion bombs and
    fetches nothing from outside."""
    names = []
    parser = expat.ParserCreate(namespace_separator="}")

    def first(name, attributes):
        names.append(name)
        parser.StartElementHandler = None  # the rest is only read

    parser.StartElementHandler = first
    parser.Parse(xml, True)
    if not names or names[0].rsplit("}", 1)[-1] != root:
        raise ValueError(f"not a {root}")
