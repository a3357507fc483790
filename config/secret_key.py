"""Refusal of weak SECRET_KEY values in production: short, default, or guessable though long enough
(few distinct characters, a repeated motif, runs of consecutive characters, low estimated entropy)."""

from __future__ import annotations

import math
from collections import Counter

MIN_LENGTH = 50  # as Django's own deploy check (security.W009)
MIN_DISTINCT = 10  # a random hexadecimal key of 50+ characters uses all 16 digits
MIN_ENTROPY_BITS = 128
KNOWN_PREFIXES = ("dev-", "test-", "change-me", "django-insecure-")
GENERATE = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def estimated_entropy_bits(key: str) -> float:
    """Shannon entropy of the key's own character frequencies, times its length: an upper bound for a
    random key, far below it for a key built from few characters."""
    counts = Counter(key)
    return -len(key) * sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())


def _shortest_period(key: str) -> int:
    """The shortest p such that the key repeats its first p characters (len(key) if it does not)."""
    for period in range(1, len(key) // 2 + 1):
        if all(key[i] == key[i - period] for i in range(period, len(key))):
            return period
    return len(key)


def _consecutive_share(key: str) -> float:
    """Share of neighbouring characters that are equal or follow each other (aaaa, abcd, 4321)."""
    steps = [abs(ord(b) - ord(a)) for a, b in zip(key, key[1:])]
    return sum(step <= 1 for step in steps) / len(steps)


def secret_key_problem(key: str) -> str | None:
    """Why `key` is unfit for production, in French; None when it looks random enough."""
    if not key:
        return f"SECRET_KEY doit être défini en production : générez-la avec {GENERATE}."
    if key.startswith(KNOWN_PREFIXES):
        return (
            f"SECRET_KEY est une valeur de développement ou d'exemple : générez-la avec {GENERATE}."
        )
    if len(key) < MIN_LENGTH:
        reason = f"elle compte {len(key)} caractères, il en faut au moins {MIN_LENGTH}"
    elif (distinct := len(set(key))) < MIN_DISTINCT:
        used = "un seul caractère" if distinct == 1 else f"{distinct} caractères différents"
        reason = f"elle n'utilise que {used}, il en faut au moins {MIN_DISTINCT}"
    elif _shortest_period(key) <= len(key) // 2:
        reason = f"elle répète le motif « {key[: _shortest_period(key)][:12]}… »"
    elif _consecutive_share(key) > 0.5:
        reason = "elle est faite de suites de caractères identiques ou consécutifs"
    elif (bits := estimated_entropy_bits(key)) < MIN_ENTROPY_BITS:
        reason = (
            f"son entropie estimée est de {bits:.0f} bits, il en faut au moins {MIN_ENTROPY_BITS}"
        )
    else:
        return None
    return f"SECRET_KEY trop faible pour la production : {reason}. Générez-la avec {GENERATE}."
