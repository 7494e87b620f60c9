"""A progress line for long commands: on a terminal only, on stderr.

`Progress(total, label)` redraws one line (`\\r`) at most every 0.2 s:
done/total, a bar, the rate, the time left and a count of problems.
`finish()` ends the line and returns the elapsed seconds. Off a terminal it
prints nothing, so logs and pipes get only the final summary.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 24
REDRAW_S = 0.2


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Counts work done and draws it (see the module doc)."""

    def __init__(
        self, total: int, label: str, stream: TextIO | None = None, force: bool = False
    ) -> None:
        self.total = max(total, 0)
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = force or self.stream.isatty()
        self.done = 0
        self.problems = 0
        self.started = time.monotonic()
        self._drawn = 0.0
        self._staged = False  # a stage line is open

    def advance(self, problem: bool = False) -> None:
        """One more item done (a `problem` is counted and shown)."""
        self.done += 1
        self.problems += problem
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= REDRAW_S or self.done == self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def rate(self, now: float | None = None) -> float:
        elapsed = (now or time.monotonic()) - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self, now: float | None = None) -> str:
        """The text of the progress line."""
        rate = self.rate(now)
        share = self.done / self.total if self.total else 1.0
        filled = int(share * BAR_WIDTH)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        problems = f"  problems {self.problems}" if self.problems else ""
        return (
            f"{self.label} {self.done}/{self.total} [{bar}] {share:4.0%}  "
            f"{rate:,.0f}/s  left {_clock(left)}{problems}   "
        )

    def stage(self, text: str) -> None:
        """A step after the items (say, a rebuild), told on a line of its own so that a long
        wait after a full bar is explained; `finish` ends it."""
        if self.enabled:
            self.stream.write(("\n" if self.done else "") + f"{self.label}: {text}…")
            self.stream.flush()
            self._staged = True

    def finish(self) -> float:
        """End the line; the elapsed seconds."""
        if self.enabled and (self.done or self._staged):
            self.stream.write("\n")
            self.stream.flush()
        return time.monotonic() - self.started
