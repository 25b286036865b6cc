// The playground: edit a statute, see the checker's diagnostics as you type, and after each
// edit that checks: its scenario tests run, one person decided with the explanation tree, and
// what the edit changes on a synthetic population.  Every answer comes from the /v1 API
// (docs/service.md, docs/playground.md).
import { highlight, offsetOf } from "/static/highlight.js";

const $ = (id) => document.getElementById(id);
const SAMPLE_PERSON = {
  id: "P1",
  birth_date: "1990-04-02",
  cases: [{
    id: "C1", jurisdiction: "US-NY", status: "closed",
    counts: [{
      id: "1", citation: "PL 155.25", level: "misdemeanor", disposition: "convicted",
      disposition_date: "2022-06-01",
      sentence: { imposed_date: "2022-06-01", incarcerated: false, supervised: false },
    }],
  }],
};
const state = { library: "", text: "", diagnostics: [], ok: false, lintSeq: 0 };

async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ error: { message: response.statusText } }));
  return { status: response.status, data };
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function setStatus(node, text, kind) {
  node.textContent = text;
  node.className = `status ${kind || ""}`;
}

// --- the editor --------------------------------------------------------------------------

function paint() {
  const text = $("statute-text").value;
  const own = state.diagnostics.filter((d) => d.file === "<statute>");
  $("highlight").innerHTML = highlight(text, own);
  syncScroll();
}

function syncScroll() {
  $("highlight").scrollTop = $("statute-text").scrollTop;
  $("highlight").scrollLeft = $("statute-text").scrollLeft;
}

// Put the cursor on `line`:`column` of a text field (selecting up to `endLine`:`endColumn`),
// with that line in view.
function goTo(area, line, column = 1, endLine = line, endColumn = column) {
  area.focus();
  area.setSelectionRange(offsetOf(area.value, line, column), offsetOf(area.value, endLine, endColumn));
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
  area.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

function showDiagnostics() {
  const list = $("diagnostics");
  list.replaceChildren();
  for (const d of state.diagnostics) {
    const where = d.file === "<tests>" ? `tests ${d.line}:${d.column}` : `${d.line}:${d.column}`;
    const button = el("button", { type: "button", "data-line": d.line, "data-column": d.column },
      el("span", { class: "where" }, where), " ",
      el("span", { class: "sev" }, d.severity), ": ", d.message,
      d.hint ? el("span", { class: "hint" }, ` — ${d.hint}`) : "");
    button.addEventListener("click", () => {
      goTo(d.file === "<tests>" ? $("tests-text") : $("statute-text"), d.line, d.column, d.end_line, d.end_column);
    });
    list.append(el("li", { class: d.severity }, button));
  }
  const errors = state.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = state.diagnostics.length - errors;
  if (errors) setStatus($("lint-status"), `${errors} error(s), ${warnings} warning(s)`, "bad");
  else setStatus($("lint-status"), warnings ? `checks, with ${warnings} warning(s)` : "checks: no problems", "good");
}

let lintTimer = null;
function scheduleLint() {
  clearTimeout(lintTimer);
  lintTimer = setTimeout(lint, 350);
}

async function lint() {
  const seq = ++state.lintSeq;
  const text = $("statute-text").value;
  setStatus($("lint-status"), "Checking…");
  const { status, data } = await api("/v1/lint", { statute: text, tests: $("tests-text").value });
  if (seq !== state.lintSeq) return; // a newer edit is being checked
  if (status !== 200) {
    state.diagnostics = [];
    setStatus($("lint-status"), data.error.message, "bad");
    return;
  }
  state.diagnostics = data.diagnostics;
  state.ok = data.ok;
  paint();
  showDiagnostics();
  if (data.ok) {
    decide();
    compare();
    runTests();
  } else {
    setStatus($("tests-status"), "The tests run once the statute checks.");
  }
}

// --- one person ----------------------------------------------------------------------------

function tree(node) {
  const li = el("li", {}, el("span", {}, node.label), node.value ? `: ${node.value}` : "");
  if (node.citation) li.append(" ", el("span", { class: "cite" }, `§ ${node.citation}`));
  if (node.source && node.source.file === "<statute>") li.append(" ", el("span", { class: "line" }, `line ${node.source.line}`));
  if (node.children && node.children.length) {
    const ul = el("ul");
    for (const c of node.children) ul.append(tree(c));
    li.append(ul);
  }
  return li;
}

async function decide() {
  const out = $("decision");
  let person;
  try {
    person = JSON.parse($("person-json").value);
  } catch (err) {
    out.replaceChildren(el("p", { class: "status bad" }, `The person is not JSON: ${err.message}`));
    return;
  }
  const { status, data } = await api("/v1/explain", {
    statute: $("statute-text").value, as_of: $("as-of").value, person,
  });
  if (status !== 200) {
    out.replaceChildren(el("p", { class: "status bad" }, data.error.message));
    return;
  }
  if (!data.determinations.length) {
    out.replaceChildren(el("p", {}, "The statute decides none of this person's counts."));
    return;
  }
  out.replaceChildren(...data.determinations.map((d) => {
    const details = el("details", {},
      el("summary", {}, `${d.case}/${d.count}: `, el("span", { class: "outcome", "data-outcome": d.outcome }, d.outcome),
        `, eligible ${d.eligible_on}`, d.citations.length ? ` (§ ${d.citations.join("; § ")})` : ""));
    const ul = el("ul", { class: "tree" });
    if (d.explanation) ul.append(tree(d.explanation));
    details.append(el("p", {}, d.reasons.join("; ")), ul);
    return details;
  }));
}

// --- scenario tests ------------------------------------------------------------------------

// One line of the results: a button that puts the cursor on the test's line.
function resultItem(ok, line, text, area) {
  const mark = ok ? el("span", { class: "pass" }, "✓ pass ") : el("span", { class: "fail" }, "✗ fail ");
  const button = el("button", { type: "button" }, mark, `line ${line}: `, text);
  button.addEventListener("click", () => goTo(area, line));
  return el("li", {}, button);
}

let testSeq = 0;
async function runTests() {
  const list = $("test-results");
  const seq = ++testSeq;
  setStatus($("tests-status"), "Running…");
  const { status, data } = await api("/v1/test", {
    statute: $("statute-text").value, tests: $("tests-text").value,
  });
  if (seq !== testSeq) return; // a newer edit's tests are running
  list.replaceChildren();
  if (status !== 200) {
    setStatus($("tests-status"), data.error.message.split("\n")[0], "bad");
    for (const d of data.error.diagnostics || []) {
      const area = d.file === "<tests>" ? $("tests-text") : $("statute-text");
      list.append(resultItem(false, d.line, `${d.file} ${d.message}`, area));
    }
    return;
  }
  setStatus($("tests-status"), `${data.passed} passed, ${data.failed} failed`, data.failed ? "bad" : "good");
  const shown = [...data.results].sort((a, b) => Number(a.ok) - Number(b.ok));
  for (const r of shown) {
    const what = r.ok ? `${r.case}/${r.count}: ${r.expected}` : r.message;
    list.append(resultItem(r.ok, r.line, `“${r.test}”: ${what}`, $("tests-text")));
  }
}

// --- what changes --------------------------------------------------------------------------

function table(caption, counts) {
  const rows = Object.entries(counts);
  if (!rows.length) return "";
  const t = el("table", {}, el("caption", {}, caption));
  for (const [k, v] of rows) t.append(el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, v)));
  return t;
}

let diffSeq = 0;
async function compare() {
  const out = $("changes");
  const seq = ++diffSeq;
  out.replaceChildren(el("p", { class: "status" }, "Comparing…"));
  const { status, data } = await api("/v1/diff", {
    base: state.library, amended: $("statute-text").value, as_of: $("as-of").value,
    population: { size: Number($("population-size").value) || 300 },
  });
  if (seq !== diffSeq) return;
  if (status !== 200) {
    out.replaceChildren(el("p", { class: "status bad" }, data.error.message.split("\n")[0]));
    return;
  }
  const changed = data.changes.length;
  const summary = el("p", { id: "changes-summary" }, changed
    ? `${changed} of ${data.counts} counts of ${data.people} people change; ${data.people_newly_cleared} people newly cleared, ${data.people_newly_excluded} newly excluded.`
    : `No count of the ${data.people} people changes.`);
  const list = el("ul", { class: "results", "aria-label": "Changed counts" });
  const SHOWN = 30;
  for (const c of data.changes.slice(0, SHOWN)) {
    const before = c.before ? `${c.before.outcome} ${c.before.eligible_on}` : "not decided";
    const after = c.after ? `${c.after.outcome} ${c.after.eligible_on}` : "not decided";
    list.append(el("li", {}, `${c.person} ${c.case}/${c.count}: ${c.change} (${before} → ${after})`));
  }
  const more = changed > SHOWN ? el("p", { class: "more" }, `The first ${SHOWN} of ${changed} changed counts:`) : "";
  out.replaceChildren(summary, table("Changes by kind", data.by_kind), table("By rule", data.by_rule),
    table("By level", data.by_level), more, list);
}

// --- loading -------------------------------------------------------------------------------

async function loadStatute(id) {
  const { status, data } = await api(`/v1/statutes/${id}`);
  if (status !== 200) {
    setStatus($("lint-status"), data.error.message, "bad");
    return;
  }
  state.library = id;
  $("changes-base").textContent = `${id} as in the library`;
  $("statute-text").value = data.text;
  $("tests-text").value = data.tests || "";
  const person = structuredClone(SAMPLE_PERSON);
  person.cases[0].jurisdiction = data.jurisdiction || "US-NY";
  $("person-json").value = JSON.stringify(person, null, 2);
  $("test-results").replaceChildren();
  setStatus($("tests-status"), "");
  paint();
  lint();
}

async function start() {
  $("as-of").value = new Date().toISOString().slice(0, 10);
  const { data } = await api("/v1/statutes");
  const select = $("statute-id");
  for (const s of data) select.append(el("option", { value: s.id }, `${s.id} — ${s.title}`));
  const wanted = new URLSearchParams(location.search).get("statute") || "ny/clean-slate";
  select.value = data.some((s) => s.id === wanted) ? wanted : data[0].id;
  const params = new URLSearchParams(location.search);
  if (params.get("as_of")) $("as-of").value = params.get("as_of");
  select.addEventListener("change", () => loadStatute(select.value));
  $("reset").addEventListener("click", () => loadStatute(state.library));
  $("statute-text").addEventListener("input", () => { paint(); scheduleLint(); });
  $("statute-text").addEventListener("scroll", syncScroll);
  $("tests-text").addEventListener("input", scheduleLint);
  $("as-of").addEventListener("change", () => { if (state.ok) { decide(); compare(); } });
  $("check").addEventListener("click", decide);
  $("run-tests").addEventListener("click", runTests);
  $("run-diff").addEventListener("click", compare);
  $("population-size").addEventListener("change", () => { if (state.ok) compare(); });
  await loadStatute(select.value);
}

start();
