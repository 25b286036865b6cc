"""The playground in a real headless browser (Debian's chromium driven by Playwright): load
`/`, break a waiting period and see the checker's diagnostic, fix it to another period and
see the person's outcome and the population's changes move; the screenshot is
docs/images/playground.png."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.service_server import served

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Put the edited line in view (the screenshot shows it).
SHOW_EDIT = """t => {
  const at = t.value.indexOf("misdemeanor_wait: duration");
  t.focus({ preventScroll: true });
  window.scrollTo(0, 0);
  t.setSelectionRange(at, at);
  t.scrollTop = Math.max(0, (t.value.slice(0, at).split("\\n").length - 10) * 19.5);
  t.dispatchEvent(new Event("scroll"));
}"""
#: The docs' screenshot is written when CLEARLAW_SCREENSHOTS is set (a test run must not change
#: tracked files); otherwise it goes to a temporary file and is still taken.
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "images" / "playground.png"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not Path(CHROMIUM).is_file():
    pytest.skip(
        "no chromium at /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with served() as url:
        yield url


def test_edit_a_waiting_period(base_url: str, tmp_path: Path) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"{base_url}/?statute=ny/clean-slate&as_of=2026-11-23")
            status = page.locator("#lint-status")
            sync_api.expect(status).to_contain_text("checks", timeout=20_000)
            outcome = page.locator("#decision .outcome").first
            sync_api.expect(outcome).to_have_text("seal", timeout=20_000)

            editor = page.locator("#statute-text")
            text = editor.input_value()
            assert "misdemeanor_wait: duration = 3 years" in text
            editor.fill(text.replace("duration = 3 years", "duration = 3 yaers", 1))
            sync_api.expect(status).to_contain_text("1 error", timeout=20_000)
            problem = page.locator("#diagnostics li.error").first
            sync_api.expect(problem).to_contain_text("unexpected `yaers`")
            sync_api.expect(problem).to_contain_text("did you mean `years`?")
            sync_api.expect(page.locator("#highlight .squiggle")).to_have_text("yaers")

            editor.fill(text.replace("duration = 3 years", "duration = 5 years", 1))
            sync_api.expect(status).to_contain_text("checks", timeout=20_000)
            sync_api.expect(outcome).to_have_text("not_eligible", timeout=20_000)
            summary = page.locator("#changes-summary")
            sync_api.expect(summary).to_contain_text("counts of 300 people change", timeout=30_000)

            page.locator("#run-tests").click()
            sync_api.expect(page.locator("#tests-status")).to_contain_text("failed", timeout=20_000)
            page.locator("#decision details").first.evaluate("d => d.open = true")
            editor.evaluate(SHOW_EDIT)
            shot = SCREENSHOT if os.environ.get("CLEARLAW_SCREENSHOTS") else tmp_path / "shot.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
