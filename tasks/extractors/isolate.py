"""Run an extraction in a child process with an address-space limit and a wall-clock timeout.

The parent never imports a parser: a file that makes PDFium crash, LibreOffice hang or lxml
eat all memory only ever takes the child down. The child is started with
`python -m tasks.extractors._child REQUEST RESULT` in its own session, so on timeout the
whole process group (including tesseract or soffice) is killed.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import selectors
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from . import defaults
from .base import ExtractedDocument, ExtractionError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TARGET = "tasks.extractors:extract_file"
_STDERR_TAIL = 8192
_PRELOAD = ("pypdfium2", "lxml.etree", "PIL.Image")
_OOM_MARKERS = ("MemoryError", "bad_alloc", "out of memory", "Cannot allocate memory", "Out of memory")


def extract_file_isolated(
    path: str | os.PathLike[str],
    *,
    timeout: float | None = None,
    memory_limit_mb: int | None = None,
    **kw: Any,
) -> ExtractedDocument:
    """extract_file() in a child process (RLIMIT_AS = memory_limit_mb, killed after `timeout` s).

    Accepts extract_file()'s keyword arguments. Always returns a document or raises
    ExtractionError: "timeout" when killed on time, "too_large" when the memory limit was hit,
    "crashed" when the child died otherwise.
    """
    timeout = float(defaults.TIMEOUT if timeout is None else timeout)
    memory_limit_mb = int(defaults.MEMORY_LIMIT_MB if memory_limit_mb is None else memory_limit_mb)
    path = os.path.abspath(os.fspath(path))
    if not os.path.isfile(path):
        raise ExtractionError("not_found")
    result = run_isolated(DEFAULT_TARGET, [path], kw, timeout=timeout, memory_limit_mb=memory_limit_mb)
    return ExtractedDocument.from_dict(result)


def run_isolated(
    target: str,
    args: list[Any],
    kwargs: dict[str, Any],
    *,
    timeout: float,
    memory_limit_mb: int,
) -> Any:
    """Call `module:function`(*args, **kwargs) in a limited child; JSON-able result or ExtractionError."""
    with tempfile.TemporaryDirectory(prefix="maillage-extract-") as tmp:
        req_path = Path(tmp) / "request.json"
        res_path = Path(tmp) / "result.json"
        err_path = Path(tmp) / "stderr.txt"
        req_path.write_text(
            json.dumps(
                {
                    "target": target,
                    "args": args,
                    "kwargs": kwargs,
                    "defaults": defaults.snapshot(),
                    "memory_limit_mb": memory_limit_mb,
                }
            ),
            encoding="utf-8",
        )
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
        env["OMP_THREAD_LIMIT"] = "1"
        env.pop("PYTHONSTARTUP", None)
        with open(err_path, "wb") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "tasks.extractors._child", str(req_path), str(res_path)],
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
                raise ExtractionError(
                    "timeout",
                    f"L'analyse du fichier a dépassé la durée autorisée ({timeout:g} s) "
                    "et a été interrompue : "
                    "déposez une version plus légère (moins de pages ou d'images numérisées).",
                ) from None
            finally:
                if proc.returncode is None:
                    _kill_group(proc)
        payload = _read_result(res_path)
        stderr_tail = _tail(err_path)
    if payload is not None:
        if "error" in payload:
            err_data = payload["error"]
            raise ExtractionError(err_data.get("code", "crashed"), err_data.get("message"))
        return payload.get("ok")
    if any(marker in stderr_tail for marker in _OOM_MARKERS) or proc.returncode == -signal.SIGKILL:
        raise ExtractionError("too_large", memory_message(memory_limit_mb))
    raise ExtractionError("crashed")


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


def _read_result(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _tail(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - _STDERR_TAIL))
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return ""


# --- child side ------------------------------------------------------------------------------


def _limit_memory(memory_limit_mb: int) -> None:
    limit = int(memory_limit_mb) * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _write(res_path: str, payload: dict) -> None:
    tmp = res_path + ".part"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False)
    os.replace(tmp, res_path)


def _child_main(req_path: str, res_path: str) -> int:
    with open(req_path, encoding="utf-8") as fh:
        req = json.load(fh)
    try:
        _limit_memory(req["memory_limit_mb"])
        defaults.configure(**req.get("defaults", {}))
        try:
            # Load the parsers' native libraries now: failing here means the limit is too small.
            for name in _PRELOAD:
                importlib.import_module(name)
        except (ImportError, OSError, MemoryError):
            traceback.print_exc()
            _write(
                res_path, {"error": {"code": "too_large", "message": memory_message(req["memory_limit_mb"])}}
            )
            return 0
        module_name, func_name = req["target"].split(":")
        func = getattr(importlib.import_module(module_name), func_name)
        value = func(*req.get("args", []), **req.get("kwargs", {}))
        if isinstance(value, ExtractedDocument):
            value = value.to_dict()
        _write(res_path, {"ok": value})
    except ExtractionError as exc:
        _write(res_path, {"error": {"code": exc.code, "message": exc.message}})
    except MemoryError:
        _write(res_path, {"error": {"code": "too_large", "message": memory_message(req["memory_limit_mb"])}})
    except Exception:
        traceback.print_exc()
        _write(res_path, {"error": {"code": "crashed"}})
    return 0


# Test helpers: targets that misbehave on purpose (used by the tests of the isolation itself).
def _hog_memory(megabytes: int = 100_000) -> int:
    blocks = []
    for _ in range(megabytes):
        blocks.append(bytearray(1024 * 1024))
    return len(blocks)


def _sleep(seconds: float = 3600) -> None:
    time.sleep(seconds)


def _abort() -> None:
    os.abort()


def _quick() -> int:
    return 1
