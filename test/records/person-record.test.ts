// The register extract and the decided erasure, on SQLite and PostgreSQL: several people answer
// the same pulses and round; an extract holds exactly one person's data, their answers found
// through the key; erasure removes them and leaves the released figures as they were.
import { afterEach, describe, expect, it } from "vitest";
import { testDatabaseFactories, type TestDatabase } from "../harness/databases.js";
import { collectPersonRecord, countAnswersNotFound } from "../../src/domain/records/person-record.js";
import { exportPersonRecord } from "../../src/domain/records/export-person.js";
import { erasePerson } from "../../src/domain/records/erase-person.js";
import { findDataSubject } from "../../src/domain/records/find-data-subject.js";
import { renderPersonRecord } from "../../src/domain/records/render-person-record.js";
import { DEFAULT_RETENTION } from "../../src/domain/records/retention-policy.js";
import { deriveAnswerToken } from "../../src/domain/pulse/answer-token.js";
import { buildSickLeaveCells } from "../../src/domain/aggregates/build-sick-leave-cells.js";
import { DateTime } from "luxon";
import { buildPulseCells } from "../../src/domain/aggregates/build-pulse-cells.js";
import { buildRoundCells } from "../../src/domain/aggregates/build-round-cells.js";
import { recordPulseAnswer } from "../../src/domain/pulse/record-answer.js";
import { recordRatings } from "../../src/domain/health-factors/record-ratings.js";
import { FACTOR_IDS, type FactorId, type Rating } from "../../src/domain/health-factors/catalogue.js";
import { ANSWERS, K, MANAGER, MEMBERS, QUESTIONS, RATINGS, SECRET, emailOf, nameOf, seedRecords, seedSickLeaveSnapshots } from "./seed-records.js";

const NOW = new Date(Date.now() - (Date.now() % 60_000));

describe.each(testDatabaseFactories())("register extract and erasure (%s)", (_name, createDb) => {
  let d: TestDatabase;
  afterEach(async () => d?.cleanup());

  it("holds exactly one person's data: their own answers and ratings through the key, nobody else's", async () => {
    d = await createDb();
    const s = await seedRecords(d.db, NOW);
    for (const personId of MEMBERS) {
      const record = (await collectPersonRecord(d.db, SECRET, personId, NOW))!;
      expect(record.person).toMatchObject({ id: personId, displayName: nameOf(personId), email: emailOf(personId) });
      expect(record.assignments.map((a) => [a.unitId, a.role])).toEqual([["U1", "member"]]);
      // Both pulses, each with this person's own values, counted in the unit of their snapshot.
      expect(record.pulses.map((p) => p.pulseId)).toEqual([s.firstPulse, s.secondPulse]);
      for (const [i, pulse] of record.pulses.entries()) {
        const expected = ANSWERS[personId]![i === 0 ? "first" : "second"];
        expect(pulse.answers).toEqual(QUESTIONS.map((questionId, q) => ({ questionId, value: expected[q], unitIds: ["U1"] })));
        expect(pulse.recipient).toEqual({ unitIds: ["U1"], answered: true, reminded: false });
        expect(pulse.questionsAnswered).toEqual([...QUESTIONS].sort());
      }
      expect(record.rounds).toHaveLength(1);
      expect(record.rounds[0]!.ratings).toHaveLength(8);
      expect(new Set(record.rounds[0]!.ratings.map((r) => r.value))).toEqual(new Set([RATINGS[personId]]));
      // Nothing of anyone else: no other person's id, name or e-mail anywhere in the extract.
      const json = JSON.stringify(record);
      for (const other of [...MEMBERS, MANAGER].filter((id) => id !== personId)) {
        expect(json).not.toContain(other);
        expect(json).not.toContain(nameOf(other));
        expect(json).not.toContain(emailOf(other));
      }
    }
    const anna = (await collectPersonRecord(d.db, SECRET, "P-anna", NOW))!;
    expect(anna.absences.map((a) => a.firstDay)).toEqual(["2025-06-02", "2026-03-02"]);
    expect(anna.cases).toEqual([expect.objectContaining({ id: s.annaCase, signal: "short_sick_leave", status: "planned" })]);
    expect(anna.contactRequests).toEqual([expect.objectContaining({ sourceRef: `pulse:${s.secondPulse}` })]);
    // The manager's change to her case is about her; the change to Bo's case is not in her extract.
    expect(anna.audit).toEqual([expect.objectContaining({ action: "case.status", role: "subject", subjectType: "case", subjectId: s.annaCase })]);
    expect(JSON.stringify(anna)).not.toContain(s.boCase);
  });

  it("finds answers only with the key: another key finds none, and answer rows hold no person id", async () => {
    d = await createDb();
    const s = await seedRecords(d.db, NOW);
    const withOtherKey = (await collectPersonRecord(d.db, "another-key-entirely-0123456789-abcdef", "P-anna", NOW))!;
    expect(withOtherKey.pulses.flatMap((p) => p.answers)).toEqual([]);
    // …which the CLI notices: she answered both pulses, yet nothing is found under that key.
    expect(countAnswersNotFound(withOtherKey, new Date(NOW.getTime() - 365 * 86_400_000))).toBe(2);
    expect(countAnswersNotFound((await collectPersonRecord(d.db, SECRET, "P-anna", NOW))!, new Date(0))).toBe(0);
    expect(withOtherKey.rounds.flatMap((r) => r.ratings)).toEqual([]);
    const rows = await d.db.pulseAnswer.findMany({ where: { pulseId: s.firstPulse } });
    expect(rows).toHaveLength(MEMBERS.length * QUESTIONS.length);
    // No person's id in any column (a base64url answer token may hold "P-" by chance: look for the ids themselves).
    for (const row of rows) for (const personId of [...MEMBERS, MANAGER]) expect(Object.values(row).join("|")).not.toContain(personId);
    // The rows the extract shows are exactly those under Anna's token.
    const annaRows = rows.filter((r) => r.token === deriveAnswerToken(SECRET, s.firstPulse, "P-anna"));
    expect(annaRows.map((r) => r.value).sort()).toEqual([...ANSWERS["P-anna"]!.first].sort());
  });

  it("shows the manager their own actions without naming the people their cases are about", async () => {
    d = await createDb();
    const s = await seedRecords(d.db, NOW);
    const maria = (await collectPersonRecord(d.db, SECRET, MANAGER, NOW))!;
    expect(maria.pulses).toEqual([]);
    expect(maria.cases).toEqual([]);
    expect(maria.actions.roundsStarted).toEqual([expect.objectContaining({ roundId: s.roundId, rootUnitId: "U1" })]);
    expect(maria.audit.map((e) => [e.action, e.role, e.subjectType, e.subjectId]).sort()).toEqual([
      ["aggregate.unitSummary", "actor", "unit", "U1"],
      ["case.status", "actor", "case", null],
      ["case.status", "actor", "case", null],
    ]);
    expect(JSON.stringify(maria)).not.toContain(s.annaCase);
  });

  it("finds the person by e-mail, refuses an e-mail two people share, and audits every extract", async () => {
    d = await createDb();
    await seedRecords(d.db, NOW);
    expect(await findDataSubject(d.db, "ANNA@exempelkommun.se")).toEqual({ ok: true, personId: "P-anna" });
    expect(await findDataSubject(d.db, "nobody@exempelkommun.se")).toEqual({ ok: false, reason: "notFound" });
    await d.db.person.update({ where: { id: "P-bo" }, data: { email: emailOf("P-anna") } });
    expect(await findDataSubject(d.db, emailOf("P-anna"))).toEqual({ ok: false, reason: "ambiguous" });

    await exportPersonRecord(d.db, SECRET, {
      personId: "P-anna",
      now: NOW,
      actorId: null,
      via: "cli",
      operator: "dso",
      reference: "KS 2026/17",
      formats: ["json", "markdown"],
    });
    const events = await d.db.auditEvent.findMany({ where: { action: "person.export" } });
    expect(events).toEqual([expect.objectContaining({ actorId: null, subjectType: "person", subjectId: "P-anna" })]);
    expect(JSON.parse(events[0]!.detail)).toEqual({ via: "cli", formats: ["json", "markdown"], operator: "dso", reference: "KS 2026/17" });
    // The next extract lists that export among the events about her.
    const again = (await collectPersonRecord(d.db, SECRET, "P-anna", NOW))!;
    expect(again.audit.map((e) => e.action)).toContain("person.export");
  });

  it("erases the person and their pseudonymous answers; everyone else's data and the released figures stay as they were", async () => {
    d = await createDb();
    const s = await seedRecords(d.db, NOW);
    const cellsBefore = await readCells(d);
    expect(cellsBefore.pulse.filter((c) => c.released).length).toBeGreaterThan(0);
    const others = await Promise.all(MEMBERS.filter((p) => p !== "P-anna").map((p) => collectPersonRecord(d.db, SECRET, p, NOW)));
    const answersBefore = await d.db.pulseAnswer.count();

    const result = await erasePerson(d.db, SECRET, { personId: "P-anna", now: NOW, reason: "export_error", reference: "KS 2026/18", operator: "dso" });
    expect(result).toMatchObject({
      ok: true,
      wasActive: true,
      counts: {
        answers: 4,
        ratings: 8,
        pulseRecipients: 2,
        pulseParticipation: 4,
        roundRecipients: 1,
        absences: 2,
        contactRequests: 1,
        cases: 1,
        assignments: 1,
      },
    });
    expect(await d.db.pulseAnswer.count()).toBe(answersBefore - 4);
    expect(await d.db.person.findUnique({ where: { id: "P-anna" } })).toBeNull();
    expect(await collectPersonRecord(d.db, SECRET, "P-anna", NOW)).toBeNull();
    // Her tokens find nothing any more; nobody else lost anything.
    for (const pulseId of [s.firstPulse, s.secondPulse])
      expect(await d.db.pulseAnswer.count({ where: { token: deriveAnswerToken(SECRET, pulseId, "P-anna") } })).toBe(0);
    const othersAfter = await Promise.all(MEMBERS.filter((p) => p !== "P-anna").map((p) => collectPersonRecord(d.db, SECRET, p, NOW)));
    expect(othersAfter.map(withoutAudit)).toEqual(others.map(withoutAudit));
    expect(await readCells(d)).toEqual(cellsBefore);

    // The decision record: her HR id, the reference, a reason code and counts — no name, no e-mail.
    const erase = await d.db.auditEvent.findMany({ where: { action: "person.erase" } });
    expect(erase).toEqual([expect.objectContaining({ subjectType: "person", subjectId: "P-anna", actorId: null })]);
    expect(JSON.parse(erase[0]!.detail)).toMatchObject({ reason: "export_error", reference: "KS 2026/18", operator: "dso", counts: { answers: 4 } });
    const allAudit = JSON.stringify(await d.db.auditEvent.findMany());
    expect(allAudit).not.toContain(nameOf("P-anna"));
    expect(allAudit).not.toContain(emailOf("P-anna"));
    expect(await erasePerson(d.db, SECRET, { personId: "P-anna", now: NOW, reason: "other", reference: "KS 2026/18", operator: "dso" })).toEqual({
      ok: false,
      reason: "notFound",
    });
  });

  it("shows the sick-leave snapshots a person is counted in, and erasure unlinks exactly their memberships from them", async () => {
    d = await createDb();
    await seedRecords(d.db, NOW);
    const [before, current] = await seedSickLeaveSnapshots(d.db, NOW);
    const anna = (await collectPersonRecord(d.db, SECRET, "P-anna", NOW))!;
    expect(anna.sickLeaveStatistics).toEqual([
      { month: before, unitId: "U0", unitName: "Kommunen" },
      { month: before, unitId: "U1", unitName: "Hemtjänst Norr" },
      { month: current, unitId: "U0", unitName: "Kommunen" },
      { month: current, unitId: "U1", unitName: "Hemtjänst Norr" },
    ]);
    // That she is counted, never the unit's figures, nor anyone else.
    const json = JSON.stringify(anna);
    expect(json).not.toContain('"employees"');
    for (const other of [...MEMBERS, MANAGER].filter((id) => id !== "P-anna")) expect(json).not.toContain(other);
    const maria = (await collectPersonRecord(d.db, SECRET, MANAGER, NOW))!;
    expect(maria.sickLeaveStatistics).toEqual([]);

    const render = (record: typeof anna, locale: "sv-SE" | "en-US") =>
      renderPersonRecord(record, { locale, timeZone: "Europe/Stockholm", retention: DEFAULT_RETENTION, style: "markdown" });
    const sv = render(anna, "sv-SE");
    expect(sv).toContain("## Sjukfrånvarostatistik där du räknas med\n\nDu räknas med bland de anställda");
    expect(sv).toContain("Där sparas ingen siffra om dig");
    expect(sv).toContain(`- ${current}: Hemtjänst Norr (U1)`);
    expect(sv).toContain(`- ${before}: Kommunen (U0)`);
    expect(sv).toContain("- Vilka som räknas med i sjukfrånvarostatistiken (från månaden): 13 månader");
    const en = render(anna, "en-US");
    expect(en).toContain("## Sick-leave statistics you are counted in");
    expect(en).toContain("No figure about you is stored there");
    expect(en).toContain(`- ${current}: Hemtjänst Norr (U1)`);
    expect(en).toContain("- Who is counted in the sick-leave statistics (from the month): 13 months");
    // Someone in no snapshot: the section says so, without the explanation.
    const svMaria = render(maria, "sv-SE");
    expect(svMaria).toContain("## Sjukfrånvarostatistik där du räknas med\n\nInga.");
    expect(svMaria).not.toContain("Där sparas ingen siffra om dig");

    const members = async () => (await d.db.sickLeaveCellMember.findMany({ orderBy: [{ cellId: "asc" }, { personId: "asc" }] })).map((m) => ({ ...m }));
    const cells = async () => d.db.sickLeaveCell.findMany({ orderBy: [{ month: "asc" }, { unitId: "asc" }] });
    const membersBefore = await members();
    const cellsBefore = await cells();
    expect(membersBefore.filter((m) => m.personId === "P-anna")).toHaveLength(4);
    const others = await Promise.all(MEMBERS.filter((p) => p !== "P-anna").map((p) => collectPersonRecord(d.db, SECRET, p, NOW)));

    const result = await erasePerson(d.db, SECRET, { personId: "P-anna", now: NOW, reason: "retention_decision", reference: "KS 2026/22", operator: "dso" });
    expect(result).toMatchObject({ ok: true, counts: { sickLeaveCellMembers: 4, pulseParticipation: 4 } });
    // Her memberships are unlinked (one new id for all four, nobody's), nothing else: everyone
    // else's rows and the released cells are as they were.
    const after = await members();
    expect(after.filter((m) => m.personId === "P-anna")).toEqual([]);
    const unlinked = after.filter((m) => !MEMBERS.includes(m.personId as (typeof MEMBERS)[number]));
    expect(new Set(unlinked.map((m) => m.personId)).size).toBe(1);
    expect(unlinked[0]!.personId).toMatch(/^erased:[0-9a-f-]{36}$/);
    expect(unlinked.map((m) => m.cellId).sort()).toEqual(
      membersBefore
        .filter((m) => m.personId === "P-anna")
        .map((m) => m.cellId)
        .sort(),
    );
    expect(after.filter((m) => m.personId !== unlinked[0]!.personId)).toEqual(membersBefore.filter((m) => m.personId !== "P-anna"));
    expect(await cells()).toEqual(cellsBefore);
    const othersAfter = await Promise.all(MEMBERS.filter((p) => p !== "P-anna").map((p) => collectPersonRecord(d.db, SECRET, p, NOW)));
    expect(othersAfter.map(withoutAudit)).toEqual(others.map(withoutAudit));
    expect(othersAfter.every((r) => r!.sickLeaveStatistics.length === 4)).toBe(true);
    const erase = (await d.db.auditEvent.findMany({ where: { action: "person.erase" } }))[0]!;
    expect(JSON.parse(erase.detail).counts).toMatchObject({ sickLeaveCellMembers: 4 });
  });

  it("after an erasure the next sick-leave month is decided as after someone leaving: withheld where they alone make the difference", async () => {
    const nextMonth = async (db: TestDatabase["db"], gone: (db: TestDatabase["db"]) => Promise<unknown>) => {
      await seedRecords(db, NOW);
      await seedSickLeaveSnapshots(db, NOW);
      await gone(db);
      const next = DateTime.fromJSDate(NOW, { zone: "Europe/Stockholm" }).plus({ months: 1 }).toJSDate();
      return buildSickLeaveCells(db, { occasions: 3, months: 12, k: K, now: next });
    };
    const leaving = await createDb();
    const left = await nextMonth(leaving.db, (db) => db.assignment.updateMany({ where: { personId: "P-anna" }, data: { active: false } })).finally(() =>
      leaving.cleanup(),
    );
    // Three of four remain (k = 3): alone they have k, but beside last month's four they would show her.
    expect(left).toMatchObject({ cells: 2, released: 0 });
    d = await createDb();
    const erased = await nextMonth(d.db, (db) =>
      erasePerson(db, SECRET, { personId: "P-anna", now: NOW, reason: "retention_decision", reference: "KS 2026/23", operator: "dso" }),
    );
    expect(erased).toEqual(left);
  });

  it("after an erasure the next pulse and round are decided as after someone leaving: withheld where they alone make the difference", async () => {
    const DAY = 86_400_000;
    const at = (days: number) => new Date(NOW.getTime() + days * DAY);
    const stay = MEMBERS.filter((m) => m !== "P-anna");
    /** Seeds, lets Anna go, then a third pulse and a second round answered by the three who stay. */
    const next = async (db: TestDatabase["db"], gone: (db: TestDatabase["db"]) => Promise<unknown>) => {
      await seedRecords(db, NOW);
      await gone(db);
      const schedule = await db.pulseSchedule.findFirstOrThrow();
      const pulse = await db.pulse.create({
        data: { scheduleId: schedule.id, unitId: "U0", dueAt: at(-2), closesAt: at(-1), questionIds: JSON.stringify(QUESTIONS), status: "open" },
      });
      await db.pulseRecipient.createMany({ data: stay.map((personId) => ({ pulseId: pulse.id, personId, unitIds: '["U1"]' })) });
      for (const personId of stay)
        for (const [i, questionId] of QUESTIONS.entries()) {
          const r = await recordPulseAnswer({ db, secret: SECRET, now: at(-2), personId, pulseId: pulse.id, questionId, value: ANSWERS[personId]!.second[i]! });
          if (!r.ok) throw new Error(r.refusal);
        }
      await db.pulse.update({ where: { id: pulse.id }, data: { status: "closed", closedAt: at(-1) } });
      await buildPulseCells(db, pulse.id, K, at(-1));
      const round = await db.hfRound.create({ data: { rootUnitId: "U1", startedById: MANAGER, opensAt: at(-2), closesAt: at(-1), status: "collecting" } });
      await db.hfRoundUnit.create({ data: { roundId: round.id, unitId: "U1" } });
      await db.hfRecipient.createMany({ data: stay.map((personId) => ({ roundId: round.id, personId, unitIds: '["U1"]' })) });
      for (const personId of stay) {
        const ratings = Object.fromEntries(FACTOR_IDS.map((f) => [f, RATINGS[personId]!])) as Record<FactorId, Rating>;
        const r = await recordRatings({ db, secret: SECRET, now: at(-2), personId, roundId: round.id, ratings });
        if (!r.ok) throw new Error(r.refusal);
      }
      await db.hfRound.update({ where: { id: round.id }, data: { status: "closed", closedAt: at(-1) } });
      await buildRoundCells(db, round.id, K, at(-1));
      const pulseCells = await db.pulseCell.findMany({
        where: { pulseId: pulse.id },
        select: { unitId: true, questionId: true, released: true, reason: true },
      });
      const roundCells = await db.hfCell.findMany({ where: { roundId: round.id }, select: { unitId: true, released: true, reason: true } });
      const order = (a: { unitId: string; questionId?: string }, b: { unitId: string; questionId?: string }) =>
        `${a.unitId}/${a.questionId ?? ""}`.localeCompare(`${b.unitId}/${b.questionId ?? ""}`);
      return { pulse: pulseCells.sort(order), round: roundCells.sort(order) };
    };
    const leaving = await createDb();
    const left = await next(leaving.db, (db) => db.assignment.updateMany({ where: { personId: "P-anna" }, data: { active: false } })).finally(() =>
      leaving.cleanup(),
    );
    // Three remain (k = 3): alone they have k, but beside the earlier four they would show her.
    expect(left.pulse.length).toBeGreaterThan(0);
    expect(left.pulse.every((c) => !c.released && c.reason === "differencing")).toBe(true);
    expect(left.round.length).toBeGreaterThan(0);
    expect(left.round.every((c) => !c.released && c.reason === "differencing")).toBe(true);
    d = await createDb();
    const erased = await next(d.db, (db) =>
      erasePerson(db, SECRET, { personId: "P-anna", now: NOW, reason: "retention_decision", reference: "KS 2026/24", operator: "dso" }),
    );
    expect(erased).toEqual(left);
  });

  it("renders the extract as a readable Swedish or English document with the answers' wording", async () => {
    d = await createDb();
    await seedRecords(d.db, NOW);
    const record = (await collectPersonRecord(d.db, SECRET, "P-anna", NOW))!;
    const sv = renderPersonRecord(record, { locale: "sv-SE", timeZone: "Europe/Stockholm", retention: DEFAULT_RETENTION, style: "markdown" });
    expect(sv).toContain("# Registerutdrag från Friskpuls");
    expect(sv).toContain("Hur bedömer du ditt allmänna hälsotillstånd? – ditt svar: Mycket bra");
    expect(sv).toContain("2026-03-02 – 2026-03-03");
    expect(sv).toContain("Svar på pulsfrågor: 24 månader");
    expect(sv).toContain("Loggposter: sparas tills ett gallringsbeslut säger annat");
    const en = renderPersonRecord(record, { locale: "en-US", timeZone: "Europe/Stockholm", retention: DEFAULT_RETENTION, style: "markdown" });
    expect(en).toContain("# Register extract from Friskpuls");
    expect(en).toContain("your answer: Very good");
    for (const other of MEMBERS.filter((p) => p !== "P-anna")) expect(sv).not.toContain(nameOf(other));
  });

  it("includes how the Entra id was found and the app installed through Graph, and erasure removes both", async () => {
    d = await createDb();
    await seedRecords(d.db, NOW);
    await d.db.person.update({ where: { id: "P-anna" }, data: { aadObjectIdSource: "graph" } });
    await d.db.entraMatch.create({ data: { personId: "P-anna", outcome: "matched", candidates: 1, checkedAt: NOW } });
    await d.db.appInstall.create({
      data: { personId: "P-anna", aadObjectId: "00000000-0000-4000-8000-00000000a11a", state: "installed", requestedAt: NOW, finishedAt: NOW },
    });
    await d.db.entraMatch.create({ data: { personId: MEMBERS.find((p) => p !== "P-anna")!, outcome: "ambiguous", candidates: 2, checkedAt: NOW } });
    const record = (await collectPersonRecord(d.db, SECRET, "P-anna", NOW))!;
    expect(record.microsoftEntra).toEqual({
      aadObjectIdSource: "graph",
      match: { outcome: "matched", candidates: 1, checkedAt: NOW.toISOString() },
      appInstall: { state: "installed", requestedAt: NOW.toISOString(), finishedAt: NOW.toISOString() },
    });
    const sv = renderPersonRecord(record, { locale: "sv-SE", timeZone: "Europe/Stockholm", retention: DEFAULT_RETENTION, style: "markdown" });
    expect(sv).toContain("hämtat från Microsoft Entra med din e-postadress");
    expect(sv).toContain("Sökning i Microsoft Entra med din e-postadress: hittad");
    expect(sv).toContain("via Microsoft Graph: installerad");
    const en = renderPersonRecord(record, { locale: "en-US", timeZone: "Europe/Stockholm", retention: DEFAULT_RETENTION, style: "markdown" });
    expect(en).toContain("through Microsoft Graph: installed");
    const other = (await collectPersonRecord(
      d.db,
      SECRET,
      MEMBERS.find((p) => p !== "P-anna")!,
      NOW,
    ))!;
    expect(other.microsoftEntra).toMatchObject({ match: { outcome: "ambiguous" }, appInstall: null });
    expect(await erasePerson(d.db, SECRET, { personId: "P-anna", now: NOW, reason: "export_error", reference: "KS 2026/19", operator: "dso" })).toMatchObject({
      ok: true,
    });
    expect(await d.db.entraMatch.count({ where: { personId: "P-anna" } })).toBe(0);
    expect(await d.db.appInstall.count({ where: { personId: "P-anna" } })).toBe(0);
  });
});

function withoutAudit<T extends { audit: unknown } | null>(r: T) {
  return r && { ...r, audit: undefined, generatedAt: undefined };
}

async function readCells(d: TestDatabase) {
  return {
    pulse: await d.db.pulseCell.findMany({ orderBy: [{ pulseId: "asc" }, { unitId: "asc" }, { questionId: "asc" }] }),
    round: await d.db.hfCell.findMany({ orderBy: [{ roundId: "asc" }, { unitId: "asc" }] }),
  };
}
