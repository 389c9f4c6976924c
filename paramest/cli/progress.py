"""Progress of a long job on stderr: a bar on a terminal, a few plain lines elsewhere.

On an interactive stderr the bar is redrawn in place (``\\r``) and erased when the job
ends, so it never mixes with the output on stdout. Elsewhere (a log file, CI, a pipe) it
writes one line when the job starts and then at most one line every ``every`` seconds,
so that a log shows the job is alive without filling up.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from .terminal import display_width, safe_text, truncate

__all__ = ["Progress"]


class Progress:
    """Report ``done`` of ``total`` steps of a job.

    Parameters
    ----------
    total : int
        Steps in the job.
    label : str
        What is being done, e.g. ``"estimating closed models"``.
    stream : file-like, optional
        Default ``sys.stderr``.
    width : int
        Columns available (the bar never exceeds it).
    enabled : bool
        False writes nothing (``--quiet``, or machine output on a terminal).
    every : float
        Seconds between plain lines when ``stream`` is not a terminal.
    clock : callable
        Seconds, monotonic (a test passes a fake clock).

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> p = Progress(3, "estimating", stream=buf, width=60, every=0, clock=lambda: 0.0)
    >>> for i in range(3):
    ...     p.update(i + 1, f"model-{i}")
    >>> p.close()
    >>> print(buf.getvalue(), end="")
    paramest: estimating: 3 to do
    paramest: estimating: 1/3 (0 s) model-0
    paramest: estimating: 2/3 (0 s) model-1
    paramest: estimating: 3/3 (0 s) model-2
    paramest: estimating: done, 3 in 0 s
    """

    def __init__(self, total: int, label: str, *, stream: TextIO | None = None,
                 width: int = 100, enabled: bool = True, every: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = max(int(total), 0)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.enabled = enabled
        self.every = every
        self.clock = clock
        self.start = clock()
        self._last = self.start
        self._drawn = False
        try:
            self.tty = bool(self.stream.isatty())
        except (AttributeError, ValueError):  # closed or not a real stream
            self.tty = False
        self._announced = False
        if self.total:  # else the first update, which knows the total, announces the job
            self._announce()

    def _announce(self) -> None:
        if self.enabled and not self.tty and not self._announced:
            self._announced = True
            self._line(f"paramest: {self.label}: " + (f"{self.total} to do" if self.total
                                                        else "started"))

    def _line(self, text: str) -> None:
        self.stream.write(truncate(safe_text(text, getattr(self.stream, "encoding", None)),
                                   self.width) + "\n")
        self.stream.flush()

    def bar(self, done: int, what: str = "") -> str:
        """The bar as drawn on a terminal, at most ``width - 1`` columns."""
        secs = self.clock() - self.start
        head = f"{self.label} {done}/{self.total} "
        tail = f" {secs:.0f} s"
        room = self.width - 1 - len(head) - len(tail) - 2
        cells = max(min(room // 2, 40), 10)
        filled = int(cells * done / self.total) if self.total else cells
        text = f"{head}[{'#' * filled}{'.' * (cells - filled)}]{tail}"
        if what:
            left = self.width - 1 - display_width(text) - 1
            if left > 4:
                text += " " + truncate(safe_text(what, getattr(self.stream, "encoding", None)), left)
        return truncate(text, self.width - 1)

    def update(self, done: int, what: str = "") -> None:
        """``done`` steps finished; ``what`` names the last one."""
        if not self.enabled:
            return
        self._announce()
        now = self.clock()
        if self.tty:
            line = self.bar(done, what)
            self.stream.write("\r" + line + " " * max(self.width - 1 - display_width(line), 0))
            self.stream.flush()
            self._drawn = True
        elif now - self._last >= self.every:
            self._last = now
            tail = f" {safe_text(what)}" if what else ""
            self._line(f"paramest: {self.label}: {done}/{self.total} ({now - self.start:.0f} s){tail}")

    def close(self) -> None:
        """Erase the bar (terminal) or write the closing line (elsewhere)."""
        if not self.enabled:
            return
        secs = self.clock() - self.start
        if self.tty:
            if self._drawn:
                self.stream.write("\r" + " " * (self.width - 1) + "\r")
                self.stream.flush()
        else:
            self._announce()
            self._line(f"paramest: {self.label}: done, {self.total} in {secs:.0f} s")
