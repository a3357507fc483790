"""The rate limiter's window belongs to the client: it opens with the client's first request, so a burst that
straddles a second of the clock is still counted as one (real "ratelimit" cache: Redis in the full pass)."""

from __future__ import annotations

import time

from django.core.cache import caches

from core import client


def _just_before_a_clock_second(margin: float = 0.25) -> None:
    while time.time() % 1 < 1 - margin:
        time.sleep(0.02)


def test_a_burst_across_a_clock_boundary_is_one_window():
    caches["ratelimit"].clear()
    _just_before_a_clock_second()
    before = [client.hit("test-burst", "198.51.100.7", 3, 1).count for _ in range(2)]
    time.sleep(0.3)  # the clock's second has turned; the client's window has not closed
    after = [client.hit("test-burst", "198.51.100.7", 3, 1) for _ in range(2)]
    assert before + [c.count for c in after] == [1, 2, 3, 4]
    assert after[-1].exceeded and after[-1].retry_after == 1
    # Another client has its own window; the first one's closes a window after its first request.
    assert client.hit("test-burst", "198.51.100.8", 3, 1).count == 1
    time.sleep(1.1)
    assert client.hit("test-burst", "198.51.100.7", 3, 1).count == 1
