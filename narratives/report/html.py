"""HTML building blocks shared by the report pages: escaping, tables, figures and the page shell.

Every function returns a string. Text that comes from a corpus or a user
(titles, quotes, outlet names, URLs, profile labels) goes through
:func:`escape`; functions that take ``content`` expect HTML already built
by this module. Pages are self-contained: the CSS is inline, there is no
script, no web font, and images are relative paths next to the page (or
``data:`` URIs), so a report opens offline and loads nothing from the
network.

Examples
--------
>>> escape('<script>alert("x")</script> & more')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more'
>>> element("p", escape("a < b"), class_="note")
'<p class="note">a &lt; b</p>'
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from narratives.sides import AMBIGUOUS, BOTH, THIRD_PARTY, UNKNOWN

if TYPE_CHECKING:
    from narratives.sides import Profile

OTHER_SIDE_COLOURS = {BOTH: "#7570b3", THIRD_PARTY: "#66a61e", AMBIGUOUS: "#e6ab02", UNKNOWN: "#999999"}
"""Colours of the reserved side values, chosen not to clash with the usual two-side palettes."""

OTHER_SIDE_LABELS = {
    BOTH: "both sides",
    THIRD_PARTY: "third parties",
    AMBIGUOUS: "ambiguous (names two sides)",
    UNKNOWN: "unknown (no side found)",
}
"""Plain-language names of the reserved side values."""

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --rule: #d0d7de; --paper: #ffffff; --tint: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 0.5rem; padding-top: 0.5rem; border-top: 2px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.4rem; }
p, li { max-width: 44rem; }
a { color: var(--accent); }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88em; }
pre { background: var(--tint); padding: 0.75rem 1rem; overflow-x: auto; border-radius: 6px; white-space: pre-wrap; }
.subtitle { color: var(--muted); margin-top: 0; }
.note, .caveat, .reading { border-left: 4px solid var(--rule); background: var(--tint); padding: 0.6rem 0.9rem;
  margin: 1rem 0; border-radius: 0 6px 6px 0; max-width: 44rem; }
.caveat { border-left-color: #d4a72c; background: #fff8e5; }
.findings { border: 2px solid var(--accent); border-radius: 6px; padding: 0.6rem 1.1rem; margin: 1rem 0; max-width: 52rem; }
.findings ul { margin: 0.3rem 0; padding-left: 1.2rem; } .findings li { margin: 0.45rem 0; max-width: none; }
.small { font-size: 0.88rem; color: var(--muted); }
details ul.uses { margin: 0.3rem 0 0.8rem; font-size: 0.92rem; }
.reading { border-left-color: var(--accent); background: #eef5fc; }
.reading p, .caveat p, .note p { margin: 0.3rem 0; }
nav.toc { background: var(--tint); border-radius: 6px; padding: 0.6rem 1.2rem; margin: 1.25rem 0; max-width: 44rem; }
nav.toc ol { margin: 0.3rem 0; padding-left: 1.3rem; }
table { border-collapse: collapse; margin: 0.75rem 0 1.25rem; font-size: 0.92rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 0.35rem; color: var(--ink); }
th, td { padding: 0.3rem 0.65rem; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid var(--ink); background: var(--paper); position: sticky; top: 0; }
tbody tr:nth-child(even) { background: var(--tint); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-wrap { overflow-x: auto; max-width: 100%; }
figure { margin: 1.25rem 0 1.75rem; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 4px; background: #fff; }
figcaption { color: var(--muted); font-size: 0.92rem; margin-top: 0.4rem; max-width: 44rem; }
.swatch { display: inline-block; width: 0.85em; height: 0.85em; border-radius: 2px; vertical-align: -0.1em;
  margin-right: 0.3em; border: 1px solid rgba(0, 0, 0, 0.25); }
.files a { margin-right: 0.6rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.9rem; border-top: 1px solid var(--rule); padding-top: 0.75rem; }
@media print { nav.toc { display: none; } h2 { break-before: auto; } figure, table { break-inside: avoid; }
  thead th { position: static; } a { color: inherit; } }
""".strip()
"""The stylesheet inlined into every page (system fonts only, readable on screen and on paper)."""


def escape(value: object) -> str:
    """Text as HTML: ``&``, ``<``, ``>`` and both quote marks escaped; None and NaN become ``""``."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


def attributes(**values: object) -> str:
    """``name="value"`` pairs, escaped, with a leading space; ``None``/``False`` values are left out.

    A trailing underscore is dropped (``class_`` gives ``class``) and other
    underscores become hyphens (``aria_label`` gives ``aria-label``).
    """
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{escape(value)}"')
    return "".join(f" {part}" for part in parts)


def element(tag: str, content: str = "", **attrs: object) -> str:
    """``<tag attrs>content</tag>``; ``content`` must already be HTML (escape text first)."""
    return f"<{tag}{attributes(**attrs)}>{content}</{tag}>"


def paragraph(text: str, **attrs: object) -> str:
    """One ``<p>`` of plain text (escaped)."""
    return element("p", escape(text), **attrs)


def side_colours(profile: Profile) -> dict[str, str]:
    """Colour of every side value a table can hold: the profile's own sides, then the reserved values."""
    return {**{side.id: side.colour for side in profile.sides}, **OTHER_SIDE_COLOURS}


def side_labels(profile: Profile) -> dict[str, str]:
    """Plain-language label of every side value: the profile's labels, then the reserved values'."""
    return {**{side.id: side.label for side in profile.sides}, **OTHER_SIDE_LABELS}


def swatch(colour: str) -> str:
    """A small square of ``colour``, for legends inside tables and text."""
    return element("span", "", class_="swatch", style=f"background:{colour}", aria_hidden="true")


def table(
    frame: pd.DataFrame,
    caption: str | None = None,
    *,
    formats: Mapping[str, Callable[[object], str]] | None = None,
    html_columns: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> str:
    """A styled, escaped HTML table of ``frame`` (its index is not shown).

    Parameters
    ----------
    frame
        The rows to show.
    caption
        Plain text above the table.
    formats
        Column name to a function giving the cell's text (e.g.
        ``"{:.1%}".format``); other numbers are shown with ``str``, floats
        with three significant decimals. Missing values show as empty cells.
    html_columns
        Columns whose cells are already HTML (built with this module) and
        are not escaped again.
    headers
        Column name to the header shown (default the column name).
    """
    formats = dict(formats or {})
    headers = dict(headers or {})
    numeric = {column for column in frame.columns if pd.api.types.is_numeric_dtype(frame[column])}
    head = "".join(
        element("th", escape(headers.get(column, column)), scope="col", class_="num" if column in numeric else None)
        for column in frame.columns
    )
    rows = []
    for record in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(frame.columns, record):
            if column in html_columns:
                text = "" if value is None else str(value)
            else:
                text = escape(_format(value, formats.get(column)))
            cells.append(element("td", text, class_="num" if column in numeric else None))
        rows.append(element("tr", "".join(cells)))
    body = element("caption", escape(caption)) if caption else ""
    body += element("thead", element("tr", head)) + element("tbody", "".join(rows))
    return element("div", element("table", body), class_="table-wrap")


def _format(value: object, formatter: Callable[[object], str] | None) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if formatter is not None:
        return formatter(value)
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def figure(src: str, alt: str, caption: str, links: Mapping[str, str] | None = None) -> str:
    """An image with alt text and a caption, with links to other files of the figure (PNG, data).

    Parameters
    ----------
    src
        Relative path (or ``data:`` URI) of the image; never a remote address.
    alt
        What the image shows, for readers who cannot see it.
    caption
        Plain text under the image.
    links
        Link text to relative path, e.g. ``{"PNG": "figures/rates.png", "data (CSV)": "figures/rates.csv"}``.
    """
    if "://" in src or src.startswith("//"):
        raise ValueError(f"a report figure must be a local file, not {src!r}")
    files = ""
    if links:
        files = " " + element(
            "span", "".join(element("a", escape(text), href=path) for text, path in links.items()), class_="files"
        )
    return element(
        "figure",
        f'<img{attributes(src=src, alt=alt, loading="lazy")}>' + element("figcaption", escape(caption) + files),
    )


def section(anchor: str, title: str, content: str) -> str:
    """``<section id=anchor><h2>title</h2>content</section>``."""
    return element("section", element("h2", escape(title)) + content, id=anchor)


def contents(entries: Sequence[tuple[str, str]]) -> str:
    """A short numbered table of contents from ``(anchor, title)`` pairs."""
    items = "".join(element("li", element("a", escape(title), href=f"#{anchor}")) for anchor, title in entries)
    return element("nav", element("strong", "Contents") + element("ol", items), class_="toc", aria_label="Contents")


def page(title: str, body: str, *, lang: str = "en", css: str = CSS) -> str:
    """A complete HTML5 document: UTF-8, inline CSS, no script, nothing loaded from the network.

    Parameters
    ----------
    title
        Plain text for ``<title>``.
    body
        The HTML inside ``<main>``.
    lang
        The language of the page.
    css
        The stylesheet (default :data:`CSS`).
    """
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{css}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
