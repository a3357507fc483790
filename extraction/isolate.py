"""Run an extraction in a child process with memory, CPU, file-size and wall-clock limits.

The parent never imports a parser: a file that makes PDFium crash, LibreOffice hang or lxml
eat all memory only ever takes the child down. By default the child is forked from this process's
warm zygote (zygote.py: parsers already imported, ~100 ms saved per document); with
isolation="fresh" it is a new interpreter, `python -m extraction._child REQUEST RESULT`.
Either way it runs in its own session with the same limits (apply_limits), so on timeout its whole
process group is killed, and the caller gets the same errors and French reasons.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
import os
import resource
import selectors
import signal
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from . import defaults, formats, office_server, zygote
from .base import ExtractedDocument, ExtractionError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TARGET = "extraction:extract_file"
_STDERR_TAIL = 8192
logger = logging.getLogger(__name__)
_OOM_MARKERS = (
    "MemoryError",
    "bad_alloc",
    "out of memory",
    "Cannot allocate memory",
    "Out of memory",
)


def extract_file_isolated(
    path: str | os.PathLike[str],
    *,
    timeout: float | None = None,
    memory_limit_mb: int | None = None,
    isolation: str | None = None,
    **kw: Any,
) -> ExtractedDocument:
    """extract_file() in a child process (RLIMIT_AS = memory_limit_mb, killed after `timeout` s).

    Accepts extract_file()'s keyword arguments. `isolation` is "fork" (a child forked from this
    process's warm zygote, the default) or "fresh" (a new interpreter per document); both apply the
    same limits. Always returns a document or raises ExtractionError: "timeout" when killed on time,
    "too_large" when the memory or output limit was hit, "crashed" when the child died otherwise.
    """
    timeout = float(defaults.TIMEOUT if timeout is None else timeout)
    memory_limit_mb = int(defaults.MEMORY_LIMIT_MB if memory_limit_mb is None else memory_limit_mb)
    path = os.path.abspath(os.fspath(path))
    if not os.path.isfile(path):
        raise ExtractionError("not_found")
    office_server.prepare_for(path)  # a warm LibreOffice, outside the child's limits, for .doc/.ppt
    result = run_isolated(
        DEFAULT_TARGET,
        [path],
        kw,
        timeout=timeout,
        memory_limit_mb=memory_limit_mb,
        isolation=isolation,
    )
    return ExtractedDocument.from_dict(result)


def run_isolated(
    target: str,
    args: list[Any],
    kwargs: dict[str, Any],
    *,
    timeout: float,
    memory_limit_mb: int,
    isolation: str | None = None,
    cpu_seconds: int | None = None,
    file_size_limit_mb: int | None = None,
) -> Any:
    """Call `module:function`(*args, **kwargs) in a limited child; JSON-able result or ExtractionError.

    Limits: address space `memory_limit_mb`, wall clock `timeout`, CPU time `cpu_seconds` (default
    timeout + 5 s), files written `file_size_limit_mb` (default FILE_SIZE_LIMIT_MB), result OUTPUT_LIMIT_MB.
    """
    request = {
        "target": target,
        "args": args,
        "kwargs": kwargs,
        "defaults": defaults.snapshot(),
        "memory_limit_mb": memory_limit_mb,
        "cpu_seconds": cpu_seconds or math.ceil(timeout) + 5,
        "file_size_limit_mb": file_size_limit_mb or int(defaults.FILE_SIZE_LIMIT_MB),
    }
    output_limit = int(defaults.OUTPUT_LIMIT_MB) * 1024 * 1024
    mode = (isolation or str(defaults.ISOLATION)).lower()
    outcome = None
    if mode != "fresh":
        try:
            outcome = zygote.run(request, timeout, output_limit)
        except zygote.ZygoteLost:
            logger.warning(
                "extraction zygote unavailable: falling back to a fresh interpreter", exc_info=True
            )
    if outcome is None:
        outcome = _run_fresh(request, timeout, output_limit)
    return _interpret(outcome, timeout=timeout, memory_limit_mb=memory_limit_mb)


def _interpret(outcome: zygote.Outcome, *, timeout: float, memory_limit_mb: int) -> Any:
    if outcome.timed_out or outcome.returncode == -signal.SIGXCPU:
        raise ExtractionError(
            "timeout",
            f"L'analyse du fichier a dépassé la durée autorisée ({timeout:g} s) "
            "et a été interrompue : "
            "déposez une version plus légère (moins de pages ou d'images numérisées).",
        )
    if outcome.output_too_large:
        raise ExtractionError(
            "too_large",
            f"Le texte extrait dépasse la taille autorisée ({int(defaults.OUTPUT_LIMIT_MB)} Mo) : "
            "découpez le document en plusieurs parties.",
        )
    payload = _parse(outcome.output)
    if payload is not None:
        if "error" in payload:
            err_data = payload["error"]
            raise ExtractionError(err_data.get("code", "crashed"), err_data.get("message"))
        return payload.get("ok")
    if (
        any(marker in outcome.stderr_tail for marker in _OOM_MARKERS)
        or outcome.returncode == -signal.SIGKILL
    ):
        raise ExtractionError("too_large", memory_message(memory_limit_mb))
    raise ExtractionError("crashed")


def _run_fresh(request: dict[str, Any], timeout: float, output_limit: int) -> zygote.Outcome:
    """A fresh interpreter for one request: `python -m extraction._child REQUEST RESULT`."""
    outcome = zygote.Outcome()
    with tempfile.TemporaryDirectory(prefix="maillage-extract-") as tmp:
        req_path = Path(tmp) / "request.json"
        res_path = Path(tmp) / "result.json"
        err_path = Path(tmp) / "stderr.txt"
        req_path.write_text(json.dumps(request), encoding="utf-8")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
        )
        env["OMP_THREAD_LIMIT"] = "1"
        env["GLIBC_TUNABLES"] = ":".join(
            t for t in (env.get("GLIBC_TUNABLES", ""), zygote.MALLOC_TUNABLES) if t
        )
        env.pop("PYTHONSTARTUP", None)
        with open(err_path, "wb") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "extraction._child", str(req_path), str(res_path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                cwd=tmp,
                env=env,
                start_new_session=True,
            )
            try:
                _wait_exit(proc, timeout)
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                outcome.timed_out = True
            finally:
                if proc.returncode is None:
                    _kill_group(proc)
        outcome.returncode = proc.returncode
        try:
            if res_path.stat().st_size > output_limit:
                outcome.output_too_large = True
            else:
                outcome.output = res_path.read_bytes()
        except OSError:
            pass
        outcome.stderr_tail = _tail(err_path)
    return outcome


def _wait_exit(proc: subprocess.Popen, timeout: float) -> None:
    """Block until the child exits or `timeout` s pass, woken by the exit itself.

    Popen.wait(timeout=...) polls in steps of up to 50 ms, a floor on every short document;
    a pidfd becomes readable the moment the child exits.
    """
    try:
        pidfd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        proc.wait(timeout=timeout)
        return
    try:
        with selectors.DefaultSelector() as sel:
            sel.register(pidfd, selectors.EVENT_READ)
            if not sel.select(timeout):
                raise subprocess.TimeoutExpired(proc.args, timeout)
    finally:
        os.close(pidfd)
    proc.wait()


def memory_message(memory_limit_mb: int) -> str:
    return (
        f"L'analyse du fichier a dépassé la mémoire autorisée ({memory_limit_mb} Mo) : "
        "déposez une version allégée (images compressées) ou découpez le document."
    )


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.kill()
    except ProcessLookupError:
        pass
    proc.wait()


def _parse(data: bytes) -> dict | None:
    try:
        payload = json.loads(data)
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def _tail(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - _STDERR_TAIL))
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return ""


# --- child side ------------------------------------------------------------------------------


def apply_limits(request: dict[str, Any]) -> None:
    """In the child: address space, CPU time and file size limits, no core dump."""
    _set_soft("RLIMIT_AS", int(request["memory_limit_mb"]) * 1024 * 1024)
    _set_soft("RLIMIT_CORE", 0)
    if request.get("cpu_seconds"):
        _set_soft("RLIMIT_CPU", int(request["cpu_seconds"]))
    if request.get("file_size_limit_mb"):
        # A file written past the limit fails with EFBIG (an error), rather than SIGXFSZ killing the child.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _set_soft("RLIMIT_FSIZE", int(request["file_size_limit_mb"]) * 1024 * 1024)


def _set_soft(name: str, limit: int) -> None:
    which = getattr(resource, name)
    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(which, (limit, hard))


def child_payload(req: dict[str, Any], *, preload: bool = False) -> dict[str, Any]:
    """In the child: apply the limits, run the target; {"ok": value} or {"error": {...}}."""
    try:
        apply_limits(req)
        defaults.configure(**req.get("defaults", {}))
        from . import pdf  # in the child only: the parent never imports a parser

        pdf.SPLIT_ALLOWED = True  # a separate process: it may fork a helper for a large PDF
        if not preload and _address_space() > int(req["memory_limit_mb"]) * 1024 * 1024:
            # A forked child starts with the zygote's imports mapped, as a fresh child has after its
            # imports: a limit below that fails here, as the fresh child's imports would.
            return {
                "error": {"code": "too_large", "message": memory_message(req["memory_limit_mb"])}
            }
        if preload:
            try:
                # Load the parsers' native libraries now: failing here means the limit is too small.
                for name in formats.native_libraries():
                    importlib.import_module(name)
            except (ImportError, OSError, MemoryError):
                traceback.print_exc()
                return {
                    "error": {
                        "code": "too_large",
                        "message": memory_message(req["memory_limit_mb"]),
                    }
                }
        module_name, func_name = req["target"].split(":")
        func = getattr(importlib.import_module(module_name), func_name)
        value = func(*req.get("args", []), **req.get("kwargs", {}))
        if isinstance(value, ExtractedDocument):
            value = value.to_dict()
        return {"ok": value}
    except ExtractionError as exc:
        return {"error": {"code": exc.code, "message": exc.message}}
    except MemoryError:
        return {"error": {"code": "too_large", "message": memory_message(req["memory_limit_mb"])}}
    except Exception:
        traceback.print_exc()
        return {"error": {"code": "crashed"}}


def _address_space() -> int:
    """Bytes of address space this process uses (VmSize), 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _child_main(req_path: str, res_path: str) -> int:
    zygote.drop_malloc_tunables()  # read at start-up; not for the programs this child runs
    with open(req_path, encoding="utf-8") as fh:
        req = json.load(fh)
    payload = child_payload(req, preload=True)
    tmp = res_path + ".part"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh)
    os.replace(tmp, res_path)
    return 0
