"""The progress bar of long management commands (imports, territories, re-extraction, re-indexing).

Redrawn in place on a terminal, a few lines otherwise (logs, CI); silent when `stream` is None.
Count with `advance()` or set the count with `update(done, total)`; `finish()` writes the final line.
"""

from __future__ import annotations

import time
from typing import TextIO

from django.core.management.base import OutputWrapper


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO | None, width: int = 30) -> None:
        self.label, self.total, self.stream, self.width = label, max(total, 0), stream, width
        self.done = 0
        self._tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self._last_draw = 0.0
        self._last_step = -1

    def advance(self, n: int = 1) -> None:
        self.update(self.done + n)

    def update(self, done: int, total: int | None = None) -> None:
        """Set the count (and the total, when it is only known along the way, as in a re-indexing)."""
        self.done = done
        if total is not None:
            self.total = max(total, 0)
        if self.stream is None:
            return
        if self._tty:
            now = time.monotonic()
            if now - self._last_draw >= 0.1:
                self._last_draw = now
                self._write("\r" + self._line())
        else:
            # Not a terminal (logs, CI): a line at each quarter of long runs only.
            step = int(4 * self.done / self.total) if self.total >= 5000 else 0
            if step > self._last_step and 0 < step < 4:
                self._write(self._line() + "\n")
            self._last_step = max(step, self._last_step)

    def finish(self) -> None:
        if self.stream is None:
            return
        self.total = self.done  # finished: the estimate, if any, gives way to the real count
        self._write(("\r" if self._tty else "") + self._line() + "\n")

    def _line(self) -> str:
        if not self.total:
            return f"{self.label} : {self.done}"
        ratio = min(self.done / self.total, 1.0)
        filled = int(ratio * self.width)
        bar = "█" * filled + "·" * (self.width - filled)
        return f"{self.label} [{bar}] {self.done}/{self.total} ({ratio:.0%})"

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, style_func=str, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()
