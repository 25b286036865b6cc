"""The playground in a real headless browser (Debian's chromium driven by Playwright): load
`/`, break a waiting period and see the checker's diagnostic (and reach it from the keyboard),
fix it to another period and see the person's outcome, the scenario tests and the
population's changes move; axe-core finds no accessibility violation and Tab visits the
controls in reading order.  The screenshots are docs/images/playground.png and
docs/images/playground-tests.png (written when CLEARLAW_SCREENSHOTS is set)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
#: The docs' screenshots are written when CLEARLAW_SCREENSHOTS is set (a test run must not
#: change tracked files); otherwise they go to a temporary folder and are still taken.
IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
#: The controls in the order Tab reaches them (the page's reading order), once a statute with
#: one error is loaded: its diagnostic is a button right after the editor.
TAB_ORDER = [
    "skip",
    "statute-id",
    "as-of",
    "reset",
    "api-reference",
    "statute-text",
    "diagnostic",
    "person-json",
    "check",
    "decision",
    "population-size",
    "run-diff",
    "changes",
    "tests-text",
    "run-tests",
    "test-results",
]
#: What has focus, by id or, for the controls without one, by kind.
FOCUSED = """() => {
  const a = document.activeElement;
  if (a.closest("#diagnostics")) return "diagnostic";
  if (a.closest("#decision")) return "decision";
  if (a.closest("#test-results")) return "test-results";
  if (a.classList.contains("skip")) return "skip";
  if (a.getAttribute("href") === "/docs") return "api-reference";
  return a.id || a.tagName;
}"""

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
axe = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="no axe-playwright-python"
)
if not Path(CHROMIUM).is_file():
    pytest.skip(
        "no chromium at /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with served() as url:
        yield url


def no_violations(page: Any) -> None:
    """axe-core's WCAG 2 A/AA rules (labels, names, contrast, landmarks) find nothing."""
    found = axe.Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found] == []


def type_over(editor: Any, old: str, new: str) -> None:
    """Select the first ``old`` in the editor and type ``new`` over it, key by key (quicker
    than Playwright's ``fill`` of the whole text, and what a drafter does)."""
    editor.evaluate(
        "(t, old) => { const at = t.value.indexOf(old); t.focus(); "
        "t.setSelectionRange(at, at + old.length); }",
        old,
    )
    editor.page.keyboard.type(new)


def tab_order(page: Any) -> list[str]:
    """The controls Tab reaches from the first one (the skip link), each once, in order."""
    page.locator(".skip").focus()
    seen = [page.evaluate(FOCUSED)]
    for _ in range(60):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now == seen[0] or now == "BODY":
            break  # round again
        if now not in seen:
            seen.append(now)
    return seen


def test_edit_a_waiting_period(base_url: str, tmp_path: Path) -> None:
    images = IMAGES if os.environ.get("CLEARLAW_SCREENSHOTS") else tmp_path
    images.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"{base_url}/?statute=ny/clean-slate&as_of=2026-11-23")
            status = page.locator("#lint-status")
            sync_api.expect(status).to_contain_text("checks", timeout=20_000)
            outcome = page.locator("#decision .outcome").first
            sync_api.expect(outcome).to_have_text("seal", timeout=20_000)
            tests = page.locator("#tests-status")
            sync_api.expect(tests).to_contain_text(" passed, 0 failed", timeout=20_000)
            summary = page.locator("#changes-summary")
            sync_api.expect(summary).to_have_text("No count of the 300 people changes.")

            editor = page.locator("#statute-text")
            text = editor.input_value()
            assert "misdemeanor_wait: duration = 3 years" in text
            type_over(editor, "duration = 3 years", "duration = 3 yaers")
            sync_api.expect(status).to_contain_text("1 error", timeout=20_000)
            problem = page.locator("#diagnostics li.error").first
            sync_api.expect(problem).to_contain_text("unexpected `yaers`")
            sync_api.expect(problem).to_contain_text("did you mean `years`?")
            sync_api.expect(page.locator("#highlight .squiggle")).to_have_text("yaers")
            sync_api.expect(tests).to_have_text("The tests run once the statute checks.")
            no_violations(page)
            assert tab_order(page) == TAB_ORDER
            problem.locator("button").focus()
            page.keyboard.press("Enter")  # the cursor goes to the problem
            where = editor.evaluate("t => t.value.slice(t.selectionStart, t.selectionEnd)")
            assert where == "yaers"

            type_over(editor, "duration = 3 yaers", "duration = 5 years")
            sync_api.expect(status).to_contain_text("checks", timeout=20_000)
            sync_api.expect(outcome).to_have_text("not_eligible", timeout=20_000)
            sync_api.expect(summary).to_contain_text("counts of 300 people change", timeout=30_000)
            sync_api.expect(page.locator("#changes caption").first).to_have_text("Changes by kind")
            sync_api.expect(tests).to_contain_text("failed", timeout=20_000)
            assert " 0 failed" not in tests.inner_text()
            failure = page.locator("#test-results li").first
            sync_api.expect(failure).to_contain_text("✗ fail line ")
            failure.locator("button").press("Enter")  # the cursor goes to the failing test
            line = int(failure.inner_text().split("line ")[1].split(":")[0])
            tests_text = page.locator("#tests-text")
            at = tests_text.evaluate("t => t.value.slice(0, t.selectionStart).split('\\n').length")
            assert at == line
            no_violations(page)

            page.locator("#decision details").first.evaluate("d => d.open = true")
            page.locator("#person-json").evaluate("t => { t.scrollTop = 0; }")
            editor.evaluate(SHOW_EDIT)
            page.screenshot(path=str(images / "playground.png"), full_page=False)
            side = page.locator(".side")
            side.evaluate("s => s.scrollIntoView()")
            page.locator("section[aria-labelledby=changes-title]").evaluate(
                "s => s.scrollIntoView()"
            )
            page.screenshot(path=str(images / "playground-tests.png"), full_page=False)
            assert (images / "playground.png").stat().st_size > 10_000
            assert (images / "playground-tests.png").stat().st_size > 10_000
        finally:
            browser.close()
