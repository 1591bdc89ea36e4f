"""Counted steps for long management commands: what is being done, and how long it took.

    [3/8 0.9 s] The named caregivers
    ...
    Took 2.6 s.

Written to the command's stderr, so its stdout stays the result alone. The demo
modules of each app take a ``progress`` callable (any ``Callable[[str], None]``)
and call it with each step's name as they start it; they cannot import this
module (accounts imports nothing of ours), so they only know the callable.
"""

from __future__ import annotations

import time
from typing import TextIO


class Steps:
    def __init__(self, *, total: int, out: TextIO, enabled: bool = True):
        self.total = total
        self.out = out
        self.enabled = enabled
        self.done = 0
        self.started = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def __call__(self, name: str) -> None:
        """The next step starts."""
        self.done += 1
        self._write(f"[{self.done}/{self.total} {self.elapsed:.1f} s] {name}")

    def finish(self) -> None:
        self._write(f"Took {self.elapsed:.1f} s.")

    def _write(self, line: str) -> None:
        if self.enabled:
            self.out.write(line)
            self.out.flush()
