"""extract_file_isolated: a misbehaving child never takes the caller down; legacy conversion bounds."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from extraction_samples import make_mixed_pdf, make_pdf

from tasks.extractors import ExtractionError, configure, extract_file, extract_file_isolated, legacy
from tasks.extractors.isolate import run_isolated


def test_child_exceeding_memory_limit() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        run_isolated("tasks.extractors.isolate:_hog_memory", [], {}, timeout=60, memory_limit_mb=300)
    assert info.value.code == "too_large"
    assert "300 Mo" in info.value.message
    assert time.monotonic() - started < 30


def test_child_exceeding_timeout_is_killed() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        run_isolated("tasks.extractors.isolate:_sleep", [], {}, timeout=1, memory_limit_mb=300)
    assert info.value.code == "timeout"
    assert "interrompue" in info.value.message
    assert time.monotonic() - started < 10


def test_child_crashing_hard() -> None:
    with pytest.raises(ExtractionError) as info:
        run_isolated("tasks.extractors.isolate:_abort", [], {}, timeout=30, memory_limit_mb=300)
    assert info.value.code == "crashed"


def test_isolated_ocr_document_over_its_timeout(tmp_path: Path) -> None:
    path = make_mixed_pdf(tmp_path / "scan.pdf", "Texte", ["Rapport annuel"] * 12)
    started = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        extract_file_isolated(path, timeout=0.3)
    assert info.value.code == "timeout"
    assert time.monotonic() - started < 10


def test_isolated_with_too_little_memory_fails_cleanly(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", ["Bonjour"])
    with pytest.raises(ExtractionError) as info:
        extract_file_isolated(path, memory_limit_mb=20, timeout=30)
    assert info.value.code in {"too_large", "crashed"}
    assert info.value.message


def test_isolated_passes_options_and_module_defaults(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", ["Un", "Deux", "Trois"])
    with pytest.raises(ExtractionError) as info:
        extract_file_isolated(path, max_pages=2, timeout=30)
    assert info.value.code == "too_many_pages"
    configure(max_pages=1)  # parent-side override reaches the child
    with pytest.raises(ExtractionError) as info:
        extract_file_isolated(path, timeout=30)
    assert info.value.code == "too_many_pages"


def test_isolated_result_equals_in_process(tmp_path: Path) -> None:
    path = make_mixed_pdf(tmp_path / "mixte.pdf", "Compte rendu", ["Rapport annuel"])
    assert extract_file_isolated(path, timeout=60) == extract_file(path)


def test_isolated_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_file_isolated(tmp_path / "absent.pdf")
    assert info.value.code == "not_found"


def test_legacy_without_libreoffice(monkeypatch: pytest.MonkeyPatch, corpus: Path) -> None:
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    with pytest.raises(ExtractionError) as info:
        extract_file(corpus / "testPPT.ppt")
    assert info.value.code == "unsupported"
    assert info.value.message.startswith("Format non pris en charge ici")


def test_legacy_conversion_time_bound(corpus: Path) -> None:
    configure(legacy_timeout=0.05)
    started = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        extract_file(corpus / "Bug51890.doc")
    assert info.value.code == "timeout"
    assert time.monotonic() - started < 10
    # The soffice process group was killed: nothing of ours still runs from the temp profile.
    time.sleep(0.2)
    leftovers = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"maillage-soffice-" in cmdline:
                leftovers.append(pid)
    assert not leftovers


def test_parent_waits_on_the_child_exit_without_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    # Popen.wait(timeout=...) sleeps in steps of up to 50 ms: a floor on every document.
    def no_sleep(_seconds: float) -> None:
        raise AssertionError("the parent polled with time.sleep")

    monkeypatch.setattr(time, "sleep", no_sleep)
    assert run_isolated("tasks.extractors.isolate:_quick", [], {}, timeout=30, memory_limit_mb=300) == 1
