// Early-signal cases end to end with the demo org: `friskpuls absences import` as a child process,
// ticks at given moments in process (tickInProcess), the bot over /api/messages and the fake connector.
// Expected cases are computed here from the CSV files, independently of src/.
// Time: Monday 2026-11-23 (Europe/Stockholm, UTC+1) onwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, cardAction, message, teamsUser, type TeamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { ORG_DEMO_DIR, readDemoCsv, readOrgDir } from "../harness/org-files.js";
import { manualClock } from "../harness/tick-cli.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { importOrg } from "../../src/domain/org/import/import-org.js";
import { fixedClock } from "../../src/clock.js";
import { PROJECT_ROOT } from "../../src/project-root.js";

const run = promisify(execFile);
const assignments = readDemoCsv("assignments.csv").map(([personId, unitId, role]) => ({ personId: personId!, unitId: unitId!, role: role! }));
const parentOf = new Map(readDemoCsv("units.csv").map(([id, , parent]) => [id!, parent || null]));
const nameOf = new Map(readDemoCsv("people.csv").map(([id, name]) => [id!, name!]));
const emailOf = new Map(readDemoCsv("people.csv").map(([id, , email]) => [id!, email!]));
const absences = readDemoCsv("absences.csv").map(([personId, firstDay, lastDay]) => ({ personId: personId!, firstDay: firstDay!, lastDay: lastDay! }));

/** The person's manager, as DESIGN.md says: nearest unit up with a manager who is not the person. */
function expectedManager(personId: string): string {
  const units = assignments
    .filter((a) => a.personId === personId)
    .map((a) => a.unitId)
    .sort();
  for (let at: string | null = units[0]!; at; at = parentOf.get(at) ?? null) {
    const m = assignments
      .filter((a) => a.unitId === at && a.role === "manager" && a.personId !== personId)
      .map((a) => a.personId)
      .sort();
    if (m.length > 0) return m[0]!;
  }
  throw new Error(`no manager for ${personId}`);
}

// More than 3 occasions starting in the 12 months up to Monday 2026-11-23; rows that overlap or
// follow on the next day are one occasion.
const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const perPerson = new Map<string, number>();
for (const personId of new Set(absences.map((a) => a.personId))) {
  const rows = absences.filter((a) => a.personId === personId).sort((a, b) => a.firstDay.localeCompare(b.firstDay));
  let reach = "";
  for (const r of rows) {
    if ((!reach || r.firstDay > dayAfter(reach)) && r.firstDay > "2025-11-23" && r.firstDay <= "2026-11-23")
      perPerson.set(personId, (perPerson.get(personId) ?? 0) + 1);
    if (r.lastDay > reach) reach = r.lastDay;
  }
}
const subjects = [...perPerson]
  .filter(([, n]) => n > 3)
  .map(([p]) => p)
  .sort();
const ownerOf = new Map(subjects.map((p) => [p, expectedManager(p)]));
const owners = [...new Set(ownerOf.values())].sort();

const clock = manualClock("2026-11-23T06:30:00Z");
let app: TestApp;
const users = new Map<string, TeamsUser>();
const dir = mkdtempSync(join(tmpdir(), "friskpuls-absences-"));

async function tick(iso: string) {
  clock.set(iso);
  return tickInProcess(app.databaseUrl, iso);
}
async function importAbsences(file: string, now: string) {
  return run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), "absences", "import", file, "--now", now, "--json"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: app.databaseUrl, LOG_LEVEL: "info" },
  });
}
async function install(personId: string) {
  const person = await app.db.person.findUniqueOrThrow({ where: { id: personId } });
  const user = teamsUser({ aadObjectId: person.aadObjectId!, name: person.displayName });
  await app.post(botAdded(user, app.serviceUrl));
  users.set(personId, user);
}
/** Case cards a person received (POSTs). */
const caseCards = (personId: string) =>
  app.connector.sent
    .filter((s) => s.method === "POST" && s.conversationId === users.get(personId)!.conversationId)
    .flatMap((s) => (s.activity.attachments ?? []).map((a: { content: Record<string, any> }) => a.content))
    .filter((c) => /Tidiga signaler|Early signals/.test(cardText(c)));
const casesOf = (ownerId: string) => app.db.nudgeCase.findMany({ where: { ownerId }, orderBy: { openedAt: "asc" } });
const act = async (personId: string, verb: string, data: Record<string, unknown>) => {
  const res = await app.post(cardAction(users.get(personId)!, app.serviceUrl, verb, { verb, ...data }));
  expect(res.status).toBe(200);
  return res.body.value as Record<string, any>;
};

beforeAll(async () => {
  app = await startTestApp({ clock, env: { SCHEDULER_ENABLED: "false" } });
  const imported = await importOrg(app.db, readOrgDir(ORG_DEMO_DIR), { source: "test", clock: fixedClock("2026-11-20T08:00:00Z") });
  expect(imported.status).toBe("applied");
  for (const id of new Set([...owners, ...subjects, "P000002", "P000003", "P000020", "P000060"])) await install(id);
}, 60_000);

afterAll(async () => app?.stop());

describe("early-signal cases", () => {
  it("the demo data has people over the threshold under more than one manager (the test means something)", () => {
    expect(subjects.length).toBeGreaterThanOrEqual(3);
    expect(owners.length).toBeGreaterThanOrEqual(2);
  });

  it("imports the absences and, before 08, opens one case per person for their own manager but sends nothing", async () => {
    const { stdout, stderr } = await importAbsences(join(ORG_DEMO_DIR, "absences.csv"), "2026-11-23T06:30:00Z");
    expect(JSON.parse(stdout).status).toBe("applied");
    // Sick-leave data never reaches the log: no person id or date of the file.
    for (const a of absences) expect(stderr).not.toContain(a.firstDay);
    for (const p of subjects) expect(stderr).not.toContain(p);

    const result = await tick("2026-11-23T06:30:00Z");
    expect(result.jobs["nudges.detect"]).toMatchObject({ sickLeaveOpened: subjects.length });
    expect(result.jobs["nudges.digest"]).toMatchObject({ digests: 0 });
    const cases = await app.db.nudgeCase.findMany();
    expect(cases.map((c) => [c.subjectPersonId, c.ownerId, c.signal, c.status]).sort()).toEqual(
      subjects.map((p) => [p, ownerOf.get(p), "short_sick_leave", "open"]).sort(),
    );
    for (const o of owners) expect(caseCards(o)).toHaveLength(0);
  }, 240_000);

  it("at 09:00 each manager gets exactly one card gathering all their cases, naming people but no dates", async () => {
    const result = await tick("2026-11-23T08:00:30Z");
    expect(result.jobs["nudges.digest"]).toMatchObject({ digests: owners.length });
    for (const o of owners) {
      const cards = caseCards(o);
      expect(cards).toHaveLength(1);
      const text = cardText(cards[0]!);
      const mine = subjects.filter((p) => ownerOf.get(p) === o);
      for (const p of mine) expect(text).toContain(`Omtankessamtal: ${nameOf.get(p)}`);
      expect(text).toContain(mine.length === 1 ? "Friskpuls har sett 1 ny sak " : `Friskpuls har sett ${mine.length} nya saker `);
      // A chat with each person, by the e-mail of the org export (Teams deep link).
      const links = JSON.stringify(cards[0]);
      for (const p of mine) expect(links).toContain(`"url":"https://teams.microsoft.com/l/chat/0/0?users=${emailOf.get(p)}"`);
      for (const p of subjects.filter((s) => ownerOf.get(s) !== o)) expect(text).not.toContain(nameOf.get(p)!);
      expect(text).toContain("fler än 3 sjukfrånvarotillfällen de senaste 12 månaderna");
      expect(text).not.toMatch(/20\d\d-\d\d-\d\d/);
      expect(validateAdaptiveCard(cards[0]!)).toEqual([]);
      // Who was shown which case is audited (issue 20), one event per case on the card.
      const views = await app.db.auditEvent.findMany({ where: { actorId: o, action: "case.view" } });
      expect(views.map((v) => v.subjectId).sort()).toEqual((await casesOf(o)).map((c) => c.id).sort());
      expect(views.every((v) => JSON.parse(v.detail).via === "proactive")).toBe(true);
    }
    expect(caseCards("P000002")).toHaveLength(0); // the HR partner: nothing yet
  }, 240_000);

  it("re-importing and re-ticking creates no duplicate case and no second card", async () => {
    const { stdout } = await importAbsences(join(ORG_DEMO_DIR, "absences.csv"), "2026-11-23T09:00:00Z");
    expect(JSON.parse(stdout)).toMatchObject({ status: "unchanged", summary: { created: 0, updated: 0 } });
    const before = await app.db.nudgeCase.count();
    const result = await tick("2026-11-23T09:00:00Z");
    expect(result.jobs["nudges.detect"]).toMatchObject({ sickLeaveOpened: 0 });
    await tick("2026-11-23T09:30:00Z");
    expect(await app.db.nudgeCase.count()).toBe(before);
    for (const o of owners) expect(caseCards(o)).toHaveLength(1);
  }, 240_000);

  it("a manager who is the subject never gets their own case: their own manager does", async () => {
    const chef = owners[0]!;
    const file = join(dir, "chef.csv");
    writeFileSync(
      file,
      ["person_id,first_day,last_day", ...["2026-02-02", "2026-04-06", "2026-06-08", "2026-09-14"].map((d) => `${chef},${d},${d}`)].join("\n"),
    );
    await importAbsences(file, "2026-11-23T10:00:00Z");
    await tick("2026-11-23T10:00:00Z");
    const theirCase = await app.db.nudgeCase.findFirstOrThrow({ where: { subjectPersonId: chef } });
    expect(theirCase.ownerId).toBe(expectedManager(chef));
    expect(theirCase.ownerId).not.toBe(chef);
    if (!users.has(theirCase.ownerId)) return;
    expect(caseCards(theirCase.ownerId).map(cardText).join("\n")).toContain(nameOf.get(chef)!);
  }, 240_000);

  it("a contact request reaches the manager without answers — on the next day, as today's card has gone", async () => {
    const pulse = await app.db.pulse.findFirstOrThrow();
    const member = subjects.find((p) => ownerOf.get(p) === owners[0])!;
    const person = await app.db.person.findUniqueOrThrow({ where: { id: member } });
    const memberUser = users.get(member)!;
    for (const value of [1, 5]) {
      await app.post(
        cardAction(memberUser, app.serviceUrl, "pulse.answer", { verb: "pulse.answer", pulseId: pulse.id, questionId: "self_rated_health", value }),
      );
    }
    await app.post(cardAction(memberUser, app.serviceUrl, "pulse.contact", { verb: "pulse.contact", pulseId: pulse.id, wanted: true }));
    expect(await app.db.contactRequest.count({ where: { personId: person.id } })).toBe(1);

    const sameDay = await tick("2026-11-23T13:00:00Z");
    expect(sameDay.jobs["nudges.detect"]).toMatchObject({ contactOpened: 1 });
    expect(sameDay.jobs["nudges.digest"]).toMatchObject({ digests: 0, waiting: 1 });
    expect(caseCards(owners[0]!)).toHaveLength(1);
    // Once a case holds the request, taking it back on the card changes nothing, and the card says so.
    const withdrawn = await app.post(cardAction(memberUser, app.serviceUrl, "pulse.contact", { verb: "pulse.contact", pulseId: pulse.id, wanted: false }));
    expect(cardText(withdrawn.body.value)).toContain("Din chef får veta att du vill bli kontaktad");
    // …and when: the chef's card for today went at 09:00, so on the next working morning.
    expect(cardText(withdrawn.body.value)).toContain("Din chef får veta det tisdag 24 november från kl. 08:00.");
    expect(await app.db.contactRequest.count({ where: { personId: person.id, caseId: { not: null } } })).toBe(1);

    const nextDay = await tick("2026-11-24T07:05:00Z"); // Tuesday 08:05
    expect(nextDay.jobs["nudges.digest"]).toMatchObject({ digests: 1 });
    const cards = caseCards(owners[0]!);
    expect(cards).toHaveLength(2);
    const text = cardText(cards[1]!);
    expect(text).toContain(`${nameOf.get(member)} vill att du hör av dig`);
    expect(text).not.toMatch(/Mycket dåligt|Mycket bra|\b[15]\b av|svarade/); // nothing of the answers
    expect(text).not.toContain("Omtankessamtal"); // only the new case
  }, 240_000);

  it("the manager marks cases planned, done and not relevant from the card; forged and wrong input change nothing", async () => {
    const chef = owners[0]!;
    const cases = (await casesOf(chef)).filter((c) => c.signal === "short_sick_leave");
    expect(cases.length).toBeGreaterThanOrEqual(3);
    const ids = cases.map((c) => c.id);
    const [planned, done, dismissed] = cases;

    const plannedCard = await act(chef, "nudge.plan", { caseId: planned!.id, slot: 0, caseIds: ids, plannedFor_0: "2026-11-27" });
    expect(cardText(plannedCard)).toContain("Sparat: planerat.");
    expect(cardText(plannedCard)).toContain("Planerat 27 nov. 2026");
    expect(validateAdaptiveCard(plannedCard)).toEqual([]);
    expect(cardText(await act(chef, "nudge.done", { caseId: done!.id, caseIds: ids }))).toContain("Genomfört – tack!");
    expect(cardText(await act(chef, "nudge.dismiss", { caseId: dismissed!.id, slot: 2, caseIds: ids, reason_2: "known_cause" }))).toContain(
      "Inte aktuellt: Känd orsak",
    );

    const snapshot = async () => (await app.db.nudgeCase.findMany({ orderBy: { id: "asc" } })).map(({ updatedAt: _u, ...c }) => c);
    const before = await snapshot();
    const other = owners[1]!;
    const forged: [string, string, Record<string, unknown>, RegExp][] = [
      [other, "nudge.done", { caseId: cases[3]?.id ?? planned!.id, caseIds: ids }, /inte ditt/],
      [other, "nudge.plan", { caseId: planned!.id, slot: 0, caseIds: ids, plannedFor_0: "2026-12-01" }, /inte ditt/],
      ["P000020", "nudge.done", { caseId: planned!.id, caseIds: ids }, /inte ditt/],
      [chef, "nudge.plan", { caseId: planned!.id, slot: 0, caseIds: ids, plannedFor_0: "2026-11-01" }, /Välj ett datum/],
      [chef, "nudge.plan", { caseId: planned!.id, slot: 0, caseIds: ids, plannedFor_0: "i morgon" }, /Välj ett datum/],
      [chef, "nudge.dismiss", { caseId: planned!.id, slot: 0, caseIds: ids, reason_0: "han är lat" }, /Välj ett av skälen/],
      [chef, "nudge.done", { caseId: done!.id, caseIds: ids }, /redan stängt/],
      [chef, "nudge.done", { caseId: "7f1b9c2e-3d4a-4b5c-8d6e-9f0a1b2c3d4e", caseIds: ids }, /finns inte/],
      [chef, "nudge.done", { caseId: planned!.id, caseIds: ids, personId: "P000001" }, /inte går att tolka/],
    ];
    for (const [who, verb, data, expected] of forged) expect(cardText(await act(who, verb, data)), `${who} ${verb} ${JSON.stringify(data)}`).toMatch(expected);
    expect(await snapshot()).toEqual(before);
  }, 240_000);

  it("`ärenden` lists the manager's open cases; a member has no such command", async () => {
    const chef = owners[0]!;
    const before = app.connector.sent.length;
    await app.post(message(users.get(chef)!, app.serviceUrl, "ärenden"));
    const text = app.connector.sent
      .slice(before)
      .map((s) => cardText(s.activity.attachments?.[0]?.content ?? {}))
      .join("\n");
    expect(text).toContain("Dina öppna ärenden");
    const open = (await casesOf(chef)).filter((c) => c.status === "open" || c.status === "planned");
    expect(open.length).toBeGreaterThan(0);
    expect((text.match(/^(Omtankessamtal|.* vill att du hör av dig)/gm) ?? []).length).toBe(open.length);
    expect(text).not.toContain("Genomfört – tack!");

    const memberBefore = app.connector.sent.length;
    await app.post(message(users.get("P000020")!, app.serviceUrl, "ärenden"));
    const reply = app.connector.sent
      .slice(memberBefore)
      .map((s) => cardText(s.activity.attachments?.[0]?.content ?? {}) + (s.activity.text ?? ""))
      .join("\n");
    expect(reply).not.toContain("Dina öppna ärenden");
    for (const p of subjects) expect(reply).not.toContain(nameOf.get(p)!);
  });

  it("escalates once to the HR partner a case neither planned nor done after 14 days — not at the weekend", async () => {
    const chef = owners[0]!;
    const stillOpen = (await casesOf(chef)).filter((c) => c.status === "open" && c.signal === "short_sick_leave");
    expect(stillOpen.length).toBeGreaterThan(0);
    // Saturday 2026-12-05: past 14 days for nothing yet (opened Monday 11-23: due Monday 12-07).
    expect((await tick("2026-12-05T10:00:00Z")).jobs["nudges.digest"]).toMatchObject({ digests: 0 });
    // Monday 12-07 07:30 local: due, but before office hours.
    expect((await tick("2026-12-07T06:30:00Z")).jobs["nudges.digest"]).toMatchObject({ digests: 0 });
    const hrBefore = caseCards("P000002").length;
    await tick("2026-12-07T08:00:30Z");
    const hrCards = caseCards("P000002");
    expect(hrCards).toHaveLength(hrBefore + 1);
    const text = cardText(hrCards.at(-1)!);
    expect(text).toContain("Inte hanterade på 14 dagar");
    for (const c of stillOpen) expect(text).toContain(`Omtankessamtal: ${nameOf.get(c.subjectPersonId!)}`);
    // The planned one, the done one and the dismissed one are not escalated.
    const handled = (await casesOf(chef)).filter((c) => c.status !== "open" && c.signal === "short_sick_leave");
    for (const c of handled) expect(text).not.toContain(nameOf.get(c.subjectPersonId!)!);
    for (const c of stillOpen) expect((await app.db.nudgeCase.findUniqueOrThrow({ where: { id: c.id } })).escalatedAt).not.toBeNull();

    // Once: the next day brings only the cases that became due since (opened later on 11-23).
    await tick("2026-12-08T08:00:30Z");
    const later = caseCards("P000002")
      .slice(hrBefore + 1)
      .map(cardText)
      .join("\n");
    for (const c of stillOpen) expect(later).not.toContain(nameOf.get(c.subjectPersonId!)!);
    await tick("2026-12-09T08:00:30Z");
    expect(caseCards("P000002").length).toBeLessThanOrEqual(hrBefore + 2);
  }, 240_000);

  it("old occasions are deleted after 13 months by the daily retention", async () => {
    const total = await app.db.absence.count();
    const result = await tick("2027-12-08T08:00:30Z");
    expect(result.jobs["absences.retention"].deleted).toBeGreaterThan(0);
    expect(await app.db.absence.count()).toBe(total - result.jobs["absences.retention"].deleted);
    expect(await app.db.absence.count({ where: { lastDay: { lt: "2026-11-08" } } })).toBe(0);
  }, 240_000);
});
