#!/usr/bin/env node
// npm run docs:recipes — every flow of Friskpuls in the Microsoft 365 Agents Playground, driven in
// headless Chromium, with numbered screenshots for docs/recipes.md (docs/screenshots/recipes/).
// Real parts throughout: `friskpuls serve` on a fresh SQLite file with the demo org, one
// Playground per person shown (the Playground has no API to change its user: its user comes from
// .m365agentsplayground.yml in its working directory, so each gets its own), time moved by
// `friskpuls tick --now` at moments derived from the coming Monday and from now (never fixed dates),
// absences imported by `friskpuls absences import`. Colleagues not shown in a Playground install the
// bot and press their card buttons through real Bot Framework activities POSTed to /api/messages;
// the bot's messages to them go to a small connector stand-in here.
// Texts to wait for and buttons to press are read from src/i18n/sv.json at run time, so the script
// keeps working while the cards' wording changes. It prints `RECIPES {json}`: the screenshots and
// the texts it saw. Needs Chromium (Debian: apt-get install chromium; or CHROMIUM_PATH).
// SCREENSHOT_DIR writes the pictures elsewhere (the test does); RECIPES_DEBUG=1 shows the ticks and
// the CLI's and the Playgrounds' output and keeps the work directory. On a failure each page is
// saved as friskpuls-recipes-failed-<n>.png in the temp directory.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { comingPulseMonday } from "./lib/coming-monday.mjs";
import { findChromiumOrExit, freePort, launchChromium, waitFor } from "./lib/local-services.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shots = process.env.SCREENSHOT_DIR ?? join(root, "docs", "screenshots", "recipes");
const chromiumPath = findChromiumOrExit();
const ZONE = "Europe/Stockholm";
const started = Date.now();

// ---- The words of the cards, from the Swedish catalogue (others may reword them) ----
const sv = JSON.parse(readFileSync(join(root, "src", "i18n", "sv.json"), "utf8"));
/** sv.json's text for a key, with {{vars}} filled in; a var left out cuts the text there (a stable prefix). */
function t(key, vars = {}) {
  const text = key.split(".").reduce((o, k) => o?.[k], sv);
  if (typeof text !== "string") throw new Error(`sv.json has no text for ${key}`);
  const cut = text.replace(/\{\{(\w+)\}\}[\s\S]*$/, (m, name) => (name in vars ? m : ""));
  return cut
    .replace(/\{\{(\w+)\}\}/g, (_, name) => String(vars[name]))
    .replace(/\*\*/g, "")
    .trim();
}

// ---- The demo org: who plays which part ----
const orgDir = join(root, "test", "fixtures", "org-demo");
const csv = (name) =>
  readFileSync(join(orgDir, name), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(","));
const people = new Map(csv("people.csv").map(([id, name, email, aad]) => [id, { id, name, email, aad }]));
const units = new Map(csv("units.csv").map(([id, name, parent]) => [id, { id, name, parent }]));
const assignments = csv("assignments.csv").map(([personId, unitId, role]) => ({ personId, unitId, role }));
const MEMBER_ID = "P000010"; // Daniel Eriksson, the user of `npm run playground`
const unitId = assignments.find((a) => a.personId === MEMBER_ID && a.role === "member").unitId;
const unit = units.get(unitId);
const holder = (u, role) => assignments.find((a) => a.unitId === u && a.role === role)?.personId;
const chefId = holder(unitId, "manager");
const safetyRepId = holder(unitId, "safety_rep");
let hrId;
for (let u = unit; u && !hrId; u = units.get(u.parent)) hrId = holder(u.id, "hr_partner");
const hrArea = units.get(assignments.find((a) => a.personId === hrId && a.role === "hr_partner").unitId);
const shown = [MEMBER_ID, chefId, safetyRepId, hrId];
if (shown.some((id) => !id)) throw new Error(`the demo org lacks a member, chef, skyddsombud or hr-partner for ${unit.name}`);
const members = [...new Set(assignments.filter((a) => a.unitId === unitId && a.role === "member").map((a) => a.personId))];
/** Colleagues who act through Bot Framework activities: the unit's other members. */
const colleagues = members.filter((id) => !shown.includes(id));
const caseSubject = colleagues[0];

// ---- Time: the coming Monday's pulse, then moments after it and after now ----
const monday = comingPulseMonday();
const at = (dt) => dt.toUTC().toISO();
const mondayLocal = DateTime.fromISO(monday.date, { zone: ZONE });
const pulseCloses = mondayLocal.plus({ days: 3 }).set({ hour: 9, second: 10 }); // default: open three days
const roundWindowDays = 14; // the start form's default
const nowLocal = DateTime.now().setZone(ZONE);
/** 09:05 on the first weekday after this moment: cards are delivered in office hours. */
const nextWorkingMorning = (dt) => {
  let day = dt.plus({ days: 1 }).startOf("day");
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.set({ hour: 9, minute: 5 });
};
const roundCloses = nextWorkingMorning(DateTime.max(nowLocal.plus({ days: roundWindowDays }), pulseCloses));
let caseDay = nextWorkingMorning(roundCloses).startOf("day");
if (caseDay.weekday === 1) caseDay = caseDay.plus({ days: 1 }); // not a pulse Monday: one thing at a time
const caseMorning = caseDay.set({ hour: 9, second: 30 });

// ---- Processes and state ----
mkdirSync(shots, { recursive: true });
for (const f of readdirSync(shots)) if (/^\d\d-.*\.png$/.test(f)) rmSync(join(shots, f));
const work = mkdtempSync(join(tmpdir(), "friskpuls-recipes-"));
const env = { ...process.env, NODE_ENV: "development", DATABASE_URL: `file:${join(work, "recipes.db")}`, LOG_LEVEL: "warn", BOT_ID: "" };
const children = [];
const seen = [];
const saved = [];
let browser;
let step = 0;

/** The CLI as a child process; never spawnSync: the connector stand-in here must answer meanwhile. */
function friskpuls(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "bin", "friskpuls.mjs"), ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (process.env.RECIPES_DEBUG) process.stderr.write(stderr);
      if (code === 0) resolve(stdout);
      else reject(new Error(`friskpuls ${args.join(" ")}: exit ${code} ${stderr} ${stdout}`));
    });
  });
}
async function tick(moment) {
  const out = await friskpuls(["tick", "--now", at(moment), "--horizon", "5"]);
  if (process.env.RECIPES_DEBUG) console.log(`tick ${at(moment)}: ${out.trim()}`);
  return out;
}

try {
  await friskpuls(["org", "import", orgDir]);
  const botPort = await freePort();
  const bot = spawn(process.execPath, [join(root, "bin", "friskpuls.mjs"), "serve"], {
    env: { ...env, PORT: String(botPort), SCHEDULER_ENABLED: "false" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(bot);
  const botUrl = `http://127.0.0.1:${botPort}/api/messages`;
  await waitFor(async () => (await fetch(`http://127.0.0.1:${botPort}/readyz`)).ok);
  const connector = await startConnector();

  browser = await launchChromium(chromiumPath);
  // One Playground per person shown, all running: the bot's proactive cards reach each of them.
  const member = await openPlayground(MEMBER_ID, botUrl);
  const chef = await openPlayground(chefId, botUrl);
  const safetyRep = await openPlayground(safetyRepId, botUrl);
  const hr = await openPlayground(hrId, botUrl);
  await shot(member, "welcome", t("welcome.title"));
  await typeMessage(member, "hjälp"); // the commands of your roles, as buttons
  await shot(member, "help", t("help.title"));
  // The colleagues install the bot too (conversationUpdate, as Teams sends it).
  for (const id of colleagues) await postActivity(botUrl, connector, id, { type: "conversationUpdate", membersAdded: [{ id: "28:friskpuls" }] });

  // (a) Pulse: planned for the coming Monday, answered in the member's Playground.
  await tick(DateTime.fromISO(monday.scheduleAt));
  await tick(DateTime.fromISO(monday.pulseAt));
  await shot(member, "pulse-card", t("pulse.questions.self_rated_health"));
  const good = t("pulse.scales.health5.2");
  await clickButton(member, t("pulse.questions.self_rated_health"), good);
  await shot(member, "pulse-answered", t("pulse.card.yourAnswer", { answer: good }));

  // (b) Summary: the colleagues answer through the bot; at closing the chef gets the unit's result.
  let i = 0;
  for (const id of colleagues) {
    const card = connector.lastCard(id, t("pulse.questions.self_rated_health"));
    const data = findAction(card, "pulse.answer");
    await postActivity(botUrl, connector, id, invoke("pulse.answer", { ...data, value: 1 + (i++ % 4) }));
  }
  await tick(pulseCloses);
  // The unit's figures are released: every colleague and Daniel answered (the skyddsombud did not).
  await shot(chef, "summary-chef", t("results.participation", { respondents: colleagues.length + 1, invited: members.length }));
  // Every member who got the pulse hears the unit's figure too ("Så mår vi").
  await shot(member, "summary-member", t("results.member.title", { unit: unit.name }));
  await typeMessage(hr, "resultat");
  await shot(hr, "summary-hr-overview", t("results.overviewTitle", { unit: hrArea.name }));

  // (c) Friskfaktor round: the hr-partner starts it, members rate, chef and skyddsombud agree.
  await typeMessage(hr, "friskfaktorer");
  const startTitle = t("healthFactors.start.title");
  await shot(hr, "round-start-form", startTitle);
  const form = lastCard(hr, startTitle);
  // Only the unit: the form comes with the hr-partner's whole area ticked.
  const boxes = form.getByRole("checkbox");
  for (let b = 0; b < (await boxes.count()); b++) await boxes.nth(b).uncheck();
  await form.getByRole("checkbox", { name: new RegExp(`${unit.name}$`) }).check();
  await clickButton(hr, startTitle, t("healthFactors.start.submit"));
  await shot(hr, "round-started", t("healthFactors.start.started"));
  await tick(pulseCloses.plus({ minutes: 1 })); // hf.announce: the rating card to every member
  const rateTitle = t("healthFactors.rate.title");
  await shot(member, "round-rating-card", rateTitle);
  // One tap per factor: buttons 1–5 and "Vet inte" under each; every tap is saved and the card
  // comes back with the choice marked and "n av 8 klara." until all are done.
  const factorCount = Object.keys(sv.healthFactors.factors).length;
  const daniel = ["4", "3", "5", "2", "dk", "3", "4", "2"];
  for (let s = 0; s < factorCount; s++) {
    const title = daniel[s % daniel.length] === "dk" ? t("healthFactors.scale.dk") : daniel[s % daniel.length];
    const buttons = lastCard(member, rateTitle).getByRole("button", { name: title, exact: true });
    const count = await buttons.count();
    if (count !== factorCount) throw new Error(`the rating card has ${count} buttons "${title}", not one per factor`);
    await buttons.nth(s).click();
    const after = s + 1 < factorCount ? t("healthFactors.rate.progress", { done: s + 1, total: factorCount }) : t("healthFactors.rate.thanks");
    await member.getByText(after).last().waitFor({ timeout: 15_000 });
  }
  await shot(member, "round-rated", t("healthFactors.rate.thanks"));
  i = 0;
  for (const id of colleagues) {
    const data = findAction(connector.lastCard(id, rateTitle), "hf.rate");
    const ratings = Object.fromEntries(Object.keys(sv.healthFactors.factors).map((f, n) => [f, String(1 + ((i + n) % 5))]));
    i++;
    await postActivity(botUrl, connector, id, invoke("hf.rate", { roundId: data.roundId, ...ratings }));
  }
  await tick(roundCloses); // hf.close: the unit's profile to its two parties
  const profileTitle = t("healthFactors.profile.title", { unit: unit.name });
  await shot(chef, "round-profile-chef", profileTitle);
  const factors = Object.values(sv.healthFactors.factors);
  const profile = lastCard(chef, profileTitle);
  const factorBoxes = profile.getByRole("checkbox");
  for (let b = 0; b < (await factorBoxes.count()); b++) await factorBoxes.nth(b).uncheck();
  for (const f of [factors[3], factors[7]]) await profile.getByRole("checkbox", { name: f }).check();
  await clickButton(chef, profileTitle, t("healthFactors.priorities.propose"));
  await shot(chef, "round-proposed", t("healthFactors.priorities.youProposed"));
  await tick(roundCloses.plus({ minutes: 5 })); // the outbox: the proposal to the skyddsombud
  const proposedBy = t("healthFactors.priorities.proposedBy", { name: people.get(chefId).name });
  await shot(safetyRep, "round-proposal-safety-rep", t("healthFactors.priorities.actTitle", { unit: unit.name }));
  await clickButton(safetyRep, proposedBy, t("healthFactors.priorities.confirm"));
  const agreedTitle = t("healthFactors.priorities.agreedTitle", { unit: unit.name });
  await shot(safetyRep, "round-agreed", agreedTitle);
  await tick(roundCloses.plus({ minutes: 10 })); // the chef's card, and the result to every member
  await shot(chef, "round-agreed-chef", agreedTitle);
  await shot(member, "round-result-member", t("healthFactors.result.title", { unit: unit.name }));
  // One activity on the chef's unit card, for the agreed SAM factor. The Playground's date field is a
  // Fluent date picker that also takes typed text (parsed by the browser's Date.parse; Tab commits it).
  const activity = { what: "Gå igenom riskbedömningen på nästa APT", owner: people.get(chefId).name };
  const agreedCard = lastCard(chef, agreedTitle);
  await agreedCard.getByRole("radio", { name: factors[3] }).check();
  await agreedCard.getByLabel(t("healthFactors.activities.what")).first().fill(activity.what);
  await agreedCard.getByLabel(t("healthFactors.activities.owner")).first().fill(activity.owner);
  const due = agreedCard.getByLabel(t("healthFactors.activities.due")).first();
  await due.fill(`${roundCloses.plus({ days: 30 }).toISODate()}T12:00`);
  await due.press("Tab");
  await chef.keyboard.press("Escape").catch(() => {}); // the calendar, if it opened
  await clickButton(chef, agreedTitle, t("healthFactors.activities.add"));
  await chef.getByText(t("healthFactors.activities.added")).last().waitFor({ timeout: 15_000 });
  // The activity's line: "• {what} – {owner}, klart {due} ({factor})", with "Planerad" and its buttons.
  await shot(chef, "round-activity-added", `${activity.what} – ${activity.owner}`);
  await tick(roundCloses.plus({ minutes: 15 })); // from the day after the first activity: the members hear them
  await shot(member, "round-activities-member", t("healthFactors.result.activitiesIntro"));

  // (d) A case: four sick-leave occasions in the last twelve months open an omtankessamtal case.
  const absencesFile = join(work, "absences.csv");
  const days = [20, 75, 140, 230].map((d) => caseDay.minus({ days: d }).toISODate());
  writeFileSync(absencesFile, ["person_id,first_day,last_day", ...days.map((d) => `${caseSubject},${d},${d}`)].join("\n") + "\n");
  await friskpuls(["absences", "import", absencesFile, "--now", at(caseDay.set({ hour: 7 }))]);
  await tick(caseMorning); // nudges.detect opens the case, nudges.digest sends the chef's card
  const caseHeadline = t("nudges.signals.shortSickLeave.headline", { name: people.get(caseSubject).name });
  await shot(chef, "case-card", caseHeadline);
  const digestTitle = t("nudges.digest.title");
  // The step: the talk has been held. ("Planera" opens a date picker; "Inte aktuellt" asks for a reason.)
  await clickButton(chef, digestTitle, t("nudges.actions.done"));
  await shot(chef, "case-done", t("nudges.status.done"));
  await typeMessage(chef, "ärenden");
  await shot(chef, "case-list", t("nudges.list.none")); // the only case is done: none open

  console.log(`RECIPES ${JSON.stringify({ shots: saved, seen, seconds: Math.round((Date.now() - started) / 1000) })}`);
  console.log(`screenshots in ${shots}`);
} catch (error) {
  // What the pages showed when it went wrong, for whoever reads the failure.
  for (const [n, page] of (browser?.contexts() ?? []).flatMap((c) => c.pages()).entries())
    await page
      .screenshot({ path: join(tmpdir(), `friskpuls-recipes-failed-${n}.png`) })
      .then(() => console.error(`what page ${n} showed: ${join(tmpdir(), `friskpuls-recipes-failed-${n}.png`)}`))
      .catch(() => {});
  throw error;
} finally {
  await browser?.close().catch(() => {});
  for (const child of children.reverse()) child.kill("SIGTERM");
  if (!process.env.RECIPES_DEBUG) rmSync(work, { recursive: true, force: true });
}

// ---- The Playground, one per person ----
async function openPlayground(personId, botUrl) {
  const me = people.get(personId);
  const others = ["P000004", "P000003", "P000011", "P000012", "P000001", "P000010"].filter((id) => id !== personId).slice(0, 5);
  const user = (p, id) => {
    const [givenName, ...rest] = p.name.split(" ");
    return [
      `  id: ${id}`,
      `  name: ${p.name}`,
      `  userPrincipleName: ${p.email}`,
      `  aadObjectId: ${p.aad}`,
      `  givenName: ${givenName}`,
      `  surname: ${rest.join(" ")}`,
      `  email: ${p.email}`,
    ];
  };
  const dir = join(work, `playground-${personId}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, ".m365agentsplayground.yml"),
    [
      'version: "0.1.1"',
      "tenantId: 00000000-0000-0000-0000-0000000000001",
      "bot:",
      "  id: 00000000-0000-0000-0000-00000000000011",
      "  name: Friskpuls",
      "currentUser:",
      ...user(me, "user-id-0"),
      "users:",
      ...others.flatMap((id, n) => user(people.get(id), `user-id-${n + 1}`).map((l, k) => (k === 0 ? `  -${l.slice(1)}` : `  ${l}`))),
      "personalChat:",
      `  id: personal-chat-${personId}`,
      "groupChat:",
      "  id: group-chat-id",
      "  name: Group Chat",
      "team:",
      "  id: team-id",
      "  name: My Team",
      "  aadGroupId: 00000000-0000-0000-0000-000000000031",
      "  channels:",
      "    - id: channel-general-id",
      "      name: General",
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const cli = createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/cli.js");
  const child = spawn(process.execPath, [cli, "-e", botUrl, "-c", "msteams", "-p", String(port), "--disable-telemetry"], {
    cwd: dir,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none", M365_AGENTS_PLAYGROUND_LOGFILE: join(dir, "playground.log") },
    stdio: ["ignore", process.env.RECIPES_DEBUG ? "inherit" : "ignore", process.env.RECIPES_DEBUG ? "inherit" : "ignore"],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => (await fetch(`${url}/_internal/v1/config`)).ok,
    30_000,
    () => readFileSync(join(dir, "playground.log"), "utf8"),
  );
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  // Install in personal scope, as Teams does when the user adds the app.
  const config = await (await fetch(`${url}/_internal/v1/config`)).json();
  const chatId = config.config.personalChat.id;
  const template = await (await fetch(`${url}/_internal/v1/customActivities/template?conversationId=${chatId}&type=botAdded`)).json();
  await fetch(`${url}/_internal/v1/customActivities`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(template) });
  await page.getByText(t("welcome.title")).first().waitFor({ timeout: 30_000 });
  // The Playground's log panel takes a third of the window: closed for the pictures.
  await page
    .getByText("Log Panel", { exact: true })
    .locator("..")
    .getByRole("button")
    .last()
    .click({ timeout: 2_000 })
    .catch(() => {});
  page.person = me;
  return page;
}

/** The newest message in the chat that holds this text. */
function lastCard(page, text) {
  return page.locator(".ac-adaptiveCard").filter({ hasText: text }).last();
}

async function shot(page, name, text) {
  const target = page.getByText(text).last();
  await target.waitFor({ timeout: 30_000 });
  // The card's top at the top of the chat (a short card at the end stays above the message box).
  await target.evaluate((el) => {
    const card = el.closest(".ac-adaptiveCard") ?? el;
    const depth = el.getBoundingClientRect().top - card.getBoundingClientRect().top;
    if (depth < 550) card.scrollIntoView({ block: "start" });
    else el.scrollIntoView({ block: "center" }); // far down a tall card: the text in the middle
  });
  await page.waitForTimeout(200);
  const file = `${String(++step).padStart(2, "0")}-${name}.png`;
  await page.screenshot({ path: join(shots, file) });
  saved.push(file);
  seen.push({ shot: file, as: page.person.name, text });
  console.log(`${file}: ${page.person.name} sees "${text}" (${Math.round((Date.now() - started) / 1000)} s)`);
}

async function clickButton(page, cardText, title) {
  await lastCard(page, cardText).getByRole("button", { name: title, exact: true }).first().click();
}

async function typeMessage(page, text) {
  const box = page.getByRole("textbox").last();
  await box.fill(text);
  await box.press("Enter");
}

// ---- Colleagues: Bot Framework activities to the bot, its messages to a connector stand-in ----
function invoke(verb, data) {
  return { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data: { verb, ...data } }, trigger: "manual" } };
}

async function postActivity(botUrl, connector, personId, activity) {
  const p = people.get(personId);
  const res = await fetch(botUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: `f:${randomUUID()}`,
      timestamp: new Date().toISOString(),
      serviceUrl: connector.url,
      channelId: "msteams",
      from: { id: `29:${personId}`, name: p.name, aadObjectId: p.aad },
      conversation: { conversationType: "personal", tenantId: "00000000-0000-0000-0000-0000000000001", id: `a:${personId}` },
      recipient: { id: "28:friskpuls", name: "Friskpuls" },
      channelData: { tenant: { id: "00000000-0000-0000-0000-0000000000001" } },
      locale: "sv-SE",
      ...activity,
    }),
  });
  if (!res.ok) throw new Error(`the bot answered ${res.status} to ${personId}'s ${activity.type}`);
}

function startConnector() {
  const cards = new Map(); // conversation id → cards received
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? "");
      if (match && body) {
        const activity = JSON.parse(body);
        const id = decodeURIComponent(match[1]);
        for (const a of activity.attachments ?? []) cards.set(id, [...(cards.get(id) ?? []), a.content]);
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      children.push({ kill: () => server.close() });
      resolve({
        url: `http://127.0.0.1:${server.address().port}/`,
        lastCard(personId, text) {
          const card = (cards.get(`a:${personId}`) ?? []).findLast((c) => JSON.stringify(c).includes(JSON.stringify(text).slice(1, -1)));
          if (!card) throw new Error(`${personId} got no card with "${text}"`);
          return card;
        },
      });
    }),
  );
}

/** The data of the first action with this verb anywhere in a card. */
function findAction(card, verb) {
  let found;
  JSON.stringify(card, (k, v) => {
    if (!found && v && typeof v === "object" && v.verb === verb && v.data) found = v.data;
    return v;
  });
  if (!found) throw new Error(`no ${verb} action in the card`);
  const { verb: _v, ...data } = found;
  return data;
}
