// The Friskpuls tab (issue 17): one page, hash routes, the JSON of /api/tab (src/tab/api/schemas.ts)
// drawn as HTML and Observable Plot SVG. Plain browser ES module, no build step (ADR 0003); the
// libraries are UMD globals (microsoftTeams, Plot) served from /tab/vendor. No innerHTML: every
// text goes in as a text node.
//
// Sign-in: inside Teams the SSO token (TeamsJS); outside, the dev sign-in when the server offers it
// (local runs only), else a pointer to Teams.

/** @typedef {{released: true, value: any} | {released: false, reason: "fewerThanK" | "differencing"}} Figure */
/** @typedef {{person: {id: string, name: string, locale: string}, roles: string[], units: {id: string, name: string, relation: string, parentId: string | null, depth: number}[], areas: {id: string, name: string}[]}} Me */

const API = "/api/tab";
/** The edit endpoints (POST): where the unit route takes priorities and activity changes. */
const EDIT = {
  priorities: (unitId) => `${API}/units/${encodeURIComponent(unitId)}/priorities`,
  activities: (unitId) => `${API}/units/${encodeURIComponent(unitId)}/activities`,
  activity: (activityId) => `${API}/activities/${encodeURIComponent(activityId)}`,
};
const CORE_QUESTION = "self_rated_health";
const DEV_TOKEN_KEY = "friskpuls.tab.devToken";
const THEMES = ["default", "dark", "contrast"];

const state = {
  /** @type {string | null} */ token: null,
  inTeams: false,
  devSignIn: false,
  locale: "sv-SE",
  /** @type {Record<string, any>} */ strings: {},
  /** @type {Me | null} */ me: null,
  /** @type {Map<string, any>} */ units: new Map(),
};

// ---------------------------------------------------------------- texts and numbers

/** A text from the catalogue (/tab/i18n), with {{name}} filled in; plural keys take `count`. */
function t(key, vars = {}) {
  let node = lookup(key);
  if (node === undefined && typeof vars.count === "number") {
    const plural = new Intl.PluralRules(state.locale).select(vars.count);
    node = lookup(`${key}_${plural}`) ?? lookup(`${key}_other`);
  }
  if (typeof node !== "string") return key;
  return node.replace(/\{\{(\w+)\}\}/g, (_, name) => (vars[name] === undefined ? "" : String(vars[name])));
}

function lookup(key) {
  let node = state.strings;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[part];
  }
  return node;
}

const tp = (key, vars) => t(`tabPage.${key}`, vars);

function pct(value) {
  if (value === null || value === undefined) return "–";
  return new Intl.NumberFormat(state.locale, { style: "percent", maximumFractionDigits: 0 }).format(value / 100);
}

function num(value, digits = 1) {
  return new Intl.NumberFormat(state.locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

function day(iso) {
  if (!iso) return "";
  const date = iso.length === 10 ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return new Intl.DateTimeFormat(state.locale, { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/Stockholm" }).format(date);
}

function shortDay(iso) {
  return new Intl.DateTimeFormat(state.locale, { day: "numeric", month: "short", timeZone: "Europe/Stockholm" }).format(new Date(iso));
}

const factorName = (id) => (t(`healthFactors.factors.${id}`) === `healthFactors.factors.${id}` ? id : t(`healthFactors.factors.${id}`));
const reasonText = (reason) => t(`results.gap.${reason}`);

function changeText(change) {
  if (!change) return null;
  if (!change.released) return tp("unit.changeHidden", { reason: reasonText(change.reason) });
  const value = Math.round(change.value);
  if (value === 0) return tp("unit.changeNone");
  return tp(value > 0 ? "unit.changeUp" : "unit.changeDown", { count: Math.abs(value) });
}

// ---------------------------------------------------------------- DOM

/**
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const main = () => /** @type {HTMLElement} */ (document.getElementById("main"));

function show(...children) {
  const el = main();
  el.replaceChildren();
  append(el, children);
  const heading = el.querySelector("h1");
  document.title = heading ? `${heading.textContent} – Friskpuls` : "Friskpuls";
}

function announce(text) {
  const live = document.getElementById("live");
  if (live) live.textContent = text;
}

function link(href, text, attrs = {}) {
  return h("a", { href, ...attrs }, text);
}

/** A data table for a chart (screen readers, and anyone who wants the numbers), in a <details>. */
function dataTable(caption, headers, rows) {
  return h(
    "details",
    { class: "data" },
    h("summary", null, tp("chart.showTable")),
    h(
      "table",
      null,
      h("caption", null, caption),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          headers.map((text) => h("th", { scope: "col" }, text)),
        ),
      ),
      h(
        "tbody",
        null,
        rows.map((cells) =>
          h(
            "tr",
            null,
            cells.map((cell, i) => (i === 0 ? h("th", { scope: "row" }, cell) : h("td", null, cell))),
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------- start

async function start() {
  const params = new URLSearchParams(location.search);
  applyTheme(params.get("theme"));
  await loadStrings(params.get("lang") ?? "sv-SE");
  frameTexts();
  window.addEventListener("hashchange", () => void route());
  state.inTeams = await initTeams();
  if (state.inTeams) {
    await teamsContext();
    try {
      state.token = await window.microsoftTeams.authentication.getAuthToken();
    } catch {
      show(h("h1", null, tp("errors.signInTitle")), h("p", null, tp("errors.teamsToken")));
      return;
    }
  } else {
    state.devSignIn = await fetch(`${API}/config`)
      .then((r) => (r.ok ? r.json() : { devSignIn: false }))
      .then((c) => c.devSignIn === true)
      .catch(() => false);
    if (!state.devSignIn) {
      showOpenInTeams();
      return;
    }
    state.token = readDevToken();
    if (!state.token) {
      await showDevPicker();
      return;
    }
  }
  await signedIn();
}

async function signedIn() {
  try {
    state.me = await api("/me");
  } catch (error) {
    showError(error);
    return;
  }
  const locale = state.inTeams ? state.locale : (new URLSearchParams(location.search).get("lang") ?? state.me.person.locale);
  if (locale !== state.locale) {
    await loadStrings(locale);
    frameTexts();
  }
  renderNav();
  await route();
}

function applyTheme(theme) {
  const name = theme === "default" || theme === "dark" || theme === "contrast" ? theme : "default";
  document.body.dataset.theme = THEMES.includes(name) ? name : "default";
}

async function loadStrings(locale) {
  state.locale = locale.toLowerCase().startsWith("en") ? "en-US" : "sv-SE";
  document.documentElement.lang = state.locale;
  const res = await fetch(`/tab/i18n/${state.locale}.json`);
  state.strings = res.ok ? await res.json() : {};
}

function frameTexts() {
  const skip = document.getElementById("skip-link");
  if (skip) skip.textContent = tp("skip");
  document.getElementById("nav")?.setAttribute("aria-label", tp("nav.label"));
}

/** Inside Teams: initialize() answers within ~2 s. Outside (a plain browser tab) it never does. */
async function initTeams() {
  const teams = window.microsoftTeams;
  const framed = window.parent !== window;
  if (!teams?.app || (!framed && !/Teams|Electron/i.test(navigator.userAgent))) return false;
  try {
    await Promise.race([teams.app.initialize(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000))]);
    return true;
  } catch {
    return false;
  }
}

async function teamsContext() {
  const teams = window.microsoftTeams;
  try {
    const context = await teams.app.getContext();
    applyTheme(context.app?.theme);
    if (context.app?.locale) await loadStrings(context.app.locale);
    frameTexts();
    teams.app.registerOnThemeChangeHandler((theme) => applyTheme(theme));
  } catch {
    // no context: keep the defaults
  }
}

function showOpenInTeams() {
  show(h("h1", null, tp("start.openInTeams")), h("p", null, tp("start.openInTeamsText")));
}

// ---------------------------------------------------------------- dev sign-in (local runs only)

function readDevToken() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(DEV_TOKEN_KEY) ?? "null");
    if (saved && typeof saved.token === "string" && Date.parse(saved.expiresAt) > Date.now() + 60_000) return saved.token;
  } catch {
    // nothing saved
  }
  return null;
}

async function showDevPicker(notice) {
  sessionStorage.removeItem(DEV_TOKEN_KEY);
  state.token = null;
  renderNav();
  const res = await fetch(`${API}/dev/people`);
  if (!res.ok) {
    showOpenInTeams();
    return;
  }
  /** @type {{id: string, name: string, roles: string[], units: string[]}[]} */
  const people = await res.json();
  const choose = async (person) => {
    const made = await fetch(`${API}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ personId: person.id }),
    });
    if (!made.ok) {
      announce(tp("errors.failed"));
      return;
    }
    const { token, expiresAt } = await made.json();
    sessionStorage.setItem(DEV_TOKEN_KEY, JSON.stringify({ token, expiresAt }));
    state.token = token;
    await signedIn();
  };
  show(
    h(
      "section",
      { class: "dev", "aria-labelledby": "dev-title" },
      h("h1", { id: "dev-title" }, tp("start.devTitle")),
      notice ? h("p", { class: "notice", role: "alert" }, notice) : null,
      h("p", null, tp("start.devText")),
      people.length === 0
        ? h("p", null, tp("start.devNone"))
        : h(
            "ul",
            { class: "people" },
            people.map((person) =>
              h(
                "li",
                null,
                h(
                  "button",
                  { type: "button", class: "person", "data-person": person.id, onclick: () => void choose(person) },
                  h("span", { class: "name" }, person.name),
                  h("span", { class: "roles" }, [...new Set(person.roles)].map((r) => t(`roles.${r}`)).join(", ")),
                  person.units.length ? h("span", { class: "units" }, person.units.join(", ")) : null,
                ),
              ),
            ),
          ),
    ),
  );
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  /** @param {number} status @param {string} [message] */
  constructor(status, message) {
    super(message ?? `HTTP ${status}`);
    this.status = status;
  }
}

async function request(path, init = {}, retried = false) {
  const res = await fetch(path.startsWith(`${API}/`) ? path : `${API}${path}`, {
    ...init,
    headers: { ...(init.headers ?? {}), authorization: `Bearer ${state.token}` },
  });
  if (res.status === 401 && state.inTeams && !retried) {
    // The SSO token ran out: Teams gives a fresh one.
    state.token = await window.microsoftTeams.authentication.getAuthToken();
    return request(path, init, true);
  }
  if (!res.ok) {
    let message;
    try {
      const body = await res.json();
      message = body.message ?? body.error;
    } catch {
      // not JSON
    }
    throw new ApiError(res.status, message);
  }
  return res;
}

async function api(path) {
  return (await request(path)).json();
}

async function post(path, body) {
  const res = await request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return res.status === 204 ? null : res.json().catch(() => null);
}

function showError(error) {
  const status = error instanceof ApiError ? error.status : 0;
  if (status === 401) {
    if (!state.inTeams && state.devSignIn) {
      void showDevPicker(tp("errors.signIn"));
      return;
    }
    show(
      h("h1", null, tp("errors.signInTitle")),
      h("p", null, tp("errors.signIn")),
      h("button", { type: "button", onclick: () => location.reload() }, tp("errors.signInAgain")),
    );
    return;
  }
  if (status === 403) {
    show(h("h1", null, tp("errors.forbiddenTitle")), h("p", null, tp("errors.forbidden")), h("p", null, link("#/", tp("nav.home"))));
    return;
  }
  if (status === 404) {
    show(h("h1", null, tp("errors.notFoundTitle")), h("p", null, tp("errors.notFound")), h("p", null, link("#/", tp("nav.home"))));
    return;
  }
  show(
    h("h1", null, tp("errors.failedTitle")),
    h("p", null, tp("errors.failed")),
    h("button", { type: "button", onclick: () => void route() }, tp("errors.retry")),
  );
}

// ---------------------------------------------------------------- routing

async function route() {
  if (!state.me) return;
  const hash = location.hash.replace(/^#/, "") || "/";
  const parts = hash.split("/").filter(Boolean).map(decodeURIComponent);
  document.body.classList.toggle("print-view", parts[0] === "units" && parts[2] === "print");
  renderNav();
  // data-ready names the view once it is drawn (tests and the benchmark wait for it).
  delete main().dataset.ready;
  show(h("p", { class: "loading", role: "status" }, tp("loading")));
  const view =
    parts.length === 0 ? "home" : parts[0] === "overview" ? "overview" : parts[0] === "units" && parts[1] ? (parts[2] === "print" ? "print" : "unit") : null;
  try {
    if (view === "home") await renderHome();
    else if (view === "overview") await renderOverview();
    else if (view === "print") await renderPrint(parts[1]);
    else if (view === "unit") await renderUnit(parts[1]);
    else throw new ApiError(404);
  } catch (error) {
    showError(error);
    return;
  }
  main().dataset.ready = view;
  main().focus({ preventScroll: true });
}

function renderNav() {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  if (!nav || !who) return;
  nav.replaceChildren();
  who.replaceChildren();
  if (!state.me) return;
  const current = location.hash || "#/";
  const items = [["#/", tp("nav.home")]];
  if (state.me.areas.length > 0) items.push(["#/overview", tp("nav.overview")]);
  nav.append(
    h(
      "ul",
      null,
      items.map(([href, text]) => h("li", null, link(href, text, { "aria-current": current === href ? "page" : undefined }))),
    ),
  );
  who.append(h("span", null, state.me.person.name));
  if (!state.inTeams && state.devSignIn) {
    who.append(" ", h("button", { type: "button", class: "link", onclick: () => void showDevPicker() }, tp("start.signOut")));
  }
}

async function loadUnit(unitId) {
  const unit = await api(`/units/${encodeURIComponent(unitId)}`);
  state.units.set(unitId, unit);
  return unit;
}

// ---------------------------------------------------------------- home

async function renderHome() {
  const me = /** @type {Me} */ (state.me);
  const sections = [];
  const memberUnits = me.units.filter((u) => u.relation === "member");
  const partyUnits = me.units.filter((u) => u.relation === "manager" || u.relation === "safety_rep" || u.relation === "stand_in");
  if (memberUnits.length > 0) {
    const units = await Promise.all(memberUnits.map((u) => loadUnit(u.id)));
    sections.push(
      h(
        "section",
        { "aria-labelledby": "member-title" },
        h("h2", { id: "member-title" }, tp("home.member.title")),
        units.map((unit) => memberUnit(unit)),
      ),
    );
  }
  if (partyUnits.length > 0) {
    sections.push(
      h(
        "section",
        { "aria-labelledby": "units-title" },
        h("h2", { id: "units-title" }, tp("home.units.title")),
        h("p", null, tp("home.units.intro")),
        h(
          "ul",
          { class: "unit-list" },
          partyUnits.map((u) =>
            h("li", null, link(`#/units/${encodeURIComponent(u.id)}`, u.name), " ", h("span", { class: "tag" }, tp(`relation.${u.relation}`))),
          ),
        ),
      ),
    );
  }
  if (me.areas.length > 0) {
    sections.push(
      h(
        "section",
        { "aria-labelledby": "areas-title" },
        h("h2", { id: "areas-title" }, tp("home.hr.title")),
        h("p", null, tp("home.hr.intro", { areas: me.areas.map((a) => a.name).join(", ") })),
        h("p", null, link("#/overview", tp("home.hr.open"), { class: "button" })),
      ),
    );
  }
  if (memberUnits.length > 0) sections.push(storedSection());
  if (sections.length === 0) sections.push(h("p", null, tp("home.noRole")));
  show(h("h1", null, tp("home.title", { name: me.person.name })), sections);
}

function memberUnit(unit) {
  const core = unit.questions.find((q) => q.questionId === CORE_QUESTION) ?? unit.questions[0];
  const hf = unit.healthFactors;
  return h(
    "article",
    { class: "card", "aria-labelledby": `member-${unit.unit.id}` },
    h("h3", { id: `member-${unit.unit.id}` }, unit.unit.name),
    core ? latestLine(core) : h("p", null, tp("unit.noPulse")),
    core && hasTrend(core) ? trendChart(core, unit.target, `member-trend-${unit.unit.id}`) : null,
    hf ? h("h4", null, tp("unit.priorities.title")) : null,
    hf ? prioritiesText(hf) : null,
    hf && hf.activities.length > 0 ? h("h4", null, tp("unit.activities.title")) : null,
    hf && hf.activities.length > 0 ? activityList(hf.activities, false) : null,
    h("p", null, link(`#/units/${encodeURIComponent(unit.unit.id)}`, tp("home.member.more", { unit: unit.unit.name }))),
  );
}

function storedSection() {
  return h(
    "section",
    { "aria-labelledby": "stored-title", class: "stored" },
    h("h2", { id: "stored-title" }, tp("home.stored.title")),
    h("p", null, tp("home.stored.answers", { k: state.me.privacy.minGroupSize, months: state.me.privacy.answerRetentionMonths })),
    h("p", null, tp("home.stored.participation")),
    h("p", null, tp("home.stored.sickLeave", { k: state.me.privacy.minGroupSize, months: state.me.privacy.absenceRetentionMonths })),
    h("p", null, tp("home.stored.why")),
    h(
      "p",
      null,
      tp("home.stored.more"),
      " ",
      h("kbd", null, tp("home.stored.aboutCommand")),
      " ",
      tp("home.stored.moreAfter"),
      " ",
      h("kbd", null, tp("home.stored.recordCommand")),
      ".",
    ),
  );
}

// ---------------------------------------------------------------- unit page

function latestPulseOf(series) {
  for (let i = series.pulses.length - 1; i >= 0; i--) if (series.pulses[i].figure.released) return series.pulses[i];
  return null;
}

function latestLine(series) {
  const last = series.pulses.at(-1);
  if (!last) return h("p", null, tp("unit.noPulse"));
  if (!last.figure.released) return h("p", { class: "withheld" }, tp("unit.latestWithheld", { date: day(last.dueAt), reason: reasonText(last.figure.reason) }));
  const f = last.figure.value;
  const change = changeText(series.change);
  // A scale without a good line (Ja/Nej, how often): no share, just who answered; the bars say the rest.
  if (f.sharePct === null || series.scale.goodValues.length === 0)
    return h("p", { class: "latest" }, tp("unit.answeredOn", { date: day(last.dueAt) }), " ", participation(f));
  return h(
    "p",
    { class: "latest" },
    h("strong", { class: "big" }, pct(f.sharePct)),
    " ",
    tp("unit.shareGood", { date: day(last.dueAt) }),
    h("br"),
    participation(f),
    change ? [" · ", h("span", { class: changeClass(series.change) }, change)] : null,
  );
}

function changeClass(change) {
  if (!change?.released || Math.round(change.value) === 0) return "change";
  return change.value > 0 ? "change up" : "change down";
}

function participation(f) {
  return f.invited ? tp("unit.participation", { respondents: f.respondents, invited: f.invited }) : tp("unit.participationCount", { count: f.respondents });
}

async function renderUnit(unitId) {
  const unit = await loadUnit(unitId);
  const hf = unit.healthFactors;
  show(
    h(
      "nav",
      { class: "crumbs", "aria-label": tp("unit.pathLabel") },
      h(
        "ol",
        null,
        [...unit.unit.path, { id: unit.unit.id, name: unit.unit.name }].map((u, i, all) =>
          h("li", null, i === all.length - 1 ? h("span", { "aria-current": "page" }, u.name) : u.name),
        ),
      ),
    ),
    h("h1", null, unit.unit.name),
    h(
      "p",
      { class: "meta" },
      h("span", { class: "tag" }, tp(`relation.${unit.relation}`)),
      " ",
      unit.latestPulse ? tp("unit.latest", { date: day(unit.latestPulse.dueAt) }) : tp("unit.noPulse"),
    ),
    h(
      "div",
      { class: "actions" },
      link(`#/units/${encodeURIComponent(unit.unit.id)}/print`, tp("unit.print"), { class: "button" }),
      h("button", { type: "button", onclick: () => void downloadCsv(unit) }, tp("unit.csv")),
    ),
    unit.cases && unit.cases.length >= 0 && unit.relation === "manager" ? casesSection(unit.cases) : null,
    h(
      "section",
      { "aria-labelledby": "questions-title" },
      h("h2", { id: "questions-title" }, tp("unit.questions")),
      unit.questions.length === 0 ? h("p", null, tp("unit.noPulse")) : unit.questions.map((q) => questionBlock(q, unit)),
    ),
    hfSection(unit, hf),
  );
}

function questionBlock(series, unit) {
  const id = `q-${series.questionId}`;
  const latest = latestPulseOf(series);
  return h(
    "article",
    { class: "card question", "aria-labelledby": id },
    h("h3", { id }, series.text),
    latestLine(series),
    hasTrend(series) ? trendChart(series, series.questionId === CORE_QUESTION ? unit.target : null, `trend-${series.questionId}`) : null,
    latest ? distributionChart(series, latest) : null,
  );
}

/** Whether a question has a share to follow: a good line, and at least one released share. */
function hasTrend(series) {
  return series.scale.goodValues.length > 0 && series.pulses.some((p) => p.figure.released && p.figure.value.sharePct !== null);
}

/** Share good-or-better over time: withheld pulses are labelled gaps; the target as a line. */
function trendChart(series, target, id) {
  const points = series.pulses.map((p) => ({
    date: new Date(p.dueAt),
    dueAt: p.dueAt,
    share: p.figure.released ? p.figure.value.sharePct : null,
    respondents: p.figure.released ? p.figure.value.respondents : null,
    invited: p.figure.released ? p.figure.value.invited : null,
    reason: p.figure.released ? null : p.figure.reason,
  }));
  const gaps = points.filter((p) => p.reason);
  const goal = target && target.baselinePct !== null ? Math.min(100, target.baselinePct + target.targetPp) : null;
  const title = tp("chart.trendTitle", { question: series.text });
  const figure = h("figure", { class: "chart", "aria-labelledby": `${id}-cap` }, h("figcaption", { id: `${id}-cap` }, tp("chart.trendCaption")));
  const Plot = window.Plot;
  const narrow = chartWidth() < 480;
  if (Plot && points.length > 0) {
    const marks = [
      Plot.ruleY([0], { stroke: "var(--rule)" }),
      Plot.line(points, { x: "date", y: "share", stroke: "var(--accent)", strokeWidth: 2.5, defined: (d) => d.share !== null }),
      Plot.dot(
        points.filter((p) => p.share !== null),
        { x: "date", y: "share", fill: "var(--accent)", r: 4 },
      ),
      Plot.text(
        points.filter((p, i) => p.share !== null && (!narrow || i === 0 || i === points.length - 1)),
        { x: "date", y: "share", text: (d) => pct(d.share), dy: -12, fill: "var(--fg)", fontSize: 12 },
      ),
      Plot.ruleX(gaps, { x: "date", stroke: "var(--muted)", strokeDasharray: "3,3" }),
      Plot.text(gaps, { x: "date", y: 8, text: (d) => reasonText(d.reason), fill: "var(--fg)", fontSize: 11, rotate: -90, textAnchor: "start" }),
    ];
    if (goal !== null) {
      marks.push(Plot.ruleY([goal], { stroke: "var(--target)", strokeDasharray: "6,4", strokeWidth: 1.5 }));
      marks.push(
        Plot.text([goal], {
          y: (d) => d,
          frameAnchor: "left",
          text: () => tp("chart.target", { year: target.year, goal: pct(goal) }),
          dx: 4,
          dy: 10,
          fill: "var(--fg)",
          fontSize: 11,
          textAnchor: "start",
        }),
      );
    }
    const svg = Plot.plot({
      width: chartWidth(),
      height: 220,
      marginLeft: 44,
      marginRight: 16,
      marginTop: 24,
      style: { background: "transparent", color: "var(--fg)", fontSize: "12px" },
      x: { type: "time", label: null, tickFormat: (d) => shortDay(d.toISOString()), ticks: Math.min(chartWidth() < 480 ? 3 : 6, points.length), inset: 16 },
      y: { domain: [0, 100], label: tp("chart.shareAxis"), tickFormat: (d) => pct(d), grid: true, ticks: 5 },
      marks,
    });
    asImage(svg, title);
    figure.append(svg);
  }
  figure.append(
    dataTable(
      title,
      [tp("chart.pulse"), tp("chart.share"), tp("chart.respondents")],
      points.map((p) => [
        day(p.dueAt),
        p.reason ? reasonText(p.reason) : pct(p.share),
        p.reason ? "–" : p.invited ? tp("unit.participation", { respondents: p.respondents, invited: p.invited }) : String(p.respondents),
      ]),
    ),
  );
  if (goal !== null)
    figure.append(
      h(
        "p",
        { class: "note" },
        tp("chart.targetNote", { year: target.year, goal: pct(goal), baseline: pct(target.baselinePct), baselineYear: target.baselineYear }),
      ),
    );
  return figure;
}

function distributionChart(series, pulse) {
  const f = pulse.figure.value;
  const labelOf = (values) => values.map((v) => series.scale.options.find((o) => o.value === v)?.label ?? String(v)).join(" / ");
  const rows = f.distribution.map((d) => ({
    label: labelOf(d.values),
    pct: d.pct,
    count: d.count,
    good: d.values.every((v) => series.scale.goodValues.includes(v)),
  }));
  const id = `dist-${series.questionId}`;
  const title = tp("chart.distributionTitle", { date: day(pulse.dueAt) });
  const figure = h("figure", { class: "chart", "aria-labelledby": `${id}-cap` }, h("figcaption", { id: `${id}-cap` }, title));
  const Plot = window.Plot;
  if (Plot && rows.length > 0) {
    const svg = Plot.plot({
      width: chartWidth(),
      height: 30 + rows.length * 30,
      marginLeft: Math.min(150, 8 + Math.max(...rows.map((r) => r.label.length)) * 7),
      marginRight: 48,
      style: { background: "transparent", color: "var(--fg)", fontSize: "12px" },
      x: { domain: [0, 100], axis: null },
      y: { domain: rows.map((r) => r.label), label: null, tickSize: 0 },
      marks: [
        Plot.barX(rows, { x: "pct", y: "label", fill: (d) => (d.good ? "var(--accent)" : "var(--bar)") }),
        Plot.text(rows, { x: "pct", y: "label", text: (d) => `${pct(d.pct)} (${d.count})`, dx: 6, textAnchor: "start", fill: "var(--fg)" }),
      ],
    });
    asImage(svg, title);
    figure.append(svg);
  }
  figure.append(
    dataTable(
      title,
      [tp("chart.answer"), tp("chart.count"), tp("chart.shareCol")],
      rows.map((r) => [r.label, String(r.count), pct(r.pct)]),
    ),
  );
  if (f.merged) figure.append(h("p", { class: "note" }, tp("chart.merged")));
  return figure;
}

/**
 * A chart as one image for assistive technology: its name on the root, Plot's own aria labels on
 * the marks removed (they are not allowed on plain groups); the numbers are in the table beside it.
 */
function asImage(chart, title) {
  for (const el of chart.querySelectorAll("[aria-label], [aria-description]")) {
    el.removeAttribute("aria-label");
    el.removeAttribute("aria-description");
  }
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", title);
}

/** A theme colour as a value (Plot interpolates colours, which var() cannot be). */
function cssVar(name) {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || "#808080";
}

function chartWidth() {
  const width = main().clientWidth || window.innerWidth;
  return Math.max(280, Math.min(720, width - 40));
}

function hfSection(unit, hf) {
  const section = h("section", { "aria-labelledby": "hf-title" }, h("h2", { id: "hf-title" }, tp("hf.title")));
  if (!hf) {
    section.append(h("p", null, tp("hf.none")));
    return section;
  }
  append(section, [
    h(
      "p",
      { class: "meta" },
      tp("hf.round", { date: day(hf.round.closesAt) }),
      hf.respondents.released ? [" · ", tp("hf.respondents", { count: hf.respondents.value })] : [" · ", reasonText(hf.respondents.reason)],
    ),
    profileChart(hf),
    h("h3", null, tp("unit.priorities.title")),
    prioritiesText(hf),
    hf.canEdit && !hf.priorities.agreed ? prioritiesForm(unit, hf) : null,
    h("h3", null, tp("unit.activities.title")),
    hf.activities.length === 0 ? h("p", null, tp("unit.activities.none")) : activityList(hf.activities, hf.canEdit),
    hf.canEdit && hf.priorities.agreed ? activityForm(unit, hf) : null,
  ]);
  return section;
}

/** The friskfaktor profile: this round's mean per factor, the previous round's beside it. */
function profileChart(hf) {
  const rows = hf.factors.map((f) => ({
    factor: factorName(f.factorId),
    current: f.current?.released ? f.current.value.mean : null,
    previous: f.previous?.released ? f.previous.value.mean : null,
    currentReason: f.current && !f.current.released ? f.current.reason : null,
    dontKnow: f.current?.released ? f.current.value.dontKnow : null,
  }));
  const title = tp("hf.chartTitle");
  const figure = h("figure", { class: "chart", "aria-labelledby": "hf-cap" }, h("figcaption", { id: "hf-cap" }, title));
  const Plot = window.Plot;
  const long = [];
  for (const r of rows) {
    if (r.previous !== null)
      long.push({ factor: r.factor, mean: r.previous, which: tp("hf.previous", { date: hf.previousRound ? day(hf.previousRound.closesAt) : "" }) });
    if (r.current !== null) long.push({ factor: r.factor, mean: r.current, which: tp("hf.current", { date: day(hf.round.closesAt) }) });
  }
  if (Plot && long.length > 0) {
    const narrow = chartWidth() < 480;
    const svg = Plot.plot({
      width: chartWidth(),
      height: 40 + rows.length * (narrow ? 56 : 40),
      marginLeft: narrow ? 8 : 260,
      marginRight: 40,
      marginTop: 30,
      style: { background: "transparent", color: "var(--fg)", fontSize: "12px" },
      x: { domain: [1, 5], label: narrow ? null : tp("hf.axis"), grid: true, ticks: 5, tickFormat: (d) => num(d, 0), axis: "top" },
      y: { domain: rows.map((r) => r.factor), label: null, axis: narrow ? null : "left", tickFormat: (d) => (d.length > 40 ? `${d.slice(0, 38)}…` : d) },
      color: {
        domain: [...new Set(long.map((d) => d.which))],
        range: ["var(--muted)", "var(--accent)"].slice(2 - new Set(long.map((d) => d.which)).size),
        legend: true,
      },
      marks: [
        narrow
          ? Plot.text(rows, { y: "factor", x: 1, text: (d) => d.factor, textAnchor: "start", lineAnchor: "bottom", dy: -10, fill: "var(--fg)", lineWidth: 26 })
          : null,
        Plot.link(
          rows.filter((r) => r.previous !== null && r.current !== null),
          { y1: "factor", y2: "factor", x1: "previous", x2: "current", stroke: "var(--rule)", strokeWidth: 2 },
        ),
        Plot.dot(long, { y: "factor", x: "mean", fill: "which", r: 6, symbol: "which" }),
        Plot.text(
          rows.filter((r) => r.current !== null),
          { y: "factor", x: "current", text: (d) => num(d.current), dx: 14, textAnchor: "start", fill: "var(--fg)" },
        ),
      ].filter(Boolean),
    });
    asImage(svg, title);
    figure.append(svg);
  }
  figure.append(
    dataTable(
      title,
      [
        tp("hf.factor"),
        tp("hf.current", { date: day(hf.round.closesAt) }),
        hf.previousRound ? tp("hf.previous", { date: day(hf.previousRound.closesAt) }) : tp("hf.previousNone"),
        tp("hf.dontKnow"),
      ],
      rows.map((r) => [
        r.factor,
        r.current !== null ? num(r.current) : r.currentReason ? reasonText(r.currentReason) : "–",
        r.previous !== null ? num(r.previous) : "–",
        r.dontKnow !== null ? String(r.dontKnow) : "–",
      ]),
    ),
    h("p", { class: "note" }, tp("hf.scale")),
  );
  return figure;
}

function prioritiesText(hf) {
  const p = hf.priorities;
  if (p.agreed) {
    return h(
      "div",
      { class: "priorities" },
      h(
        "ol",
        null,
        p.agreed.factorIds.map((id) => h("li", null, factorName(id))),
      ),
      h(
        "p",
        { class: "meta" },
        tp("unit.priorities.agreed", { date: day(p.agreed.at), names: p.agreed.by.map((b) => `${b.name} (${t(`roles.${b.role}`)})`).join(", ") }),
      ),
    );
  }
  if (p.proposal) {
    return h(
      "div",
      { class: "priorities" },
      h("p", null, tp("unit.priorities.proposal", { name: p.proposal.byName, date: day(p.proposal.at) })),
      h(
        "ol",
        null,
        p.proposal.factorIds.map((id) => h("li", null, factorName(id))),
      ),
    );
  }
  return h("p", null, tp("unit.priorities.none"));
}

function prioritiesForm(unit, hf) {
  const proposal = hf.priorities.proposal;
  const ownProposal = proposal && proposal.byName === state.me?.person.name;
  const form = h(
    "form",
    { class: "edit", "aria-labelledby": "propose-title" },
    h("h4", { id: "propose-title" }, proposal ? tp("unit.priorities.counterTitle") : tp("unit.priorities.proposeTitle")),
    h(
      "fieldset",
      null,
      h("legend", null, tp("unit.priorities.choose")),
      hf.factors.map((f) =>
        h(
          "label",
          { class: "check" },
          h("input", { type: "checkbox", name: "factor", value: f.factorId, checked: proposal?.factorIds.includes(f.factorId) }),
          " ",
          factorName(f.factorId),
        ),
      ),
    ),
    h("button", { type: "submit" }, tp("unit.priorities.propose")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const factorIds = [...form.querySelectorAll("input[name=factor]:checked")].map((i) => /** @type {HTMLInputElement} */ (i).value);
    if (factorIds.length < 1 || factorIds.length > 3) {
      announce(tp("unit.priorities.choose"));
      return;
    }
    void save(() => post(EDIT.priorities(unit.unit.id), { action: "propose", factorIds, roundId: hf.round.id }));
  });
  const wrap = h("div", null, form);
  if (proposal && !ownProposal) {
    wrap.prepend(
      h(
        "p",
        null,
        h(
          "button",
          {
            type: "button",
            onclick: () => void save(() => post(EDIT.priorities(unit.unit.id), { action: "confirm", factorIds: proposal.factorIds, roundId: hf.round.id })),
          },
          tp("unit.priorities.confirm"),
        ),
      ),
    );
  } else if (ownProposal) {
    wrap.prepend(h("p", { class: "note" }, tp("unit.priorities.ownProposal")));
  }
  return wrap;
}

function activityList(activities, canEdit) {
  return h(
    "ul",
    { class: "activities" },
    activities.map((a) =>
      h(
        "li",
        { class: `activity ${a.status}${a.overdue ? " overdue" : ""}` },
        h("p", { class: "what" }, a.what),
        h(
          "p",
          { class: "meta" },
          h("span", { class: `status ${a.status}` }, tp(`unit.activities.status.${a.status}`)),
          a.overdue ? [" ", h("span", { class: "status overdue" }, tp("unit.activities.overdue"))] : null,
          " · ",
          a.status === "done" && a.doneOn
            ? tp("unit.activities.ownerDone", { owner: a.owner, date: day(a.doneOn) })
            : tp("unit.activities.ownerDue", { owner: a.owner, date: day(a.dueDate) }),
          a.originalDueDate ? ` (${tp("unit.activities.postponedFrom", { date: day(a.originalDueDate) })})` : null,
          " · ",
          factorName(a.factorId),
        ),
        canEdit && a.status !== "done" ? activityActions(a) : null,
      ),
    ),
  );
}

function activityActions(activity) {
  const url = EDIT.activity(activity.id);
  const postpone = h(
    "form",
    { class: "inline" },
    h("label", { for: `postpone-${activity.id}` }, tp("unit.activities.newDate")),
    h("input", { type: "date", id: `postpone-${activity.id}`, name: "dueDate", required: true }),
    h("button", { type: "submit" }, tp("unit.activities.postpone")),
  );
  postpone.addEventListener("submit", (event) => {
    event.preventDefault();
    const dueDate = /** @type {HTMLInputElement} */ (postpone.querySelector("input")).value;
    void save(() => post(url, { kind: "postpone", dueDate }));
  });
  return h(
    "div",
    { class: "row" },
    h("button", { type: "button", onclick: () => void save(() => post(url, { kind: "done" })) }, tp("unit.activities.markDone")),
    h("details", { class: "inline" }, h("summary", null, tp("unit.activities.postpone")), postpone),
  );
}

function activityForm(unit, hf) {
  const agreed = hf.priorities.agreed?.factorIds ?? [];
  const form = h(
    "form",
    { class: "edit", "aria-labelledby": "add-title" },
    field(
      "factorId",
      tp("unit.activities.factor"),
      h(
        "select",
        { id: "add-factorId", name: "factorId" },
        agreed.map((id) => h("option", { value: id }, factorName(id))),
      ),
    ),
    field("what", tp("unit.activities.what"), h("input", { id: "add-what", name: "what", required: true, maxlength: 200 })),
    field("owner", tp("unit.activities.owner"), h("input", { id: "add-owner", name: "owner", required: true, maxlength: 100 })),
    field("dueDate", tp("unit.activities.due"), h("input", { id: "add-dueDate", name: "dueDate", type: "date", required: true })),
    h("button", { type: "submit" }, tp("unit.activities.save")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(/** @type {HTMLFormElement} */ (form)));
    void save(() => post(EDIT.activities(unit.unit.id), { ...data, roundId: hf.round.id }));
  });
  return h("details", { class: "add" }, h("summary", { id: "add-title" }, tp("unit.activities.add")), form);
}

function field(name, label, input) {
  return h("p", { class: "field" }, h("label", { for: `add-${name}` }, label), input);
}

async function save(action) {
  try {
    await action();
    announce(tp("unit.saved"));
    await route();
    announce(tp("unit.saved"));
  } catch (error) {
    if (error instanceof ApiError && [400, 403, 404, 409, 422].includes(error.status)) {
      announce(tp("unit.refused", { reason: error.message }));
      const note = h("p", { class: "notice", role: "alert" }, tp("unit.refused", { reason: error.message }));
      main().prepend(note);
      return;
    }
    showError(error);
  }
}

function casesSection(cases) {
  return h(
    "section",
    { "aria-labelledby": "cases-title", class: "cases" },
    h("h2", { id: "cases-title" }, tp("unit.cases.title")),
    cases.length === 0
      ? h("p", null, tp("unit.cases.none"))
      : h(
          "ul",
          null,
          cases.map((c) =>
            h(
              "li",
              null,
              h("strong", null, tp(`unit.cases.signal.${c.signal}`, { name: c.subjectName ?? tp("unit.cases.wholeUnit") })),
              h("br"),
              h(
                "span",
                { class: "meta" },
                tp(`unit.cases.status.${c.status}`),
                " · ",
                tp("unit.cases.opened", { date: day(c.openedAt) }),
                c.plannedFor ? [" · ", tp("unit.cases.planned", { date: day(c.plannedFor) })] : null,
                c.escalated ? [" · ", tp("unit.cases.escalated")] : null,
              ),
            ),
          ),
        ),
    h("p", { class: "note" }, tp("unit.cases.inChat")),
  );
}

async function downloadCsv(unit) {
  try {
    const res = await request(`/units/${encodeURIComponent(unit.unit.id)}/figures.csv`);
    const blob = await res.blob();
    const disposition = res.headers.get("content-disposition") ?? "";
    const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `friskpuls-${unit.unit.id}.csv`;
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: name, class: "hidden" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    announce(tp("unit.csvDone"));
  } catch (error) {
    showError(error);
  }
}

// ---------------------------------------------------------------- print page

async function renderPrint(unitId) {
  const unit = state.units.get(unitId) ?? (await loadUnit(unitId));
  const hf = unit.healthFactors;
  show(
    h(
      "div",
      { class: "print-bar no-print" },
      link(`#/units/${encodeURIComponent(unit.unit.id)}`, tp("print.back")),
      h("button", { type: "button", onclick: () => window.print() }, tp("print.print")),
    ),
    h("h1", null, tp("print.title", { unit: unit.unit.name })),
    h(
      "p",
      { class: "meta" },
      unit.unit.path.map((u) => u.name).join(" › "),
      unit.unit.path.length ? " · " : "",
      tp("print.generated", { date: day(unit.generatedAt) }),
    ),
    h("h2", null, tp("hf.title")),
    hf ? [h("p", { class: "meta" }, tp("hf.round", { date: day(hf.round.closesAt) })), profileChart(hf)] : h("p", null, tp("hf.none")),
    h("h2", null, tp("unit.priorities.title")),
    hf ? prioritiesText(hf) : h("p", null, tp("unit.priorities.none")),
    h("h2", null, tp("unit.activities.title")),
    hf && hf.activities.length > 0
      ? h(
          "table",
          { class: "print-table" },
          h("caption", null, tp("unit.activities.title")),
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              [
                tp("unit.activities.what"),
                tp("unit.activities.factor"),
                tp("unit.activities.owner"),
                tp("unit.activities.due"),
                tp("unit.activities.statusHeading"),
              ].map((x) => h("th", { scope: "col" }, x)),
            ),
          ),
          h(
            "tbody",
            null,
            hf.activities.map((a) =>
              h(
                "tr",
                null,
                h("th", { scope: "row" }, a.what),
                h("td", null, factorName(a.factorId)),
                h("td", null, a.owner),
                h("td", null, day(a.dueDate)),
                h("td", null, tp(`unit.activities.status.${a.status}`), a.overdue ? ` (${tp("unit.activities.overdue")})` : ""),
              ),
            ),
          ),
        )
      : h("p", null, tp("unit.activities.none")),
    h("h2", null, tp("print.results")),
    unit.questions.length === 0
      ? h("p", null, tp("unit.noPulse"))
      : unit.questions.map((q) =>
          h(
            "section",
            { class: "print-question" },
            h("h3", null, q.text),
            latestLine(q),
            hasTrend(q) ? trendChart(q, q.questionId === CORE_QUESTION ? unit.target : null, `print-${q.questionId}`) : null,
          ),
        ),
    h(
      "p",
      { class: "signature" },
      hf?.priorities.agreed
        ? tp("unit.priorities.agreed", {
            date: day(hf.priorities.agreed.at),
            names: hf.priorities.agreed.by.map((b) => `${b.name} (${t(`roles.${b.role}`)})`).join(", "),
          })
        : tp("print.notAgreed"),
    ),
  );
  for (const details of main().querySelectorAll("details.data")) details.setAttribute("open", "");
}

// ---------------------------------------------------------------- HR overview

async function renderOverview() {
  const overview = await api("/overview");
  show(
    h("h1", null, tp("overview.title")),
    h("p", null, tp("overview.intro")),
    overview.areas.length === 0 ? h("p", null, tp("overview.none")) : overview.areas.map((area) => areaSection(area)),
  );
}

function areaSection(area) {
  const id = `area-${area.root.id}`;
  return h(
    "section",
    { "aria-labelledby": id, class: "area" },
    h("h2", { id }, area.root.name),
    h(
      "p",
      { class: "meta" },
      area.pulse ? tp("overview.pulse", { date: day(area.pulse.dueAt) }) : tp("unit.noPulse"),
      area.total
        ? [
            " · ",
            area.total.released
              ? tp("overview.total", { share: pct(area.total.value.sharePct), count: area.total.value.respondents })
              : reasonText(area.total.reason),
          ]
        : null,
    ),
    area.questions.length > 0 && area.rows.length > 0 ? heatmap(area) : null,
    area.otherQuestions.length > 0
      ? h("p", { class: "note" }, tp("overview.otherQuestions", { questions: area.otherQuestions.map((q) => q.text).join(" ") }))
      : null,
    h("h3", null, tp("overview.rowsTitle")),
    h(
      "ol",
      { class: "rows" },
      area.rows.map((row) => overviewRow(row, area)),
    ),
  );
}

function heatmap(area) {
  const id = `heat-${area.root.id}`;
  const title = tp("overview.heatmapTitle", { area: area.root.name });
  const cells = [];
  area.rows.forEach((row, r) => {
    row.cells.forEach((cell, q) => {
      cells.push({
        unit: row.unit.name,
        rank: r,
        question: questionLabel(area, q),
        share: cell.released ? cell.value.sharePct : null,
        text: cell.released ? pct(cell.value.sharePct) : reasonShort(cell.reason),
      });
    });
  });
  const figure = h("figure", { class: "chart heatmap", "aria-labelledby": `${id}-cap` }, h("figcaption", { id: `${id}-cap` }, tp("overview.heatmapCaption")));
  const Plot = window.Plot;
  if (Plot) {
    const narrow = chartWidth() < 480;
    const svg = Plot.plot({
      width: Math.max(chartWidth(), narrow ? 340 : 0),
      height: 50 + area.rows.length * 34,
      marginLeft: narrow ? 120 : 240,
      marginTop: 40,
      padding: 0.06,
      style: { background: "transparent", color: "var(--fg)", fontSize: "12px" },
      x: { domain: area.questions.map((_, q) => questionLabel(area, q)), axis: "top", label: null, tickFormat: (d) => d },
      y: { domain: area.rows.map((r) => r.unit.name), label: null, tickFormat: (d) => (narrow && d.length > 16 ? `${d.slice(0, 15)}…` : d) },
      color: { type: "linear", domain: [40, 85], clamp: true, range: [cssVar("--heat-low"), cssVar("--heat-high")], interpolate: "rgb" },
      marks: [
        Plot.cell(
          cells.filter((c) => c.share !== null),
          { x: "question", y: "unit", fill: "share" },
        ),
        Plot.cell(
          cells.filter((c) => c.share === null),
          { x: "question", y: "unit", fill: "var(--withheld)" },
        ),
        Plot.text(cells, { x: "question", y: "unit", text: "text", fill: "var(--heat-text)", fontSize: 11 }),
      ],
    });
    asImage(svg, title);
    figure.append(svg);
  }
  figure.append(
    h("p", { class: "note" }, tp("overview.heatLegend")),
    h(
      "ul",
      { class: "legend-questions" },
      area.questions.map((q, i) => h("li", null, h("strong", null, questionLabel(area, i)), " ", q.text)),
    ),
    dataTable(
      title,
      [tp("overview.unit"), ...area.questions.map((q) => q.text)],
      area.rows.map((row) => [row.unit.name, ...row.cells.map((cell) => (cell.released ? pct(cell.value.sharePct) : reasonShort(cell.reason)))]),
    ),
  );
  return figure;
}

const questionLabel = (_area, index) => tp("overview.questionShort", { n: index + 1 });
const reasonShort = (reason) => (reason === "fewerThanK" ? "< k" : "–");

function overviewRow(row, area) {
  const needs = row.needs.map((n) => tp(`overview.need.${n}`));
  const c = row.cases;
  return h(
    "li",
    { class: `card unit-row${row.needs.length ? " needs" : ""}` },
    h("h4", null, link(`#/units/${encodeURIComponent(row.unit.id)}`, row.unit.name)),
    needs.length > 0
      ? h("p", { class: "because" }, h("strong", null, tp("overview.because")), " ", needs.join(", "), ".")
      : h("p", { class: "meta" }, tp("overview.noNeed")),
    h(
      "dl",
      { class: "facts" },
      fact(tp("overview.change"), row.change ? changeText(row.change) : "–"),
      fact(
        tp("overview.participation"),
        row.participation ? (row.participation.released ? pct(row.participation.value) : reasonText(row.participation.reason)) : "–",
      ),
      fact(tp("overview.cases"), tp("overview.caseCounts", { opened: c.opened, planned: c.planned, done: c.done, escalated: c.escalated })),
      fact(
        tp("overview.round"),
        [
          tp(`overview.roundState.${row.round.state}`),
          row.round.state === "closed" ? tp(row.round.prioritiesAgreed ? "overview.prioritiesAgreed" : "overview.prioritiesOpen") : null,
          row.round.overdueActivities > 0 ? tp("overview.overdue", { count: row.round.overdueActivities }) : null,
        ]
          .filter(Boolean)
          .join(" · "),
      ),
      row.sickLeave
        ? fact(area.sickLeaveAsOf ? tp("overview.sickLeaveAsOf", { date: day(area.sickLeaveAsOf) }) : tp("overview.sickLeave"), sickLeaveText(row.sickLeave))
        : null,
    ),
  );
}

function fact(term, value) {
  return h("div", null, h("dt", null, term), h("dd", null, value));
}

function sickLeaveText(figure) {
  if (!figure.released) return reasonText(figure.reason);
  const s = figure.value;
  return tp("overview.sickLeaveText", {
    repeated: pct(s.repeatedSharePct),
    perEmployee: num(s.occasionsPerEmployee),
    short: s.shortOccasions,
    long: s.longOccasions,
    employees: s.employees,
  });
}

// ---------------------------------------------------------------- go

window.addEventListener("load", () => {
  start().catch((error) => {
    console.error(error);
    showError(error);
  });
});
