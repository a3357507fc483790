"""extract_file_isolated: a misbehaving child never takes the caller down; legacy conversion bounds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from extraction import (
    ExtractionError,
    configure,
    extract_file,
    extract_file_isolated,
    legacy,
    zygote,
)
from extraction.isolate import run_isolated
from tests.helpers.environment import PROJECT_ROOT
from tests.helpers.extraction_samples import make_mixed_pdf, make_pdf


def test_child_exceeding_memory_limit() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        run_isolated(
            "tests.extraction.isolation_targets:hog_memory", [], {}, timeout=60, memory_limit_mb=300
        )
    assert info.value.code == "too_large"
    assert "300 Mo" in info.value.message
    assert time.monotonic() - started < 30


def test_child_exceeding_timeout_is_killed() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        run_isolated(
            "tests.extraction.isolation_targets:sleep", [], {}, timeout=1, memory_limit_mb=300
        )
    assert info.value.code == "timeout"
    assert "interrompue" in info.value.message
    assert time.monotonic() - started < 10


def test_child_crashing_hard() -> None:
    with pytest.raises(ExtractionError) as info:
        run_isolated(
            "tests.extraction.isolation_targets:abort", [], {}, timeout=30, memory_limit_mb=300
        )
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
    assert (
        run_isolated(
            "tests.extraction.isolation_targets:quick", [], {}, timeout=30, memory_limit_mb=300
        )
        == 1
    )


# --- the warm zygote (fork server) ------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.parametrize("isolation", ["fork", "fresh"])
def test_both_modes_apply_the_same_limits(isolation: str) -> None:
    kw = {"memory_limit_mb": 300, "isolation": isolation}
    with pytest.raises(ExtractionError) as info:
        run_isolated("tests.extraction.isolation_targets:hog_memory", [], {}, timeout=60, **kw)
    assert info.value.code == "too_large" and "300 Mo" in info.value.message
    with pytest.raises(ExtractionError) as info:
        run_isolated("tests.extraction.isolation_targets:sleep", [], {}, timeout=1, **kw)
    assert info.value.code == "timeout"
    with pytest.raises(ExtractionError) as info:
        run_isolated("tests.extraction.isolation_targets:abort", [], {}, timeout=30, **kw)
    assert info.value.code == "crashed"
    with pytest.raises(ExtractionError) as info:
        run_isolated(
            "tests.extraction.isolation_targets:spin", [], {}, timeout=30, **kw, cpu_seconds=1
        )
    assert info.value.code == "timeout"  # RLIMIT_CPU: SIGXCPU
    with pytest.raises(ExtractionError) as info:
        run_isolated(
            "tests.extraction.isolation_targets:write_file",
            [],
            {},
            timeout=30,
            **kw,
            file_size_limit_mb=1,
        )
    assert info.value.code == "crashed"  # RLIMIT_FSIZE: the write fails (EFBIG)
    configure(output_limit_mb=1)
    with pytest.raises(ExtractionError) as info:
        run_isolated("tests.extraction.isolation_targets:big_output", [], {}, timeout=30, **kw)
    assert info.value.code == "too_large" and "1 Mo" in info.value.message


def test_fork_and_fresh_give_the_same_document(corpus: Path) -> None:
    for name in ("tracemonkey.pdf", "testWORD.docx", "testPPT.pptx", "testOpenOffice2.odt"):
        assert extract_file_isolated(corpus / name, isolation="fork") == extract_file_isolated(
            corpus / name, isolation="fresh"
        )


def test_zygote_is_started_once_and_single_threaded(corpus: Path) -> None:
    extract_file_isolated(corpus / "testPDF.pdf")
    pid = zygote.current_pid()
    assert pid
    extract_file_isolated(corpus / "testPDF.pdf")
    assert zygote.current_pid() == pid
    status = Path(f"/proc/{pid}/status").read_text()
    assert "Threads:\t1\n" in status  # nothing thread-holding was initialised before the forks


def test_killed_zygote_is_replaced_and_leaves_no_zombie(corpus: Path) -> None:
    extract_file_isolated(corpus / "testPDF.pdf")
    old = zygote.current_pid()
    os.kill(old, signal.SIGKILL)
    time.sleep(0.1)
    doc = extract_file_isolated(corpus / "testPDF.pdf")
    assert "Apache" in doc.text
    new = zygote.current_pid()
    assert new and new != old
    assert not Path(f"/proc/{old}").exists() or _state(old) != "Z"
    for pid in _children(os.getpid()):
        assert _state(pid) != "Z", f"zombie child {pid}"


def test_zygote_killed_during_an_extraction_retries_it() -> None:
    def kill_soon() -> None:
        time.sleep(0.5)
        os.kill(zygote.current_pid(), signal.SIGKILL)

    run_isolated(
        "tests.extraction.isolation_targets:quick", [], {}, timeout=30, memory_limit_mb=300
    )
    threading.Thread(target=kill_soon).start()
    started = time.monotonic()
    assert (
        run_isolated(
            "tests.extraction.isolation_targets:sleep", [1.0], {}, timeout=30, memory_limit_mb=300
        )
        is None
    )
    assert time.monotonic() - started >= 1.4  # ran again from the start in a new zygote's child


def test_timed_out_children_are_reaped(corpus: Path) -> None:
    for _ in range(3):
        with pytest.raises(ExtractionError):
            run_isolated(
                "tests.extraction.isolation_targets:sleep", [], {}, timeout=0.2, memory_limit_mb=300
            )
    time.sleep(0.2)
    assert _children(zygote.current_pid()) == []


def test_forked_parent_starts_its_own_zygote(corpus: Path) -> None:
    extract_file_isolated(corpus / "testPDF.pdf")
    mine = zygote.current_pid()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # like a Celery prefork pool process
        try:
            extract_file_isolated(corpus / "testPDF.pdf")
            os.write(write_end, str(zygote.current_pid()).encode())
            zygote.stop()
        finally:
            os._exit(0)
    os.close(write_end)
    theirs = int(os.read(read_end, 64))
    os.close(read_end)
    os.waitpid(pid, 0)
    assert theirs != mine
    assert zygote.current_pid() == mine
    assert "Apache" in extract_file_isolated(corpus / "testPDF.pdf").text


def test_zygote_exits_with_its_parent(tmp_path: Path) -> None:
    script = (
        "import sys, time; sys.path.insert(0, sys.argv[1]);"
        "from extraction import zygote, isolate;"
        "isolate.run_isolated('tests.extraction.isolation_targets:quick', [], {}, timeout=30, memory_limit_mb=300);"
        "print(zygote.current_pid(), flush=True); time.sleep(3600)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(PROJECT_ROOT)], stdout=subprocess.PIPE, text=True
    )
    zygote_pid = int(proc.stdout.readline())
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while (
        Path(f"/proc/{zygote_pid}").exists()
        and _state(zygote_pid) != "Z"
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    assert not Path(f"/proc/{zygote_pid}").exists() or _state(zygote_pid) == "Z"


# --- a large PDF read by two processes (the child and a helper it forks) -------------------------


@pytest.mark.parametrize("isolation", ["fork", "fresh"])
def test_split_pdf_gives_the_same_document(tmp_path: Path, isolation: str) -> None:
    path = make_pdf(
        tmp_path / "long.pdf", [f"Page numéro {n}\nécono-\nmie sociale" for n in range(1, 8)]
    )
    configure(
        pdf_split_min_pages=4, split_max_load=1000
    )  # pages 4-7 are read by the helper, whatever the load
    split = extract_file_isolated(path, timeout=60, isolation=isolation)
    assert split == extract_file(path)
    assert [p.number for p in split.pages] == list(range(1, 8))
    configure(split_max_load=-1)  # a busy machine: no helper, same document
    assert extract_file_isolated(path, timeout=60, isolation=isolation) == split


def test_split_pdf_merges_the_helpers_ocr_warnings(corpus: Path, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(corpus / "testOCR.pdf"))
    out = pdfium.PdfDocument.new()
    for _ in range(4):
        out.import_pages(src, [0])
    out.save(str(tmp_path / "scan.pdf"))
    # Page 1 is scanned: pages 2-3 stay with the child, page 4 goes to a helper; OCR budget 3 = 2 + 1.
    configure(ocr_max_pages=3, split_max_load=1000)
    doc = extract_file_isolated(tmp_path / "scan.pdf", timeout=120)
    assert [p.ocr for p in doc.pages] == [True, True, False, True]
    assert "Happy New Year" in doc.pages[3].text
    assert doc.warnings == ["OCR non effectué au-delà de 3 pages numérisées (pages 3)."]
    configure(ocr_max_pages=300)
    assert extract_file_isolated(tmp_path / "scan.pdf", timeout=120) == extract_file(
        tmp_path / "scan.pdf"
    )


def test_split_pdf_timeout_kills_the_helper_too(tmp_path: Path) -> None:
    path = make_mixed_pdf(tmp_path / "scan.pdf", "Texte", ["Rapport annuel"] * 12)
    configure(pdf_split_min_pages=2, split_max_load=1000)
    with pytest.raises(ExtractionError) as info:
        extract_file_isolated(path, timeout=0.5)
    assert info.value.code == "timeout"
    time.sleep(0.3)
    assert _children(zygote.current_pid()) == []


def test_ocr_timeout_leaves_no_tesseract_running(tmp_path: Path) -> None:
    # tesseract runs in its own session (so that an OCR timeout can kill its group): it must still die
    # with the extraction child when the child's whole group is killed.
    path = make_mixed_pdf(tmp_path / "scan.pdf", "Texte", ["Rapport annuel"] * 30)
    with pytest.raises(ExtractionError):
        extract_file_isolated(path, timeout=0.6)
    time.sleep(0.3)
    orphans = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name, rest = stat.split(") ", 1)
            state, ppid = rest.split()[:2]
            if name.endswith("(tesseract") and ppid == "1" and state != "Z":
                orphans.append(entry.name)
    assert not orphans


def test_threads_share_the_zygote(corpus: Path) -> None:
    # A threaded web process: requests from several threads go through one zygote at once.
    names = ["testPDF.pdf", "tracemonkey.pdf", "testWORD.docx", "testPPT.pptx"] * 2
    expected = {name: extract_file(corpus / name) for name in set(names)}
    results: dict[int, object] = {}

    def work(i: int, name: str) -> None:
        results[i] = extract_file_isolated(corpus / name, timeout=60) == expected[name]

    threads = [threading.Thread(target=work, args=(i, name)) for i, name in enumerate(names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {i: True for i in range(len(names))}
