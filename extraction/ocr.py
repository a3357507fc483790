"""OCR of rendered page images with the `tesseract` command-line tool."""

from __future__ import annotations

import ctypes
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from PIL import Image


class OcrUnavailable(Exception):
    """tesseract is missing or has none of the requested languages."""


class OcrTimeout(Exception):
    pass


class OcrFailed(Exception):
    """tesseract exited with an error (unreadable image, out of memory...)."""


@functools.cache
def tesseract_path() -> str | None:
    return shutil.which("tesseract")


@functools.cache
def available_languages() -> frozenset[str]:
    exe = tesseract_path()
    if not exe:
        return frozenset()
    try:
        out = subprocess.run(
            [exe, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (out.stdout + "\n" + out.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def languages_for(requested: str) -> str:
    have = available_languages()
    langs = [lang for lang in requested.split("+") if lang in have]
    if not langs:
        raise OcrUnavailable(requested)
    return "+".join(langs)


def ocr_image(image: Image.Image, *, languages: str, timeout: float, dpi: int) -> str:
    """Run tesseract on one image; raise OcrTimeout past `timeout` seconds, OcrUnavailable if absent."""
    exe = tesseract_path()
    if not exe:
        raise OcrUnavailable("tesseract")
    langs = languages_for(languages)
    with tempfile.TemporaryDirectory(prefix="maillage-ocr-") as tmp:
        img_path = Path(tmp) / "page.pgm"  # uncompressed: fastest to write and to read back
        image.save(img_path)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        proc = subprocess.Popen(
            [exe, str(img_path), "stdout", "-l", langs, "--dpi", str(dpi), "--psm", "3"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise OcrTimeout() from None
        if proc.returncode != 0:
            raise OcrFailed(proc.returncode)
        return out.decode("utf-8", "replace")


def _die_with_parent() -> None:
    """In tesseract's process before exec: killed with the extraction child (its own session escapes the
    child's process group, which is what a timeout kills)."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.kill()
    proc.communicate()
