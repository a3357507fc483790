"""A warm fork server ("zygote") for isolated extractions.

Starting a fresh interpreter per document and importing PDFium, lxml and Pillow again costs about 115 ms
per document. Instead, each parent process (Celery pool process, web process, management command) starts
once, lazily, `python -m extraction._zygote FD`: a small process that imports the extractors and
their native libraries (none of them starts a thread) and then forks one child per document. The child
applies exactly the limits of the fresh-interpreter mode (`isolate.child_payload`), writes its JSON result
on a pipe and exits; the zygote reaps it and reports its exit status.

Protocol (all over Unix sockets, one request never blocks another):
- control socket (SOCK_SEQPACKET, parent <-> zygote): b"READY" once the imports are done; then one message
  per request: the JSON request with three descriptors attached (SCM_RIGHTS): a per-request status socket,
  the write end of the result pipe and a file for the child's stderr;
- status socket (per request): the zygote writes b"P <pid>\\n" after the fork and b"X <status>\\n" once
  the child is reaped; the parent writes b"K" to have the child's process group killed (the zygote is the
  child's parent, so the pid cannot have been reused); closing it kills the child too.

The zygote exits, killing its children, when the parent closes the control socket or dies; its children
are killed if the zygote dies (PR_SET_PDEATHSIG: the zygote is single-threaded). A zygote belongs to the
process that started it (`os.getpid()`): a forked parent (Celery prefork) starts its own, and a dead zygote
is replaced on the next request. `MAILLAGE_EXTRACTION_ISOLATION=fresh` (or `isolation="fresh"`) falls back
to a fresh interpreter per document.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import formats

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# glibc's defaults give memory back to the system on every large free(); a child forked from a fresh
# process then takes page faults again on every PDF page (measured: 1,000 dense pages 3.1 s -> 2.4 s with
# these). Children are short-lived, so keeping freed memory costs nothing; tesseract and soffice, started
# from the children, do not inherit the setting.
MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=134217728"
_START_TIMEOUT = 60.0
_KILL_GRACE = 10.0
_STDERR_TAIL = 8192
# Imported once in the zygote, inherited by every child (none of them starts a thread on import): the package,
# every format's extractor module and native libraries (formats.py), and OCR (the zygote asks tesseract once).
PRELOAD = ("extraction", *formats.preload_modules(), "extraction.ocr")


class ZygoteLost(Exception):
    """The zygote died or could not be started (not the document's fault)."""


@dataclass
class Outcome:
    """What the parent learnt about one child: its result bytes, exit status and stderr tail."""

    output: bytes = b""
    returncode: int | None = None  # like Popen.returncode: -N when killed by signal N
    stderr_tail: str = ""
    timed_out: bool = False
    output_too_large: bool = False


# --- parent side -------------------------------------------------------------------------------


class Zygote:
    def __init__(self) -> None:
        self.owner = os.getpid()
        parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
        )
        env["OMP_THREAD_LIMIT"] = "1"
        env["GLIBC_TUNABLES"] = ":".join(
            t for t in (env.get("GLIBC_TUNABLES", ""), MALLOC_TUNABLES) if t
        )
        env.pop("PYTHONSTARTUP", None)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "extraction._zygote", str(child_end.fileno())],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                pass_fds=(child_end.fileno(),),
                cwd=tempfile.gettempdir(),
                env=env,
                start_new_session=True,  # a Ctrl-C in the terminal reaches the parent, not the zygote
            )
        finally:
            child_end.close()
        self.ctl = parent_end
        self.send_lock = threading.Lock()
        self.ctl.settimeout(_START_TIMEOUT)
        try:
            ready = self.ctl.recv(16)
        except OSError:
            ready = b""
        self.ctl.settimeout(None)
        if ready != b"READY":
            self.close()
            raise ZygoteLost("the extraction zygote did not start")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        """Stop the zygote (it kills its children when the control socket closes) and reap it."""
        try:
            self.ctl.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def abandon(self) -> None:
        """In a forked copy of the owner: drop the inherited socket without touching the zygote."""
        try:
            self.ctl.close()
        except OSError:
            pass
        self.proc.returncode = 0  # not our child: never wait for it

    def run(self, request: dict[str, Any], timeout: float, output_limit: int) -> Outcome:
        """Fork one child for `request` and wait for its result, its exit or the deadline."""
        status_parent, status_zygote = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        res_r, res_w = os.pipe()
        err = tempfile.TemporaryFile(prefix="maillage-extract-")
        try:
            data = json.dumps(request).encode("utf-8")
            try:
                with self.send_lock:
                    socket.send_fds(self.ctl, [data], [status_zygote.fileno(), res_w, err.fileno()])
            except OSError as exc:
                raise ZygoteLost(str(exc)) from exc
            status_zygote.close()
            os.close(res_w)
            res_w = -1
            outcome = _wait(status_parent, res_r, timeout, output_limit)
            err.seek(0, os.SEEK_END)
            err.seek(max(0, err.tell() - _STDERR_TAIL))
            outcome.stderr_tail = err.read().decode("utf-8", "replace")
            return outcome
        finally:
            err.close()
            status_parent.close()
            status_zygote.close()
            os.close(res_r)
            if res_w >= 0:
                os.close(res_w)


def _wait(status: socket.socket, res_r: int, timeout: float, output_limit: int) -> Outcome:
    outcome = Outcome()
    chunks: list[bytes] = []
    size = 0
    status_buf = b""
    result_open = True
    deadline = time.monotonic() + timeout
    killed_at: float | None = None
    with selectors.DefaultSelector() as sel:
        sel.register(res_r, selectors.EVENT_READ, "result")
        sel.register(status, selectors.EVENT_READ, "status")
        while True:
            now = time.monotonic()
            if killed_at is None and now >= deadline:
                outcome.timed_out = True
                killed_at = _kill(status, now)
            if killed_at is not None and now - killed_at > _KILL_GRACE:
                raise ZygoteLost("the zygote did not report the killed child")
            limit = (deadline if killed_at is None else killed_at + _KILL_GRACE) - now
            for key, _ in sel.select(max(0.0, limit)):
                if key.data == "result":
                    chunk = os.read(res_r, 1 << 20)
                    if not chunk:
                        sel.unregister(res_r)
                        result_open = False
                        continue
                    size += len(chunk)
                    if size > output_limit:
                        outcome.output_too_large = True
                        sel.unregister(res_r)
                        result_open = False
                        chunks.clear()
                        if killed_at is None:
                            killed_at = _kill(status, time.monotonic())
                        continue
                    chunks.append(chunk)
                else:
                    chunk = status.recv(4096)
                    if not chunk:
                        raise ZygoteLost("the zygote closed the status socket")
                    status_buf += chunk
                    for line in status_buf.split(b"\n")[:-1]:
                        if line.startswith(b"X "):
                            outcome.returncode = int(line[2:])
                    status_buf = status_buf[status_buf.rfind(b"\n") + 1 :]
            if outcome.returncode is not None and not result_open:
                break
            if outcome.returncode is not None and result_open:
                # The child is gone; a grandchild it left (tesseract) may hold the pipe open: read what is
                # there without waiting for it.
                sel.unregister(status)
                while True:
                    ready = sel.select(0)
                    if not ready:
                        break
                    chunk = os.read(res_r, 1 << 20)
                    if not chunk:
                        break
                    chunks.append(chunk)
                break
    if not outcome.output_too_large:
        outcome.output = b"".join(chunks)
    return outcome


def _kill(status: socket.socket, now: float) -> float:
    try:
        status.sendall(b"K")
    except OSError:
        pass
    return now


_lock = threading.Lock()
_current: Zygote | None = None


def get() -> Zygote:
    """This process's zygote, started (or restarted, if it died) as needed."""
    global _current
    with _lock:
        zygote = _current
        if zygote is not None and zygote.owner != os.getpid():
            zygote.abandon()
            zygote = None
        if zygote is not None and not zygote.alive():
            zygote.close()
            zygote = None
        if zygote is None:
            zygote = _current = Zygote()
        return zygote


def stop() -> None:
    """Stop this process's zygote, if any (tests, shutdown)."""
    global _current
    with _lock:
        zygote, _current = _current, None
    if zygote is not None:
        if zygote.owner == os.getpid():
            zygote.close()
        else:
            zygote.abandon()


def current_pid() -> int | None:
    """PID of this process's zygote, if one is running."""
    zygote = _current
    if zygote is None or zygote.owner != os.getpid() or not zygote.alive():
        return None
    return zygote.pid


def run(request: dict[str, Any], timeout: float, output_limit: int) -> Outcome:
    """Run one request in a child of this process's zygote; a zygote found dead is replaced once."""
    for attempt in (1, 2):
        zygote = get()
        try:
            return zygote.run(request, timeout, output_limit)
        except ZygoteLost:
            # Killed from outside (the zygote itself never parses a document): start a new one and retry.
            with _lock:
                if _current is zygote:
                    _drop(zygote)
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _drop(zygote: Zygote) -> None:
    global _current
    _current = None
    try:
        zygote.proc.kill()
    except OSError:
        pass
    zygote.close()


def _after_fork_in_child() -> None:
    global _current, _lock
    _lock = threading.Lock()
    if _current is not None:
        _current.abandon()
        _current = None


os.register_at_fork(after_in_child=_after_fork_in_child)


# --- zygote side ------------------------------------------------------------------------------


def _set_parent_death_signal() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def drop_malloc_tunables() -> None:
    """Remove MALLOC_TUNABLES from this process's environment (glibc has already read them)."""
    tunables = [
        t for t in os.environ.get("GLIBC_TUNABLES", "").split(":") if t and t not in MALLOC_TUNABLES
    ]
    if tunables:
        os.environ["GLIBC_TUNABLES"] = ":".join(tunables)
    else:
        os.environ.pop("GLIBC_TUNABLES", None)


def serve(ctl_fd: int) -> int:
    # No PR_SET_PDEATHSIG here: it fires when the *thread* that started the zygote ends (a web server's
    # request thread). The zygote notices its parent's death as the end of the control socket instead.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    drop_malloc_tunables()  # read at start-up and inherited by forks; not for the programs children run
    ctl = socket.socket(fileno=ctl_fd)
    for name in PRELOAD:
        importlib.import_module(name)
    # Here, not at the top: isolate imports this module, and the parsers stay out of the processes that only
    # start a zygote (they are preloaded just above, in the zygote itself).
    from extraction import isolate, ocr

    ocr.tesseract_path()
    ocr.available_languages()  # one `tesseract --list-langs` for all children
    my_pid = os.getpid()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    children: dict[int, socket.socket] = {}
    sel = selectors.DefaultSelector()
    sel.register(ctl, selectors.EVENT_READ, "ctl")
    sel.register(wake_r, selectors.EVENT_READ, "wake")
    ctl.sendall(b"READY")

    def reap() -> None:
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = children.pop(pid, None)
            if conn is None:
                continue
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            try:
                sel.unregister(conn)
            except (KeyError, ValueError):
                pass
            try:
                conn.sendall(b"X %d\n" % code)
            except OSError:
                pass
            conn.close()

    def kill(pid: int) -> None:
        for kill_func in (os.killpg, os.kill):
            try:
                kill_func(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    while True:
        for key, _ in sel.select():
            if key.data == "ctl":
                try:
                    msg, fds, _flags, _addr = socket.recv_fds(ctl, 1 << 20, 3)
                except OSError:
                    msg, fds = b"", []
                if not msg:
                    for pid in list(children):
                        kill(pid)
                    return 0
                if len(fds) != 3:
                    for fd in fds:
                        os.close(fd)
                    continue
                conn_fd, res_fd, err_fd = fds
                pid = os.fork()
                if pid == 0:
                    code = 70
                    try:
                        signal.set_wakeup_fd(-1)
                        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                        signal.signal(signal.SIGINT, signal.default_int_handler)
                        _set_parent_death_signal()
                        if os.getppid() != my_pid:
                            os._exit(code)
                        os.setsid()
                        os.dup2(err_fd, 2)
                        null = os.open(os.devnull, os.O_RDWR)
                        os.dup2(null, 0)
                        os.dup2(null, 1)
                        os.closerange(3, res_fd)
                        os.closerange(res_fd + 1, max(res_fd + 1, os.sysconf("SC_OPEN_MAX")))
                        _write_all(res_fd, isolate.child_payload(json.loads(msg)))
                        code = 0
                    finally:
                        os._exit(code)
                os.close(res_fd)
                os.close(err_fd)
                conn = socket.socket(fileno=conn_fd)
                children[pid] = conn
                sel.register(conn, selectors.EVENT_READ, pid)
                try:
                    conn.sendall(b"P %d\n" % pid)
                except OSError:
                    kill(pid)
            elif key.data == "wake":
                try:
                    os.read(wake_r, 4096)
                except BlockingIOError:
                    pass
                reap()
            else:
                # b"K" from the parent, or the parent gave up (closed): kill the child's group.
                try:
                    key.fileobj.recv(64)
                except OSError:
                    pass
                sel.unregister(key.fileobj)
                kill(key.data)
        reap()


def _write_all(fd: int, payload: dict) -> None:
    # ASCII JSON: the C encoder writes it ~40% faster than UTF-8 (7 ms less for 1,000 dense pages)
    data = memoryview(json.dumps(payload).encode("ascii"))
    while data:
        written = os.write(fd, data)
        data = data[written:]
