"""A small Word (.docx) writer: WordprocessingML in a zip, standard library only, so it runs in the browser too.

It writes headings, paragraphs and tables of labelled fields, with a footer; every text is escaped, characters
that XML cannot hold are dropped, and no one text is longer than ``MAX_TEXT`` characters (the forms' own limits are
far lower: see ``guide.engine.documents``). The output is the same for the same input (fixed zip timestamps).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import date
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ZIP_TIME = (2020, 1, 1, 0, 0, 0)
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 11906, 16838, 1134      # A4, 2 cm margins, in twentieths of a point
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
LABEL_WIDTH = 3400
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")   # and lone surrogates
MAX_TEXT = 100_000      # characters in any one text: a backstop, so no value can make a document of megabytes


def clean(text) -> str:
    """Text that XML (and UTF-8) can hold: control characters other than tab and newline, lone surrogates and the
    non-characters U+FFFE/U+FFFF are dropped; CR and CRLF become newlines; beyond ``MAX_TEXT`` characters, the text
    is cut and ends with "…"."""
    if not isinstance(text, str):
        try:
            text = "" if text is None else str(text)
        except ValueError:      # an integer too long to print
            text = ""
    if len(text) > 2 * MAX_TEXT:
        text = text[: 2 * MAX_TEXT]
    text = _INVALID_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _html_text(text) -> str:
    """Text for the HTML twin of a document: cleaned as for Word, escaped, line breaks kept."""
    return html.escape(clean(text)).replace("\n", "<br>")


def _runs(text: str, bold: bool = False, italic: bool = False, size: int | None = None) -> str:
    props = ""
    if bold or italic or size:
        props = "<w:rPr>" + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + (
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "") + "</w:rPr>"
    parts = []
    for index, line in enumerate(clean(text).split("\n")):
        if index:
            parts.append("<w:br/>")
        pieces = line.split("\t")
        for j, piece in enumerate(pieces):
            if j:
                parts.append("<w:tab/>")
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{props}{''.join(parts)}</w:r>"


def _paragraph(text: str, style: str | None = None, bold=False, italic=False, size=None, keep_next=False) -> str:
    props = ""
    if style or keep_next:
        props = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:keepNext/>" if keep_next else "") + "</w:pPr>"
    return f"<w:p>{props}{_runs(text, bold, italic, size)}</w:p>"


def _cell(text: str, width: int, fill: str | None = None, bold=False, span: int = 1, italic=False) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_paragraph(text, bold=bold, italic=italic)}</w:tc>"


class WordDocument:
    """Build a document, then call ``to_bytes`` for the Word file, or ``to_html`` for the same document as HTML (the
    guide's print view: the same headings, rows and room to write, so that printing and downloading give one form)."""

    def __init__(self, title: str, author: str, made: date, footer: str = ""):
        self.title = title
        self.author = author
        self.made = made
        self.footer = footer
        self.body: list[str] = []
        self.html: list[str] = []               # the same blocks as HTML, escaped
        self.custom_xml: str | None = None     # a machine-readable part (customXml/item1.xml), if any
        self.custom_xml_namespace: str = ""

    def heading(self, text: str, level: int = 1) -> "WordDocument":
        self.body.append(_paragraph(text, style="Title" if level == 0 else f"Heading{level}", keep_next=True))
        self.html.append(f"<h{level + 1}>{_html_text(text)}</h{level + 1}>")
        return self

    def paragraph(self, text: str, bold: bool = False, italic: bool = False, small: bool = False) -> "WordDocument":
        self.body.append(_paragraph(text, bold=bold, italic=italic, size=18 if small else None))
        inner = _html_text(text)
        inner = f"<strong>{inner}</strong>" if bold else inner
        inner = f"<em>{inner}</em>" if italic else inner
        self.html.append(f'<p class="small">{inner}</p>' if small else f"<p>{inner}</p>")
        return self

    def fields(self, rows: list[tuple], heading: str | None = None) -> "WordDocument":
        """A table of labelled fields, as forms are laid out: the label shaded on the left, the value on the right.
        A row is (label, value) or (label, value, height): a height in twentieths of a point leaves that much room
        to write by hand, as a paper form's box does. The heading row repeats on each page the table runs onto."""
        widths = (LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH)
        trs = []
        if heading:
            trs.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{_cell(heading, TEXT_WIDTH, fill='D9D9D9', bold=True, span=2)}</w:tr>")
        for label, value, *height in rows:
            size = f'<w:trHeight w:val="{int(height[0])}" w:hRule="atLeast"/>' if height and height[0] else ""
            trs.append(f"<w:tr><w:trPr><w:cantSplit/>{size}</w:trPr>"
                       + _cell(label, widths[0], fill="F2F2F2", bold=True) + _cell(value, widths[1]) + "</w:tr>")
        self.body.append(self._table(trs, widths))
        self.body.append(_paragraph(""))
        cells = []
        for label, value, *height in rows:
            room = "" if not (height and height[0]) else ' class="room-long"' if height[0] >= 1000 else ' class="room"'
            cells.append(f'<tr{room}><th scope="row">{_html_text(label)}</th><td>{_html_text(value)}</td></tr>')
        caption = f"<caption>{_html_text(heading)}</caption>" if heading else ""
        self.html.append(f'<table class="fields">{caption}<tbody>{"".join(cells)}</tbody></table>')
        return self

    def table(self, header: list[str], rows: list[list[str]], widths: list[int]) -> "WordDocument":
        """A table with a header row; ``widths`` are fractions of the text width that add up to 1."""
        columns = [int(TEXT_WIDTH * w) for w in widths]
        trs = ["<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
               + "".join(_cell(h, c, fill="D9D9D9", bold=True) for h, c in zip(header, columns)) + "</w:tr>"]
        for row in rows:
            trs.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(_cell(v, c) for v, c in zip(row, columns)) + "</w:tr>")
        self.body.append(self._table(trs, columns))
        self.body.append(_paragraph(""))
        head = "".join(f'<th scope="col">{_html_text(h)}</th>' for h in header)
        body = "".join("<tr>" + "".join(f"<td>{_html_text(v)}</td>" for v in row) + "</tr>" for row in rows)
        self.html.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        return self

    def to_html(self) -> str:
        """The document as an HTML fragment, its footer last: every text escaped, nothing else in it."""
        footer = f'<p class="footer">{_html_text(self.footer)}</p>' if self.footer else ""
        return f'<article class="document" lang="en-GB">{"".join(self.html)}{footer}</article>'

    @staticmethod
    def _table(rows: list[str], widths) -> str:
        border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
        borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
                '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
                '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>'
                f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")

    # --- the package ---

    def _document_xml(self) -> str:
        section = (f'<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>'
                   f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
                   f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
                   'w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>')
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                f"<w:body>{''.join(self.body)}{section}</w:body></w:document>")

    def _footer_xml(self) -> str:
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                f'{_paragraph(self.footer, style="Footer")}</w:ftr>')

    def _core_xml(self) -> str:
        stamp = f"{self.made.isoformat()}T00:00:00Z"
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f"<dc:title>{escape(clean(self.title))}</dc:title><dc:creator>{escape(clean(self.author))}</dc:creator>"
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')

    def to_bytes(self) -> bytes:
        files = {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": ROOT_RELS,
            "docProps/core.xml": self._core_xml(),
            "docProps/app.xml": APP_XML,
            "word/document.xml": self._document_xml(),
            "word/styles.xml": STYLES,
            "word/settings.xml": SETTINGS,
            "word/footer1.xml": self._footer_xml(),
            "word/_rels/document.xml.rels": DOCUMENT_RELS,
        }
        if self.custom_xml is not None:
            files["[Content_Types].xml"] = CONTENT_TYPES.replace("</Types>", CUSTOM_XML_TYPE + "</Types>")
            files["word/_rels/document.xml.rels"] = DOCUMENT_RELS.replace("</Relationships>",
                                                                          CUSTOM_XML_REL + "</Relationships>")
            files["customXml/item1.xml"] = self.custom_xml
            files["customXml/itemProps1.xml"] = CUSTOM_XML_PROPS.format(uri=escape(self.custom_xml_namespace))
            files["customXml/_rels/item1.xml.rels"] = CUSTOM_XML_ITEM_RELS
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in files.items():
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, text.encode("utf-8"))
        return buffer.getvalue()


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"""

# A custom XML part (ECMA-376 Part 1, 15.2.5): data carried beside the document, which Word and LibreOffice keep.
CUSTOM_XML_TYPE = ('<Override PartName="/customXml/itemProps1.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>')
CUSTOM_XML_REL = ('<Relationship Id="rIdCustomXml" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  'relationships/customXml" Target="../customXml/item1.xml"/>')
CUSTOM_XML_ITEM_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"/></Relationships>"""
CUSTOM_XML_PROPS = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<ds:datastoreItem ds:itemID="{{6F1C8A2E-3B7D-4C55-9E0A-1D2B3C4D5E6F}}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="{uri}"/></ds:schemaRefs></ds:datastoreItem>"""

APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Escalation guide</Application></Properties>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"""


def _style(style_id: str, name: str, size: int, bold: bool = False, colour: str | None = None, space_before: int = 0,
           space_after: int = 120, kind: str = "paragraph", outline: int | None = None) -> str:
    return (f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
            f'<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="{space_before}" w:after="{space_after}"/>'
            + (f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else "")
            + "</w:pPr><w:rPr>" + ("<w:b/><w:bCs/>" if bold else "")
            + (f'<w:color w:val="{colour}"/>' if colour else "") + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>')


STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
          '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:eastAsia="Arial"/>'
          '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
          '<w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
          '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
          + _style("Title", "Title", 36, bold=True, space_after=160)
          + _style("Heading1", "heading 1", 28, bold=True, space_before=240, outline=0)
          + _style("Heading2", "heading 2", 24, bold=True, space_before=200, outline=1)
          + _style("Footer", "footer", 16, colour="505A5F")
          + "</w:styles>")
