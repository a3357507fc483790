"""A warm LibreOffice for legacy .doc/.ppt: one headless instance per machine, driven through unoserver.

Starting LibreOffice costs 1.3–2 s per file; a listening instance converts a small .doc in tens of
milliseconds. The server is started by the parent side of the extraction (`ensure_running()`, called before the
isolated child runs, so the server never inherits the child's limits), in its own session, with its own limits:
RLIMIT_AS of the extraction's memory limit, a conversion timeout (LEGACY_TIMEOUT) and a restart after
RECYCLE_AFTER conversions (unoserver's --stop-after) so that a leak cannot grow. A server that dies (crash,
memory limit, recycling) is started again by the next caller; a lock file keeps two processes from starting two.

The isolated child converts through `convert()` (XML-RPC to 127.0.0.1); when no server answers (LibreOffice or
python3-uno missing, server starting or dead) legacy.py falls back to a cold `soffice --convert-to`, as before.

Settings (environment): MAILLAGE_OFFICE_SERVER=0 turns the warm server off; MAILLAGE_OFFICE_PORT (default 2083,
and the next port for UNO); MAILLAGE_OFFICE_DIR, its pid files, log and profile (default
<tmp>/maillage-office-<port>). The test suite gives each run its own port pair and directory (tests/conftest.py).
"""

from __future__ import annotations

import fcntl
import os
import resource
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from xmlrpc.client import ServerProxy, Transport

from . import defaults, formats
from .base import ExtractionError
from .detect import detect_format

RECYCLE_AFTER = 200  # conversions before the server is replaced by a fresh one
SERVER_MEMORY_MB = (
    2048  # address space of the warm LibreOffice (it reserves much more than it uses)
)
START_TIMEOUT = 40.0  # seconds for LibreOffice to start listening
SYSTEM_PYTHONS = ("/usr/bin/python3", "/usr/bin/python3.11")  # Debian's python3-uno lives there


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def enabled() -> bool:
    return os.environ.get("MAILLAGE_OFFICE_SERVER", "1") not in ("0", "false", "off", "")


def port() -> int:
    return int(os.environ.get("MAILLAGE_OFFICE_PORT", "2083"))


def state_dir() -> Path:
    """Pid files, log and profile of the server on this port: one place per machine and port, whichever process
    started it (MAILLAGE_OFFICE_DIR puts it elsewhere: a test run keeps its own)."""
    path = Path(
        os.environ.get("MAILLAGE_OFFICE_DIR")
        or Path(tempfile.gettempdir()) / f"maillage-office-{port()}"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def _listening(timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port()), timeout=timeout):
            return True
    except OSError:
        return False


def _uno_python() -> str | None:
    """A Python that can `import uno` (Debian's python3-uno), needed by unoserver's server side."""
    for exe in SYSTEM_PYTHONS:
        if os.path.exists(exe):
            probe = subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=20)
            if probe.returncode == 0:
                return exe
    return None


def _unoserver_path() -> str | None:
    try:
        import unoserver  # optional (Debian's python3-uno): probed when needed, absent on most machines
    except ImportError:
        return None
    return str(Path(unoserver.__file__).resolve().parent.parent)


def _limits(memory_mb: int):
    def apply() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.setsid()

    return apply


def ensure_running() -> bool:
    """Start the warm LibreOffice if it is not listening; True when it answers. Never raises."""
    if not enabled():
        return False
    if _listening():
        return True
    soffice = soffice_path()
    python, package = _uno_python(), _unoserver_path()
    if not (soffice and python and package):
        return False
    directory = state_dir()
    with open(directory / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _listening():
            return True
        stop()  # a server that no longer listens (its LibreOffice died): never leave it behind
        profile = directory / "profile"
        log = open(directory / "server.log", "ab")  # noqa: SIM115 — handed to the server process
        env = dict(os.environ, PYTHONPATH=package, HOME=str(directory), SAL_USE_VCLPLUGIN="svp")
        cmd = [
            python,
            "-m",
            "unoserver.server",
            "--interface",
            "127.0.0.1",
            "--port",
            str(port()),
            "--uno-interface",
            "127.0.0.1",
            "--uno-port",
            str(port() + 1),
            "--executable",
            soffice,
            "--user-installation",
            str(profile),
            "--conversion-timeout",
            str(int(defaults.LEGACY_TIMEOUT)),
            "--stop-after",
            str(RECYCLE_AFTER),
            "--libreoffice-pid-file",
            str(directory / "soffice.pid"),
        ]
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=env,
            cwd=directory,
            preexec_fn=_limits(SERVER_MEMORY_MB),
            close_fds=True,
        )
        (directory / "server.pid").write_text(str(proc.pid))
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            if _listening() and _answers():
                return True
            time.sleep(0.1)
        return False


def prepare_for(path: str) -> None:
    """Before an isolated extraction: a format read through LibreOffice (.doc/.ppt) gets the warm one started
    (never raises)."""
    try:
        if formats.BY_NAME[detect_format(path)].office:
            ensure_running()
    except Exception:  # detection errors are the child's to report, with their French reason
        pass


def _answers() -> bool:
    try:
        ServerProxy(f"http://127.0.0.1:{port()}", allow_none=True).info()
        return True
    except Exception:
        return False


class _TimeoutTransport(Transport):
    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


def convert(source: Path, target: Path, to: str) -> bool:
    """Convert `source` to format `to` (odt, odp, pdf…) into `target` with the warm server; False if it cannot
    (the caller then starts a LibreOffice of its own). Past LEGACY_TIMEOUT seconds the server is stopped (the
    next caller starts a fresh one) and ExtractionError("timeout") is raised: the file, not the server, hangs."""
    if not enabled() or not _listening():
        return False
    timeout = float(defaults.LEGACY_TIMEOUT)
    proxy = ServerProxy(
        f"http://127.0.0.1:{port()}", allow_none=True, transport=_TimeoutTransport(timeout)
    )
    try:
        # unoserver's XML-RPC convert(inpath, indata, outpath, convert_to, filtername, filter_options,
        # update_index, infiltername, password), the file read and written by the server itself.
        proxy.convert(
            str(source.resolve()), None, str(target.resolve()), to, None, [], False, None, None
        )
    except TimeoutError:
        stop()
        raise ExtractionError("timeout") from None
    except Exception:
        if not _alive(_pid("soffice.pid")):
            stop()  # its LibreOffice died: the next caller starts a fresh server
        return False
    return target.exists() and target.stat().st_size > 0


def convert_cold(
    source: Path, out_dir: Path, to: str, *, timeout: float, preexec=None
) -> Path | None:
    """`soffice --convert-to` started for this file alone, in its own session and profile under `out_dir`
    (`preexec` may set limits); the whole process group is killed at the end. Returns the converted file, None
    when LibreOffice wrote nothing (damaged or unsupported file); raises ExtractionError("timeout")."""
    exe = soffice_path()
    if exe is None:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    home = out_dir / "home"
    cmd = [
        exe,
        f"-env:UserInstallation={(home / 'profile').as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        to,
        "--outdir",
        str(out_dir),
        str(source),
    ]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "SAL_USE_VCLPLUGIN": "svp",
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }
    proc = subprocess.Popen(
        cmd,
        cwd=out_dir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=preexec,
    )
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ExtractionError("timeout") from None
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # LibreOffice may leave helper processes behind
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
    result = out_dir / f"{source.stem}.{to}"
    return result if result.exists() and result.stat().st_size > 0 else None


def _pid(name: str) -> int | None:
    try:
        return int((state_dir() / name).read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int | None) -> bool:
    """A running process (not a zombie waiting to be reaped)."""
    try:
        return pid is not None and Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def stop() -> None:
    """Stop the warm server and its LibreOffice (a stale one before a restart, the tests' end, a hung
    conversion): SIGKILL to the server's process group, which holds LibreOffice too."""
    server = _pid("server.pid")
    if server is not None:
        try:
            os.killpg(server, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    soffice = _pid("soffice.pid")
    if soffice is not None:
        # unoserver starts LibreOffice in a session of its own (launcher, oosplash, soffice.bin): its group.
        try:
            group = os.getpgid(soffice)
            if group != os.getpgrp():
                os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    for name in ("server.pid", "soffice.pid"):
        (state_dir() / name).unlink(missing_ok=True)
