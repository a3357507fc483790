"""axe-core in Chromium (fetched from npm by scripts/fetch-test-tools.sh, injected by the test, never served by the
site) and the count of Wagtail's accessibility checker in the editor's user bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.helpers.browser import wait

AXE_VERSION = "4.14.1"


def axe_source() -> str:
    path = Path(settings.VAR_DIR) / "test-tools" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if not path.is_file():
        pytest.fail(f"axe-core missing ({path}): run scripts/fetch-test-tools.sh", pytrace=False)
    return path.read_text()


def serious_violations(driver, source: str) -> list[str]:
    driver.execute_script(source)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => "
        "({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), targets: []}]));"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['targets']}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def checker_count(driver) -> tuple[str, list[str]]:
    script = """
      const bar = document.querySelector('wagtail-userbar');
      const root = bar && bar.shadowRoot;
      if (!root) return null;
      const counter = root.querySelector('[data-content-checker-count]');
      const names = [...root.querySelectorAll('[data-content-checker-name]')].map(e => e.textContent.trim());
      return counter && counter.textContent ? [counter.textContent.trim(), names] : null;
    """
    return wait(driver, 20).until(lambda d: d.execute_script(script))
