"""Word, both ways, with python-docx: a Word attachment read as blocks of text (headings,
paragraphs, lists, tables) for the handlingar, and a tjänsteskrivelse written as a .docx for
staff who finish it in Word."""

import io
import re

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from . import richtext

HEADING = re.compile(r"^(heading|rubrik|title|rubrik)\s*(\d*)", re.IGNORECASE)
LIST_STYLE = re.compile(r"list|lista", re.IGNORECASE)


class UnreadableWord(Exception):
    pass


def _paragraph_block(paragraph):
    text = paragraph.text.strip()
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = HEADING.match(style)
    if heading:
        level = int(heading.group(2) or 1)
        return {"kind": "h3" if level <= 1 else "h4", "text": text}
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or LIST_STYLE.search(style):
        return {"kind": "li", "text": text}
    runs = [{"text": run.text, "bold": bool(run.bold), "italic": bool(run.italic)}
            for run in paragraph.runs if run.text]
    return {"kind": "p", "runs": runs or [{"text": text, "bold": False, "italic": False}]}


def read_blocks(data: bytes) -> list[dict]:
    """The document's body in order: {"kind": "h3"|"h4"|"p"|"li", ...} and tables as
    {"kind": "table", "rows": [[cell text]]}."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 (python-docx raises many kinds for a broken file)
        raise UnreadableWord(str(error)) from error
    blocks = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            block = _paragraph_block(Paragraph(element, document))
            if block:
                blocks.append(block)
        elif tag == "tbl":
            table = Table(element, document)
            rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
            if any(any(cell for cell in row) for row in rows):
                blocks.append({"kind": "table", "rows": rows})
    return blocks


# --- A tjänsteskrivelse as .docx ------------------------------------------------------------

def _field(paragraph, instruction):
    """A Word field (PAGE, NUMPAGES) that Word fills in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _add_rich(document, html):
    for kind, runs in richtext.blocks(html):
        style = {"h3": "Heading 3", "h4": "Heading 4", "ul": "List Bullet",
                 "ol": "List Number", "quote": "Quote"}.get(kind)
        paragraph = document.add_paragraph(style=style)
        for text, bold, italic, sup in runs:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            if sup:
                run.font.superscript = True


def _heading(document, text):
    document.add_heading(text, level=2)


def tjansteskrivelse_docx(case, municipality_name: str) -> bytes:
    """The case's tjänsteskrivelse as Word, in the municipal layout's order, in the
    municipality's language."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    with translation.override(settings.LANGUAGE_CODE):
        document = docx.Document()
        document.core_properties.title = f"{case.diarienummer} {case.title}"
        document.core_properties.author = case.officer_name
        document.styles["Normal"].font.name = "Arial"
        document.styles["Normal"].font.size = Pt(11)
        header = document.sections[0].header.paragraphs[0]
        header.text = f"{municipality_name.upper()}\t{_('Tjänsteskrivelse')} "
        _field(header, "PAGE")
        header.add_run(" (")
        _field(header, "NUMPAGES")
        header.add_run(")")

        table = document.add_table(rows=4, cols=2)
        left = [case.office, case.officer_name, case.officer_email, ""]
        right = [f"{_('Datum')} {formats.date_format(case.date, 'Y-m-d')}",
                 f"{_('Vår beteckning')} {case.diarienummer}",
                 f"{_('Er beteckning')} {case.their_reference}".strip(), ""]
        for row, (l_text, r_text) in zip(table.rows, zip(left, right)):
            row.cells[0].text, row.cells[1].text = l_text, r_text
        document.add_paragraph(case.committee.name)
        document.add_heading(case.title, level=1)

        _heading(document, _("Förslag till beslut"))
        for proposal in case.proposals:
            document.add_paragraph(proposal, style="List Number")
        _heading(document, _("Sammanfattning"))
        for block in case.summary.split("\n\n"):
            if block.strip():
                document.add_paragraph(block.strip())
        if case.decision_basis:
            _heading(document, _("Beslutsunderlag"))
            for item in case.decision_basis:
                document.add_paragraph(item, style="List Bullet")
        _heading(document, _("Ärendet"))
        _add_rich(document, case.body)
        attachments = list(case.attachments.all())
        if attachments:
            _heading(document, _("Bilagor"))
            for number, attachment in enumerate(attachments, start=1):
                document.add_paragraph(f"{number}. {attachment.title}")
        _heading(document, _("Barnperspektiv"))
        for block in case.child_perspective.split("\n\n"):
            if block.strip():
                document.add_paragraph(block.strip())

        if case.signatories:
            signatures = document.add_table(rows=2, cols=len(case.signatories))
            for column, signatory in enumerate(case.signatories):
                signatures.rows[0].cells[column].text = signatory["name"]
                signatures.rows[1].cells[column].text = signatory["title"]
        if case.send_to:
            _heading(document, _("Beslut sänds till"))
            for recipient in case.send_to:
                document.add_paragraph(recipient, style="List Bullet")
        for paragraph in document.paragraphs:
            if paragraph.style.name.startswith("Heading"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        output = io.BytesIO()
        document.save(output)
        return output.getvalue()
