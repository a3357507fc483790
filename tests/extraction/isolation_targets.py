"""Targets that misbehave on purpose, run by `run_isolated` in the tests of the isolation itself.

Named "module:function" like the extractors, so the forked or fresh child imports them from here.
"""

from __future__ import annotations

import os
import tempfile
import time


def hog_memory(megabytes: int = 100_000) -> int:
    blocks = []
    for _ in range(megabytes):
        blocks.append(bytearray(1024 * 1024))
    return len(blocks)


def sleep(seconds: float = 3600) -> None:
    time.sleep(seconds)


def abort() -> None:
    os.abort()


def quick() -> int:
    return 1


def spin() -> None:
    while True:
        pass


def write_file(megabytes: int = 10) -> None:
    with tempfile.TemporaryFile() as fh:
        for _ in range(megabytes):
            fh.write(b"x" * (1024 * 1024))
            fh.flush()


def big_output(megabytes: int = 2) -> str:
    return "x" * (megabytes * 1024 * 1024)
