"""The extract_text management command (no database needed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from extraction import defaults
from resources.management.commands.extract_text import extract_one
from tests.helpers.environment import PROJECT_ROOT


def test_extract_one_ok_and_error(corpus: Path) -> None:
    ok = extract_one(str(corpus / "testPDF.pdf"))
    assert (
        ok["format"] == "pdf"
        and ok["pages"][0]["number"] == 1
        and "Apache" in ok["pages"][0]["text"]
    )
    bad = extract_one(str(corpus / "invalid.pdf"))
    assert bad == {"file": str(corpus / "invalid.pdf"), "error": bad["error"], "code": "corrupt"}


def test_command_json_lines_and_exit_status(corpus: Path) -> None:
    out, err = StringIO(), StringIO()
    files = [str(corpus / "testPPT.pptx"), str(corpus / "libreoffice-writer-password.pdf")]
    with pytest.raises(CommandError) as info:
        call_command("extract_text", *files, "--json", stdout=out, stderr=err)
    assert info.value.returncode == 1
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["file"] for line in lines] == files
    assert lines[0]["format"] == "pptx" and len(lines[0]["pages"]) == 3
    assert lines[1]["code"] == "encrypted" and "mot de passe" in lines[1]["error"]


def test_command_plain_text(corpus: Path) -> None:
    out = StringIO()
    call_command("extract_text", str(corpus / "testOCR.pdf"), stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "--- page 1 [OCR] ---" in text and "Happy New Year 2003" in text


def test_manage_py_failure_has_no_traceback(corpus: Path) -> None:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    proc = subprocess.run(
        [sys.executable, "manage.py", "extract_text", "--json", str(corpus / "invalid.pdf")],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout.splitlines()[-1])["code"] == "corrupt"


def test_configure_from_settings_dict_and_flat() -> None:
    defaults.configure_from_settings(
        SimpleNamespace(
            MAILLAGE_EXTRACTION={"MAX_BYTES": 123, "TIMEOUT": 9, "UNKNOWN": 1},
            MAILLAGE_EXTRACTION_MAX_PAGES=7,
        )
    )
    assert (defaults.MAX_BYTES, defaults.TIMEOUT, defaults.MAX_PAGES) == (123, 9, 7)


def test_settings_take_the_extraction_defaults_from_one_module() -> None:
    from django.conf import settings

    limits = settings.MAILLAGE_EXTRACTION
    assert (
        (limits["MAX_BYTES"], limits["MAX_PAGES"], limits["TIMEOUT"], limits["MEMORY_LIMIT_MB"])
        == (
            defaults.MAX_BYTES,
            defaults.MAX_PAGES,
            defaults.TIMEOUT,
            defaults.MEMORY_LIMIT_MB,
        )
        == (100 * 1024 * 1024, 5000, 600, 1024)
    )  # the values the README documents
    assert limits["ISOLATION"] == defaults.ISOLATION == "fork"
