"""The editor support as an editor would show it, rendered from what it produces: ``clearlaw
lsp`` is started and driven over its protocol with a copy of ny/clean-slate whose record field
is misspelt; its diagnostics, a hover and a completion list are collected, and a page shows the
text coloured by the scopes of the TextMate grammar in editors/vscode (tokenized in Python as an
editor tokenizes, tests/textmate_tokens.py), the diagnostic as a squiggle with its message, the
hover box and the completion list.  Headless chromium (Playwright) takes its screenshot,
docs/images/editor.png when CLEARLAW_SCREENSHOTS is set (otherwise into a temporary folder).
It is a rendering of the server's output and the grammar, not VS Code."""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest
from lsprotocol import types as t

from clearlaw.resources import statutes_dir
from tests.lsp_client import Session
from tests.textmate_tokens import tokens

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    pytest.skip(
        "no chromium at /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True
    )

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
#: The misspelling: a record field that does not exist.
TYPO = ("else sentence.imposed_date", "else sentence.imposed")
#: The lines shown (0-based, end excluded): the parameters and the first definitions.
SHOWN = range(36, 66)
#: Colours of the scopes (VS Code's Dark+ theme), the longest prefix of a scope winning.
COLOURS = {
    "comment": "#6a9955",
    "string": "#ce9178",
    "markup.underline.citation": "#4ec9b0; text-decoration: underline dotted",
    "constant.numeric": "#b5cea8",
    "constant.language": "#569cd6",
    "entity.name.namespace": "#4ec9b0",
    "entity.name.function": "#dcdcaa",
    "keyword.control": "#c586c0",
    "keyword.operator": "#d4d4d4",
    "keyword.operator.word": "#569cd6",
    "keyword.other": "#569cd6",
    "storage.type": "#4ec9b0",
    "support.constant": "#4fc1ff",
}
PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #1e1e1e; color: #d4d4d4; width: 1280px;
  font: 13px/1.5 "DejaVu Sans", sans-serif; }}
header {{ background: #2d2d2d; padding: 6px 12px; display: flex; justify-content: space-between;
  white-space: nowrap; font-size: 12px; }}
header .tab {{ color: #fff; border-bottom: 2px solid #0078d4; padding: 0 6px; }}
header .note {{ color: #c5c5c5; }}
.editor {{ position: relative; font: 14px/20px "DejaVu Sans Mono", monospace; overflow: hidden;
  height: 604px; padding-top: 4px; }}
.line {{ white-space: pre; height: 20px; }}
.gutter {{ display: inline-block; width: 5ch; padding-right: 2ch; text-align: right;
  color: #858585; }}
.squiggle {{ text-decoration: underline wavy #f14c4c; text-decoration-skip-ink: none; }}
.caret {{ border-left: 2px solid #aeafad; margin-left: -1px; }}
.box {{ position: absolute; background: #252526; border: 1px solid #454545; color: #cccccc;
  font: 13px/1.45 "DejaVu Sans", sans-serif; box-shadow: 0 2px 8px #000a; }}
.hover, .message {{ padding: 4px 10px; max-width: 440px; white-space: normal; }}
.box p, .box ul {{ margin: 4px 0; }} .box ul {{ padding-left: 18px; }}
.box code, .problems code {{ font-family: "DejaVu Sans Mono", monospace; color: #d7ba7d; }}
.completion {{ width: 470px; }}
.completion div {{ padding: 1px 8px; white-space: nowrap; overflow: hidden; }}
.completion div:first-child {{ background: #04395e; color: #fff; }}
.completion .kind {{ color: #75beff; display: inline-block; width: 4.5em; }}
.completion .detail {{ color: #9d9d9d; margin-left: 1em; }}
.problems {{ border-top: 1px solid #454545; padding: 6px 12px; }}
.problems h2 {{ font-size: 11px; letter-spacing: 1px; margin: 0 0 6px; color: #e7e7e7; }}
.problems .error {{ color: #f14c4c; }} .problems .where {{ color: #9d9d9d; }}
</style></head><body>
<header><span class="tab">clean-slate.law</span><span class="note">Not VS Code: a rendering
of what <code>clearlaw lsp</code> answered over its protocol (diagnostics, hover, completion)
and of the TextMate grammar's scopes, by tests/test_editor_screenshot.py</span></header>
<div class="editor">{lines}{boxes}</div>
<div class="problems"><h2>PROBLEMS</h2>{problems}</div>
</body></html>"""


def _colour(scope: str) -> str | None:
    found = [prefix for prefix in COLOURS if scope.startswith(prefix + ".")]
    return COLOURS[max(found, key=len)] if found else None


def _line(number: int, text: str, scopes: list[str | None], wavy: set[int], caret: int) -> str:
    """One line of the editor: runs of characters of one colour, the squiggled ones
    underlined, and the caret."""
    out, run_start = [f'<span class="gutter">{number + 1}</span>'], 0
    for i in range(1, len(text) + 1):
        same = i < len(text) and (scopes[i], i in wavy) == (scopes[run_start], run_start in wavy)
        if same and i != caret:
            continue
        colour = _colour(scopes[run_start] or "")
        classes = ["squiggle"] if run_start in wavy else []
        if run_start == caret:
            classes.append("caret")
        style = f' style="color: {colour}"' if colour else ""
        out.append(
            f'<span class="{" ".join(classes)}"{style}>{html.escape(text[run_start:i])}</span>'
        )
        run_start = i
    return f'<div class="line">{"".join(out)}</div>'


def _markdown(text: str) -> str:
    """The little Markdown a hover uses: paragraphs, ``- `` items, ``**bold**``, ``code``."""
    out = []
    for block in text.split("\n\n"):
        lines = [html.escape(line) for line in block.splitlines()]
        lines = [re.sub(r"`([^`]+)`", r"<code>\1</code>", line) for line in lines]
        lines = [re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", line) for line in lines]
        if all(line.startswith("- ") for line in lines):
            out.append("<ul>" + "".join(f"<li>{line[2:]}</li>" for line in lines) + "</ul>")
        else:
            out.append(f"<p>{'<br>'.join(lines)}</p>")
    return "".join(out)


def _box(kind: str, at: t.Position, inner: str, *, above: bool = False) -> str:
    """A box below (or above) the line of ``at`` (in the lines shown), from its column."""
    top = (at.line - SHOWN.start + (0 if above else 1)) * 20 + (2 if above else 6)
    place = f"top: {top}px; left: {at.character + 7}ch"
    if above:
        place += "; transform: translateY(-100%)"
    return f'<div class="box {kind}" style="{place}">{inner}</div>'


def render(
    text: str,
    diagnostics: list[t.Diagnostic],
    hover: tuple[t.Position, str],
    completion: tuple[t.Position, list[t.CompletionItem]],
) -> str:
    """The page: the lines shown, coloured by scope, the diagnostics squiggled, the hover
    and the completion list at their positions, and the problems below."""
    lines = text.splitlines()
    scopes: list[list[str | None]] = [[None] * len(line) for line in lines]
    for token in tokens(text):
        scopes[token.line - 1][token.start : token.end] = [token.scope] * (token.end - token.start)
    wavy: dict[int, set[int]] = {}
    for d in diagnostics:
        for number in range(d.range.start.line, d.range.end.line + 1):
            start = d.range.start.character if number == d.range.start.line else 0
            end = d.range.end.character if number == d.range.end.line else len(lines[number])
            wavy.setdefault(number, set()).update(range(start, end))
    at, items = completion
    shown = [
        _line(i, lines[i], scopes[i], wavy.get(i, set()), at.character if i == at.line else -1)
        for i in SHOWN
    ]
    rows = "".join(
        f'<div><span class="kind">{t.CompletionItemKind(i.kind or 1).name.lower()}</span>'
        f'{html.escape(i.label)}<span class="detail">{html.escape(i.detail or "")}</span></div>'
        for i in items
    )
    boxes = [
        _box("hover", hover[0], _markdown(hover[1])),
        _box("completion", at, rows),
        *(_box("message", d.range.start, _markdown(d.message), above=True) for d in diagnostics),
    ]
    problems = "".join(
        f'<div><span class="error">✖</span> {_markdown(d.message)[3:-4]} '
        f'<span class="where">{d.source} [Ln {d.range.start.line + 1}, '
        f"Col {d.range.start.character + 1}]</span></div>"
        for d in diagnostics
    )
    return PAGE.format(lines="".join(shown), boxes="".join(boxes), problems=problems)


def _position(lines: list[str], needle: str, offset: int) -> t.Position:
    """Where ``needle`` is first found, ``offset`` characters into it."""
    number = next(i for i, line in enumerate(lines) if needle in line)
    return t.Position(number, lines[number].index(needle) + offset)


def test_the_editor_screenshot(tmp_path: Path) -> None:
    images = IMAGES if os.environ.get("CLEARLAW_SCREENSHOTS") else tmp_path
    shutil.copytree(statutes_dir() / "ny", tmp_path / "drafts")
    path = tmp_path / "drafts" / "clean-slate.law"
    text = path.read_text(encoding="utf-8").replace(*TYPO)
    lines = text.splitlines()
    hover_at = _position(lines, "then felony_wait", len("then "))
    complete_at = _position(lines, TYPO[1], len("else sentence."))
    session = Session()
    try:
        diagnostics = session.open(path, text)
        hover = session.hover(path, hover_at.line, hover_at.character)
        items = session.completion(path, complete_at.line, complete_at.character)
    finally:
        session.close()

    (problem,) = diagnostics
    assert problem.severity == t.DiagnosticSeverity.Error
    assert problem.message == (
        "unknown record field `sentence.imposed` of a count\ndid you mean `sentence.imposed_date`?"
    )
    assert problem.range.start == _position(lines, "sentence.imposed", 0)
    assert hover is not None and "`felony_wait`" in hover and "`8 years`" in hover
    assert [i.label for i in items][:3] == [
        "imposed_date",
        "incarcerated",
        "incarceration_release_date",
    ]
    assert all(hover_at.line in SHOWN for hover_at in (hover_at, complete_at, problem.range.start))

    page = render(text, diagnostics, (hover_at, hover), (complete_at, items))
    assert 'class="squiggle"' in page and "did you mean" in page and "imposed_date" in page
    assert "color: #c586c0" in page  # `parameter`, `define`: keywords of the grammar
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            view = browser.new_page(viewport={"width": 1280, "height": 760})
            view.set_content(page)
            assert "".join(view.locator(".squiggle").all_inner_texts()) == "sentence.imposed"
            view.screenshot(path=str(images / "editor.png"), full_page=False)
        finally:
            browser.close()
    assert (images / "editor.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
