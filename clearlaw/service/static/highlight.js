// A small highlighter for clearlaw statute text: keywords, strings, citations (§ …),
// comments, numbers and dates, with the checker's diagnostics as squiggles.
const KEYWORDS = new Set(`add after age alternative amendment amends and anniversaries any
applies arrested as at before born but by case cites class completed count county days decided
default define died each effective else except exception expect fact facts false for from id
if in including insert is least like max missing never no not note nothing notwithstanding
number of offense on or otherwise outcomes parameter policy presumed presuming provided quote
reading relief remove replace restarted roll rule set statute strike subsequent table test tests
then this to true unknown unless until valid waiting when where while with within without years
months weeks duration date text boolean scope`.split(/\s+/));

const TOKEN = /(#.*$)|("""[^]*?"""|"(?:[^"\\]|\\.)*")|(§[^#"\n]*)|(\b\d{4}-\d{2}-\d{2}\b)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)/gm;
const CLASSES = [null, "comment", "string", "cite", "date", "number"];

function escape(text) {
  return text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
}

// The [start, end, class] tokens of `text`.
function tokens(text) {
  const out = [];
  for (const m of text.matchAll(TOKEN)) {
    let kind = CLASSES.findIndex((_, i) => i > 0 && m[i] !== undefined);
    if (kind === -1) {
      if (!KEYWORDS.has(m[6])) continue;
      out.push([m.index, m.index + m[0].length, "keyword"]);
    } else {
      out.push([m.index, m.index + m[0].length, CLASSES[kind]]);
    }
  }
  return out;
}

// The offset in `text` of 1-based `line` and `column`.
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

// `text` as HTML: tokens in spans, each diagnostic's range underlined (title: its message).
export function highlight(text, diagnostics = []) {
  const marks = diagnostics.map((d) => {
    const start = offsetOf(text, d.line, d.column);
    let end = offsetOf(text, d.end_line, d.end_column);
    if (end <= start) end = Math.min(text.length, start + 1);
    if (end <= start) return null;
    return [start, end, d];
  }).filter(Boolean);
  const toks = tokens(text);
  const cuts = new Set([0, text.length]);
  for (const [s, e] of [...toks, ...marks]) { cuts.add(s); cuts.add(e); }
  const points = [...cuts].sort((a, b) => a - b);
  let html = "";
  let t = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    while (t < toks.length && toks[t][1] <= s) t++;
    const tok = t < toks.length && toks[t][0] <= s ? toks[t][2] : null;
    const mark = marks.find(([ms, me]) => ms <= s && e <= me);
    const classes = [];
    if (tok) classes.push(`tok-${tok}`);
    if (mark) classes.push("squiggle", mark[2].severity === "warning" ? "warning" : "error");
    const piece = escape(text.slice(s, e));
    if (!classes.length) { html += piece; continue; }
    const title = mark ? ` title="${escape(mark[2].message).replace(/"/g, "&quot;")}"` : "";
    html += `<span class="${classes.join(" ")}"${title}>${piece}</span>`;
  }
  return html + "\n";
}
