"""Rich text (a case's Ärendet, a paragraph's notes): a small set of HTML, sanitised with nh3
whenever it is saved, and read back as blocks for Word.

Headings are h3 and h4 because the text sits under a section heading (h2) in every page and
document it appears in. Plain text (typed without the editor, or by an API client) becomes
paragraphs, one per blank-line-separated block.
"""

import re
from html import escape
from html.parser import HTMLParser

import nh3

TAGS = {"h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "u", "a",
        "blockquote", "sup", "sub"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
BLOCK_TAGS = {"h3", "h4", "p", "li", "blockquote"}
# Text with any of these tags is HTML (from the editor, pasted from Word, or hostile); any
# other text is plain, even with a "<" in it.
HTML_TAG = re.compile(r"</?(p|h[1-6]|ul|ol|li|br|div|span|strong|em|b|i|u|a|blockquote|sup|"
                      r"sub|table|tr|td|th|font|script|style|img|iframe|svg|object|body|html)"
                      r"[\s>/]", re.IGNORECASE)


def clean(html: str) -> str:
    """Safe HTML of the allowed tags; anything else is dropped, its text kept (scripts and
    styles go whole)."""
    text = (html or "").strip()
    if not text:
        return ""
    if not HTML_TAG.search(text):
        text = from_plain_text(text)
    cleaned = nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                        link_rel="noopener noreferrer").strip()
    return "" if not plain_text(cleaned).strip() else cleaned


def from_plain_text(text: str) -> str:
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(block).replace(chr(10), '<br>')}</p>" for block in blocks if block)


class _Blocks(HTMLParser):
    """Sanitised HTML as (kind, runs) blocks: kind is h3, h4, p, ul or ol (a list item), quote;
    runs are (text, bold, italic, superscript)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.runs, self.kind = [], [], "p"
        self.lists, self.bold, self.italic, self.sup = [], 0, 0, 0

    def flush(self):
        if any(text.strip() for text, *_rest in self.runs):
            self.blocks.append((self.kind, self.runs))
        self.runs = []

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.flush()
            self.lists.append(tag)
        elif tag in BLOCK_TAGS:
            self.flush()
            self.kind = (self.lists[-1] if self.lists else "ul") if tag == "li" else (
                "quote" if tag == "blockquote" else tag)
        elif tag == "br":
            self.runs.append(("\n", False, False, False))
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "sup":
            self.sup += 1

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
            self.kind = "p"
        elif tag in BLOCK_TAGS:
            self.flush()
            self.kind = self.lists[-1] if self.lists else "p"
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "sup":
            self.sup = max(0, self.sup - 1)

    def handle_data(self, data):
        if not data.strip() and not self.runs:
            return
        self.runs.append((data, self.bold > 0, self.italic > 0, self.sup > 0))


def blocks(html: str) -> list:
    parser = _Blocks()
    parser.feed(html or "")
    parser.close()
    parser.flush()
    return parser.blocks


def plain_text(html: str) -> str:
    """The text of the HTML, one block per line."""
    return "\n".join("".join(text for text, *_r in runs) for _kind, runs in blocks(html))
