"""The HTML of the printed documents: escaping, the page skeleton, styles, and the split of a table
between two rows that the PDF renderer asks for.

It is the HTML that Qt's rich text engine (QTextDocument) understands, not a browser's: sizes in
points, tables for anything side by side, `valign` attributes, no table margins. The renderer keeps
every row of a top-level table on one page by cutting the table before the row a page break would
cut (`split_table`), so such a row is the unit that stays together: an agenda item, a roadmap
line, the last item of the minutes with the signatures (a table nested in a cell goes with it).
"""

import html
import re
from collections.abc import Callable, Iterable

SERIF = "DejaVu Serif"
SANS = "DejaVu Sans"

STYLE = """
body {{ font-family: '{serif}'; font-size: {size}pt; }}
p {{ margin-top: 0; margin-bottom: 4pt; }}
.head {{ text-align: center; margin-bottom: 2pt; }}
.country {{ font-weight: bold; font-size: {small}pt; }}
.title {{ font-weight: bold; font-size: {large}pt; margin-top: 8pt; margin-bottom: 4pt; }}
.subtitle {{ font-weight: bold; margin-bottom: 6pt; }}
.label {{ font-weight: bold; }}
.small {{ font-size: {small}pt; }}
table.grid {{ border-collapse: collapse; border-style: solid; border-color: #000000; }}
table.grid th {{ background-color: #e8e8e8; font-weight: bold; font-size: {small}pt; }}
table.plain {{ border-style: none; }}
td.section {{ background-color: #f0f0f0; font-weight: bold; }}
td.overdue {{ color: #b00000; font-weight: bold; }}
.over {{ color: #b00000; font-weight: bold; }}
"""

# Qt keeps no <meta> of a document, so the renderer reads these from the HTML string itself.
META_RE = re.compile(r'<meta\s+name="([^"]+)"\s+content="([^"]*)"\s*/?>')


def esc(text: object) -> str:
    """Text from the database as HTML: escaped, its line breaks kept."""
    if text is None:
        return ""
    return html.escape(str(text)).replace("\r\n", "\n").replace("\n", "<br/>")


def page(title: str, body: str, *, footer: str, landscape: bool = False, font_size: float = 11) -> str:
    """A whole document. `footer` is printed on every page; {page} and {pages} are filled in there."""
    style = STYLE.format(serif=SERIF, size=font_size, small=font_size - 1.5, large=font_size + 3)
    meta = {"x-title": title, "x-footer": footer, "x-orientation": "landscape" if landscape else "portrait"}
    head = "".join(f'<meta name="{k}" content="{html.escape(v, quote=True)}"/>' for k, v in meta.items())
    return (
        f'<html><head><meta charset="utf-8"/>{head}<title>{esc(title)}</title>'
        f"<style>{style}</style></head><body>{body}</body></html>"
    )


def read_meta(document: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in META_RE.findall(document)}


def para(text: str, cls: str = "", align: str = "") -> str:
    """A paragraph of ready HTML."""
    attrs = (f' class="{cls}"' if cls else "") + (f' align="{align}"' if align else "")
    return f"<p{attrs}>{text}</p>"


def cell(
    content: str,
    *,
    width: str = "",
    cls: str = "",
    colspan: int = 1,
    rowspan: int = 1,
    align: str = "",
    th: bool = False,
) -> str:
    tag = "th" if th else "td"
    attrs = ' valign="top"'
    attrs += f' width="{width}"' if width else ""
    attrs += f' class="{cls}"' if cls else ""
    attrs += f' colspan="{colspan}"' if colspan > 1 else ""
    attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
    attrs += f' align="{align}"' if align else ""
    return f"<{tag}{attrs}>{content}</{tag}>"


def row(cells: Iterable[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def table(
    rows: Iterable[str], *, header: Iterable[str] = (), grid: bool = True, space_before: float = 4
) -> str:
    """A table 100 % wide; `header` rows are repeated on every page the table runs onto."""
    head = "".join(header)
    if grid:
        attrs = 'class="grid" border="1" cellspacing="0" cellpadding="4"'
    else:
        attrs = 'class="plain" border="0" cellspacing="0" cellpadding="3"'
    # Qt ignores a table's margins: an empty line of that height keeps the space instead.
    space = f'<p style="margin: 0; font-size: {space_before}pt">&nbsp;</p>' if space_before else ""
    return (
        f'{space}<table width="100%" {attrs}>'
        + (f"<thead>{head}</thead>" if head else "")
        + "".join(rows)
        + "</table>"
    )


def parallel(langs: tuple[str, ...], render: Callable[[str], str], **cell_args) -> list[str]:
    """One cell per language, each rendering the same part in its own language."""
    width = f"{100 // len(langs)}%"
    return [cell(render(lang), width=width, **cell_args) for lang in langs]


def joined(langs: tuple[str, ...], render: Callable[[str], str], sep: str = " / ") -> str:
    """The same short text in each language, once when they agree (a date, a number)."""
    texts: list[str] = []
    for lang in langs:
        text = render(lang)
        if text not in texts:
            texts.append(text)
    return sep.join(texts)


# ---- keeping rows together ----------------------------------------------------------------------

_TAG_RE = re.compile(r"<(/?)(table|thead|tr)\b[^>]*>", re.IGNORECASE)


def split_table(document: str, table_index: int, row_index: int) -> str:
    """The document with its `table_index`-th top-level table cut before row `row_index` (header rows
    counted), the rest starting on a new page under a copy of the header rows. Cutting before the
    first row under the header moves the whole table to the next page instead."""
    depth, seen, rows = 0, -1, 0
    start: re.Match | None = None
    thead_start, thead = 0, ""
    for match in _TAG_RE.finditer(document):
        closing, tag = match.group(1) == "/", match.group(2).lower()
        if tag == "table":
            depth += -1 if closing else 1
            if closing and depth == 0 and start is not None:
                break
            if not closing and depth == 1:
                seen += 1
                start = match if seen == table_index else None
            continue
        if start is None or depth != 1:
            continue
        if tag == "thead":
            if closing:
                thead = document[thead_start : match.end()]
            else:
                thead_start = match.start()
        elif tag == "tr" and not closing:
            if rows == row_index:
                if row_index <= thead.count("<tr"):
                    return _break_before(document, start)
                cut = match.start()
                return document[:cut] + "</table>" + PAGE_BREAK + start.group(0) + thead + document[cut:]
            rows += 1
    raise ValueError(f"no row {row_index} in table {table_index}")


# Qt keeps an empty block between two tables; a page break on the second table would leave that
# block alone on a page when the first table ends at the bottom of one. The break goes on this
# paragraph instead, which takes that block's place and is all but invisible.
PAGE_BREAK = '<p style="page-break-before: always; margin-top: 0; margin-bottom: 0; font-size: 1pt"></p>'


def _break_before(document: str, start: re.Match) -> str:
    return document[: start.start()] + PAGE_BREAK + document[start.start() :]


def split_tables(document: str, cuts: list[tuple[int, int]]) -> str:
    """All the cuts of `split_table` at once, given in document order."""
    for table_index, row_index in sorted(cuts, reverse=True):  # later cuts first: indices stay valid
        document = split_table(document, table_index, row_index)
    return document
