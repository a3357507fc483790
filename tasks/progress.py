"""A small progress bar for long management commands (imports, re-extraction, re-indexing)."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, stream=None, label: str = "", width: int = 30):
        self.stream = stream or sys.stdout
        self.label = label
        self.width = width
        self.started = time.monotonic()
        self.last = 0.0
        self.interactive = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and (total is None or done < total):
            return
        self.last = now
        rate = done / max(now - self.started, 1e-6)
        if total:
            filled = int(self.width * min(done, total) / total)
            line = f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} ({rate:.0f}/s)"
        else:
            line = f"{self.label} {done} ({rate:.0f}/s)"
        if self.interactive:
            self.stream.write("\r" + line)
            self.stream.flush()
        elif now - self.started > 0 and (total is None or done == total or int(now) % 5 == 0):
            self.stream.write(line + "\n")

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\n")
