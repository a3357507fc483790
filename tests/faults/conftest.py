"""Fault injection against the real services: stop, kill or restart them mid-test, always restore them."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers.environment import PROJECT_ROOT

CTL = PROJECT_ROOT / "scripts" / "services" / "ctl.sh"


class Services:
    def __init__(self):
        self.touched: set[str] = set()

    def _run(self, action: str, name: str) -> None:
        self.touched.add(name)
        result = subprocess.run(
            ["bash", str(CTL), action, name], capture_output=True, text=True, timeout=180
        )
        if result.returncode != 0:
            raise AssertionError(
                f"ctl.sh {action} {name} failed:\n{result.stdout}\n{result.stderr}"
            )

    def stop(self, name: str) -> None:
        self._run("stop", name)

    def start(self, name: str) -> None:
        self._run("start", name)

    def restart(self, name: str) -> None:
        self._run("restart", name)

    def restore(self) -> None:
        for name in sorted(self.touched):
            subprocess.run(["bash", str(CTL), "start", name], capture_output=True, timeout=180)


@pytest.fixture
def services():
    controller = Services()
    yield controller
    controller.restore()
