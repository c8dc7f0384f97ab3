"""Attachments are judged by what they contain, never by their name: a PDF starts with %PDF-
and pypdf can read its pages; a Word document is a zip holding [Content_Types].xml and
word/document.xml that python-docx can open. Anything else is refused with a Swedish
message, as is a file over the size limit (CASE_ATTACHMENT_MAX_MB)."""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Zip bombs: a Word file whose parts unpack to more than this is refused before it is read.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def max_bytes() -> int:
    return settings.CASE_ATTACHMENT_MAX_MB * 1024 * 1024


def kind_of(data: bytes) -> str:
    """"pdf" or "docx" for a readable file of either kind; a ValidationError otherwise."""
    if len(data) > max_bytes():
        raise ValidationError({"file": _("Filen är större än %(mb)s MB.")
                               % {"mb": settings.CASE_ATTACHMENT_MAX_MB}})
    if not data:
        raise ValidationError({"file": _("Filen är tom.")})
    if data[:1024].lstrip().startswith(b"%PDF-"):
        _check_pdf(data)
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        _check_docx(data)
        return "docx"
    raise ValidationError({"file": _("Bilagor ska vara PDF eller Word (.docx). Den här filen är "
                                     "något annat, vad den än heter.")})


def _check_pdf(data):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError({"file": _("PDF:en är lösenordsskyddad och kan inte läggas i "
                                             "handlingarna. Ladda upp en version utan lösenord.")})
        if len(reader.pages) == 0:
            raise ValidationError({"file": _("PDF:en har inga sidor.")})
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise ValidationError({"file": _("PDF:en går inte att läsa; den kan vara skadad.")}) from None


def _check_docx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError({"file": _("Word-filen går inte att läsa; den kan vara skadad.")}) from None
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise ValidationError({"file": _("Bilagor ska vara PDF eller Word (.docx). Den här filen är "
                                         "något annat, vad den än heter.")})
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError({"file": _("Word-filen är för stor uppackad.")})
    try:
        import docx

        docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 (python-docx raises many kinds for a broken file)
        raise ValidationError({"file": _("Word-filen går inte att läsa; den kan vara skadad.")}) from None
