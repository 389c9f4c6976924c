"""Terminal output: safe text, a width to fit, and tables that fit it.

Everything the ``paramest`` command prints goes through a :class:`Terminal`. It escapes
control characters (an ESC sequence in a model name is shown as ``\\x1b``, never run) and
characters the output encoding cannot write (shown as ``\\xe9``, as Python's
``backslashreplace`` does, so ``PYTHONIOENCODING=ascii`` never crashes), and keeps every
line within the width: ``COLUMNS`` when set, else the terminal's width, else 100.
"""

from __future__ import annotations

import codecs
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

__all__ = ["DEFAULT_WIDTH", "MIN_WIDTH", "Column", "Terminal", "display_width", "fit_table",
           "safe_text", "truncate"]

DEFAULT_WIDTH = 100  # when neither COLUMNS nor a terminal says otherwise
MIN_WIDTH = 40  # narrower than this, tables cannot show a name and a size side by side
GAP = "  "
ELLIPSIS = "..."  # ASCII: it must keep its width in any output encoding
WRAP_MIN = 24  # a wrapped column is never narrower than this (or its header)


def safe_text(text: Any, encoding: str | None = None) -> str:
    """``text`` with control characters and unencodable characters escaped.

    Parameters
    ----------
    text : object
        Anything; its ``str()`` is used.
    encoding : str, optional
        The output's encoding. Characters it cannot write are escaped the way Python's
        ``backslashreplace`` error handler writes them. Default: only control
        characters are escaped.

    Returns
    -------
    str
        One line of printable text (line breaks are escaped too: call it per line).

    Examples
    --------
    >>> safe_text("evil\\x1b[31mred")
    'evil\\\\x1b[31mred'
    >>> safe_text("Caf\\u00e9", "ascii")
    'Caf\\\\xe9'
    """
    s = str(text)
    enc = None
    if encoding:
        try:
            enc = codecs.lookup(encoding).name
        except LookupError:
            enc = "ascii"  # an encoding Python does not know: write only ASCII
    if s.isprintable() and (enc is None or enc in ("utf-8", "utf-16", "utf-32") or s.isascii()):
        return s
    out = []
    for ch in s:
        if not ch.isprintable():
            out.append(ch.encode("unicode_escape").decode("ascii"))
            continue
        if enc is not None and not ch.isascii():
            try:
                ch.encode(enc)
            except UnicodeEncodeError:
                out.append(ch.encode("ascii", "backslashreplace").decode("ascii"))
                continue
        out.append(ch)
    return "".join(out)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide East Asian characters take two).

    Parameters
    ----------
    text : str
        Printable text.

    Returns
    -------
    int

    Examples
    --------
    >>> display_width("gpt-4o"), display_width("\\u901a\\u4e49")
    (6, 4)
    """
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns, ending in ``...`` when cut.

    Parameters
    ----------
    text : str
        Printable text.
    width : int
        Columns available.

    Returns
    -------
    str

    Examples
    --------
    >>> truncate("gemini-2.5-flash-lite-preview", 12)
    'gemini-2....'
    """
    if display_width(text) <= width:
        return text
    if width <= len(ELLIPSIS):
        return text[:max(width, 0)]
    out, used = [], 0
    for c in text:
        w = display_width(c)
        if used + w > width - len(ELLIPSIS):
            break
        out.append(c)
        used += w
    return "".join(out) + ELLIPSIS


@dataclass
class Column:
    """One column of a table for the terminal.

    Parameters
    ----------
    key : str
        Stable name, used by ``--columns``.
    header : str
        Printed header.
    values : list of str
        Formatted cells.
    numeric : bool
        Right-aligned when true (numbers), left-aligned otherwise (text).
    priority : int
        0: always shown; otherwise the highest number is dropped first when the table
        does not fit.
    wrap : bool
        Long cells are wrapped onto more lines instead of cut (a description as the last
        column); the column takes the width the others leave.
    """

    key: str
    header: str
    values: list[str]
    numeric: bool = False
    priority: int = 1
    wrap: bool = False
    width: int = field(init=False, default=0)

    def natural(self) -> int:
        w = max([display_width(self.header), *map(display_width, self.values)])
        return min(w, max(display_width(self.header), WRAP_MIN)) if self.wrap else w


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill


def fit_table(columns: Sequence[Column], width: int, *, drop: bool = True) -> tuple[list[str], list[str]]:
    """Lay out ``columns`` within ``width``: the table's lines and the columns left out.

    Columns are dropped, least important (highest ``priority``) first, while the table is
    too wide and ``drop`` is true; then the widest text columns are cut (``...``). No line
    is ever wider than ``width``.

    Parameters
    ----------
    columns : sequence of Column
        In display order.
    width : int
        Columns available.
    drop : bool
        Drop columns to fit (False when the user chose them with ``--columns``).

    Returns
    -------
    lines : list of str
        Header, then one line per row.
    dropped : list of str
        Keys of the columns left out, in display order.

    Examples
    --------
    >>> cols = [Column("weights", "weights", ["gpt-4o", "o1-mini"], priority=0),
    ...         Column("estimate", "estimate", ["710B", "32B"], numeric=True, priority=0),
    ...         Column("variants", "variants used", ["gpt-4o-2024-08-06", "o1-mini"], priority=5)]
    >>> lines, dropped = fit_table(cols, 20)
    >>> print("\\n".join(lines)); dropped
    weights  estimate
    gpt-4o       710B
    o1-mini       32B
    ['variants']
    """
    cols = list(columns)
    for c in cols:
        c.width = c.natural()

    def total() -> int:
        return sum(c.width for c in cols) + len(GAP) * (len(cols) - 1)

    dropped = []
    while drop and total() > width:
        optional = [c for c in cols if c.priority > 0]
        if not optional:
            break
        worst = max(optional, key=lambda c: (c.priority, cols.index(c)))
        cols.remove(worst)
        dropped.append(worst.key)
    # still too wide: narrow the widest text column, a step at a time, down to its header
    while total() > width:
        text = [c for c in cols if not c.numeric and c.width > max(display_width(c.header), 8)]
        if not text:
            break
        widest = max(text, key=lambda c: c.width)
        widest.width = max(widest.width - (total() - width), display_width(widest.header), 8)
    for c in cols:  # a wrapped column takes what the others leave, up to its longest cell
        if c.wrap:
            full = max([display_width(c.header), *map(display_width, c.values)])
            c.width = max(min(full, c.width + width - total()), c.width)
    n = max((len(c.values) for c in cols), default=0)
    lines = [GAP.join(_pad(truncate(c.header, c.width), c.width, c.numeric) for c in cols).rstrip()]
    for i in range(n):
        cells = []
        for c in cols:
            v = c.values[i] if i < len(c.values) else ""
            cells.append((textwrap.wrap(v, c.width, break_on_hyphens=False) or [""]) if c.wrap
                         else [truncate(v, c.width)])
        for k in range(max(len(x) for x in cells)):
            lines.append(GAP.join(_pad(x[k] if k < len(x) else "", c.width, c.numeric)
                                  for x, c in zip(cells, cols)).rstrip())
    order = [c.key for c in columns]
    return [truncate(line, width) for line in lines], sorted(dropped, key=order.index)


class Terminal:
    """Where the command writes: its width and encoding, and safe writing.

    Parameters
    ----------
    stream : file-like, optional
        Default ``sys.stdout`` (looked up when writing, so that redirection works).
    width : int, optional
        Default: ``COLUMNS``, else the terminal's width, else ``DEFAULT_WIDTH`` (100).

    Examples
    --------
    >>> import io
    >>> t = Terminal(io.StringIO(), width=40)
    >>> t.para("note: " + "word " * 12)
    >>> print(t.stream.getvalue(), end="")
    note: word word word word word word word
      word word word word word
    """

    def __init__(self, stream: TextIO | None = None, width: int | None = None) -> None:
        self._stream = stream
        if width is None:
            width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns or DEFAULT_WIDTH
        self.width = max(int(width), MIN_WIDTH)

    @property
    def stream(self) -> TextIO:
        return self._stream if self._stream is not None else sys.stdout

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", None) or "utf-8"

    def safe(self, text: Any) -> str:
        """One line of ``text``, escaped for this output."""
        return safe_text(text, self.encoding)

    def write(self, text: Any = "") -> None:
        """Write ``text`` line by line, escaped, each line cut to the width."""
        for line in str(text).split("\n") if str(text) else [""]:
            self.stream.write(truncate(self.safe(line), self.width) + "\n")

    def raw(self, text: str) -> None:
        """Write machine output (JSON, CSV) as is: escaped for the encoding, never cut."""
        self.stream.write("\n".join(self.safe(line) for line in text.split("\n")))
        if not text.endswith("\n"):
            self.stream.write("\n")

    def para(self, text: Any, indent: str = "  ") -> None:
        """Write prose wrapped to the width; continuation lines indented."""
        for line in str(text).split("\n"):
            wrapped = textwrap.wrap(self.safe(line), self.width, subsequent_indent=indent,
                                    break_on_hyphens=False, break_long_words=False) or [""]
            for w in wrapped:
                self.stream.write(self._fit(w) + "\n")

    def _fit(self, line: str) -> str:
        """``line`` cut to the width, unless it is one word (a path or a URL is never cut: it
        would no longer work when copied)."""
        return line if " " not in line.strip() else truncate(line, self.width)

    def block(self, text: Any) -> None:
        """Write preformatted text (a report): lines that fit as they are, longer ones
        wrapped under their own indentation, so nothing is lost."""
        for line in str(text).split("\n"):
            line = self.safe(line)
            if display_width(line) <= self.width:
                self.stream.write(line + "\n")
                continue
            lead = line[:len(line) - len(line.lstrip(" "))]
            for w in textwrap.wrap(line.strip(), self.width, initial_indent=lead,
                                   subsequent_indent=lead + "    ", break_on_hyphens=False,
                                   break_long_words=False):
                self.stream.write(self._fit(w) + "\n")

    def table(self, columns: Sequence[Column], *, drop: bool = True) -> list[str]:
        """Write a table that fits; returns the keys of the columns left out."""
        for c in columns:
            c.header = self.safe(c.header)
            c.values = [self.safe(v) for v in c.values]
        lines, dropped = fit_table(columns, self.width, drop=drop)
        for line in lines:
            self.stream.write(line + "\n")
        return dropped
