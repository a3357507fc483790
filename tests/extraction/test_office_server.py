"""The warm LibreOffice of legacy .doc/.ppt extraction (extraction/office_server.py): conversions go
through it, it runs under its own memory limit, a dead or hung server is replaced, and without it the cold
conversion still works."""

from __future__ import annotations

import os
import signal
import tempfile
import time
from pathlib import Path

import pytest

from extraction import (
    ExtractionError,
    configure,
    extract_file,
    extract_file_isolated,
    office_server,
)


def conversions_logged() -> int:
    log = office_server.state_dir() / "server.log"
    return log.read_text(errors="replace").count("POST /RPC2") if log.exists() else 0


def server_pid() -> int:
    return int((office_server.state_dir() / "server.pid").read_text())


@pytest.fixture
def warm():
    assert office_server.ensure_running(), (office_server.state_dir() / "server.log").read_text()[
        -2000:
    ]
    yield
    office_server.ensure_running()  # leave it warm for the next tests


def test_legacy_files_convert_through_the_warm_server(warm, corpus: Path) -> None:
    before = conversions_logged()
    doc = extract_file_isolated(corpus / "Bug50936_2.doc", ocr=False)
    deck = extract_file_isolated(corpus / "testPPT.ppt", ocr=False)
    assert "Journée de formation" in doc.text and doc.format == "doc"
    assert "Sample Powerpoint Slide" in deck.text and deck.format == "ppt" and deck.unit == "slide"
    assert conversions_logged() >= before + 2
    # The server runs with a memory limit of its own, not the isolated child's.
    limits = Path(f"/proc/{server_pid()}/limits").read_text()
    line = next(row for row in limits.splitlines() if row.startswith("Max address space"))
    assert line.split()[3] != "unlimited"


def libreoffice_processes() -> list[str]:
    """Processes of the warm server's LibreOffice (its profile is in the server's state folder)."""
    marker = str(office_server.state_dir()).encode()
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
            except (OSError, IndexError):
                continue
            if marker in cmdline and state != "Z":
                found.append(pid)
    return found


def test_a_dead_server_is_replaced(warm, corpus: Path) -> None:
    os.killpg(server_pid(), signal.SIGKILL)
    time.sleep(0.5)
    doc = extract_file_isolated(corpus / "Bug51890.doc", ocr=False)
    assert "Netscape Communicator" in doc.text
    assert office_server._listening()


def test_stopping_leaves_no_libreoffice_behind(warm, corpus: Path) -> None:
    assert libreoffice_processes()
    office_server.stop()
    time.sleep(0.5)
    assert libreoffice_processes() == []
    assert not office_server._listening()


def test_a_hung_conversion_times_out_and_the_server_is_replaced(warm, corpus: Path) -> None:
    configure(legacy_timeout=0.05)  # far shorter than any conversion: it counts as hung
    with pytest.raises(ExtractionError) as info:
        extract_file(corpus / "Bug51890.doc")
    assert info.value.code == "timeout"
    time.sleep(0.5)
    assert not office_server._listening()  # stopped: the next extraction starts a fresh one
    configure(legacy_timeout=120)
    assert "Netscape Communicator" in extract_file_isolated(corpus / "Bug51890.doc", ocr=False).text


def test_without_the_warm_server_the_cold_conversion_still_works(corpus: Path, monkeypatch) -> None:
    monkeypatch.setenv("MAILLAGE_OFFICE_SERVER", "0")
    before = conversions_logged()
    doc = extract_file(corpus / "testException1.doc")
    assert "Disability Access and Inclusion Plans" in doc.text
    assert conversions_logged() == before


def test_each_test_run_has_its_own_server_port_and_folder(monkeypatch) -> None:
    """Two suites on one machine never share (or stop) one LibreOffice: tests/conftest.py gives this run a free port
    pair and a folder of its own; outside the tests the machine-wide defaults stand."""
    assert office_server.port() != 2083 and office_server.port() == int(
        os.environ["MAILLAGE_OFFICE_PORT"]
    )
    assert office_server.state_dir() == Path(os.environ["MAILLAGE_OFFICE_DIR"])
    assert office_server.state_dir().name.startswith("maillage-office-test-")
    monkeypatch.delenv("MAILLAGE_OFFICE_PORT")
    monkeypatch.delenv("MAILLAGE_OFFICE_DIR")
    assert office_server.port() == 2083
    assert office_server.state_dir() == Path(tempfile.gettempdir()) / "maillage-office-2083"
