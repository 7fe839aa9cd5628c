"""Small HTML building blocks for the report: tables, key-value lists, sections.

Everything that comes from data is escaped here, once, so an agent called ``<b>`` shows as
text. Plain strings rather than a template engine: the page is a handful of sections and
needs no logic a function cannot hold.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any


class Markup(str):
    """Text that is already HTML (a chart, a nested table): inserted without escaping."""


def cell(value: Any) -> str:
    """One value as cell text: numbers trimmed, NaN and None as a dash."""
    if isinstance(value, Markup):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "∞" if math.isinf(value) else f"{value:,.1f}"
    return escape(str(value))


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    classes: Sequence[str] | None = None,
    numeric: Sequence[bool] | None = None,
) -> str:
    """A table; ``classes`` gives each row a CSS class (e.g. ``bad``), ``numeric`` aligns."""
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = []
    for n, row in enumerate(rows):
        css = f' class="{classes[n]}"' if classes and classes[n] else ""
        cells = "".join(
            f'<td class="num">{cell(v)}</td>' if numeric and numeric[i] else f"<td>{cell(v)}</td>"
            for i, v in enumerate(row)
        )
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def key_values(items: Iterable[tuple[str, Any]]) -> str:
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{cell(v)}</dd>" for k, v in items)
    return f'<dl class="facts">{rows}</dl>'


def section(anchor: str, title: str, *parts: str) -> str:
    return f'<section id="{escape(anchor)}"><h2>{escape(title)}</h2>{"".join(parts)}</section>'


def paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def percent(value: Any) -> Any:
    """A share as ``97.5 %`` text, leaving unknown values to :func:`cell`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return f"{100 * float(value):.1f} %"
