"""Production refuses low-entropy secret keys, not only short or default ones (issue 10, item 14)."""

from __future__ import annotations

import random
import secrets

import pytest
from django.core.management.utils import get_random_secret_key

from config.secret_key import secret_key_problem
from tests.helpers.production import manage

LETTERS = "QZXWVUTSRP"


def _mostly_one_letter() -> str:
    """51 characters, 11 distinct, no repeated motif, few runs, but two in three are 'a': about 100 bits."""
    others = list(LETTERS * 2)
    random.Random(4).shuffle(others)
    return "".join(f"aa{c}" for c in others[:17])


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("k" * 64, "un seul caractère"),
        ("Kx9!" * 16, "4 caractères différents"),
        ("s3cr3t-M4ill4g3-" * 4, "répète le motif"),
        ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "suites de caractères"),
        ("aaaaabbbbbcccccdddddeeeeefffffggggghhhhhiiiiijjjjj", "suites de caractères"),
        (_mostly_one_letter(), "entropie estimée"),
        (secrets.token_urlsafe(20), "il en faut au moins 50"),
        ("django-insecure-" + get_random_secret_key(), "valeur de développement"),
    ],
)
def test_weak_keys_are_refused_with_the_reason(key, reason):
    problem = secret_key_problem(key)
    assert problem and reason in problem and "secrets.token_urlsafe(50)" in problem


def test_generated_keys_are_accepted():
    for _ in range(300):
        for key in (secrets.token_urlsafe(50), secrets.token_hex(25), get_random_secret_key()):
            assert secret_key_problem(key) is None, key


def test_production_settings_refuse_a_long_but_low_entropy_key():
    result = manage("check", SECRET_KEY="Kx9!" * 16, ALLOWED_HOSTS="maillage.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY trop faible pour la production" in result.stderr
    assert "4 caractères différents" in result.stderr
