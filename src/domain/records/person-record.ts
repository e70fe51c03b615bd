// Everything Friskpuls stores about one person (GDPR art. 15), gathered for the register extract:
// profile, units and roles, Teams conversations, sick-leave occasions, the released monthly
// sick-leave statistics they are counted in (not a figure about them), early-signal cases about
// them, contact requests, participation and their own answers and ratings (through the key, see
// own-answer-rows.ts), what they did (priority steps, activities, rounds, schedules, targets),
// messages sent to them, and audit events by or about them.
//
// Only their data: cases they handle as a manager are about someone else and are left out; an
// audit event they caused keeps its subject only when that subject is not another person (or
// another person's case); message contents are left out (a manager's digest names other people).
import type { DbTx } from "../../db/client.js";
import { findOwnAnswers, findOwnParticipation, findOwnRatings, findOwnSickLeaveCells } from "./own-answer-rows.js";
import { FACTOR_IDS } from "../health-factors/catalogue.js";

export const RECORD_FORMAT_VERSION = 1;

export interface PersonRecord {
  format: { name: "friskpuls-register-extract"; version: number };
  generatedAt: string;
  person: {
    id: string;
    displayName: string;
    email: string | null;
    aadObjectId: string | null;
    locale: string;
    timeZone: string;
    active: boolean;
    deactivatedAt: string | null;
    createdAt: string;
    updatedAt: string;
  };
  /** How the Entra id was found and whether the app was installed for them through Graph (issue 19). */
  microsoftEntra: {
    aadObjectIdSource: string | null;
    match: { outcome: string; candidates: number; checkedAt: string } | null;
    appInstall: { state: string; requestedAt: string; finishedAt: string | null } | null;
  };
  assignments: { unitId: string; unitName: string | null; role: string; active: boolean; createdAt: string; deactivatedAt: string | null }[];
  conversations: {
    id: string;
    conversationId: string;
    userId: string;
    aadObjectId: string | null;
    tenantId: string | null;
    channelId: string;
    serviceUrl: string;
    locale: string | null;
    active: boolean;
    installedAt: string;
    uninstalledAt: string | null;
    unreachableAt: string | null;
    reference: unknown;
  }[];
  absences: { firstDay: string; lastDay: string; importedAt: string }[];
  /**
   * The released monthly sick-leave statistics (SickLeaveCell) they are counted in, by month (YYYY-MM,
   * Swedish time) and unit: kept so later months are decided against them. No figure about them.
   */
  sickLeaveStatistics: { month: string; unitId: string; unitName: string | null }[];
  cases: {
    id: string;
    signal: string;
    unitId: string;
    status: string;
    openedAt: string;
    notifiedAt: string | null;
    escalatedAt: string | null;
    plannedFor: string | null;
    reason: string | null;
    closedAt: string | null;
    detail: unknown;
  }[];
  contactRequests: { createdAt: string; sourceRef: string; caseId: string | null }[];
  pulses: {
    pulseId: string;
    dueAt: string;
    closesAt: string;
    status: string;
    /** Participation (PulseRecipient), when they were sent the pulse; null when no such row is kept. */
    recipient: { unitIds: string[]; answered: boolean; reminded: boolean } | null;
    /** Questions they answered, as kept for the privacy rules (never the values). */
    questionsAnswered: string[];
    /** Their answers, found with the key: one entry per question; the units the row was counted in. */
    answers: { questionId: string; value: number; unitIds: string[] }[];
  }[];
  rounds: {
    roundId: string;
    opensAt: string;
    closesAt: string;
    status: string;
    recipient: { unitIds: string[]; answered: boolean; reminded: boolean } | null;
    /** value null = "Vet inte". */
    ratings: { factorId: string; value: number | null; unitIds: string[] }[];
  }[];
  actions: {
    roundsStarted: { roundId: string; rootUnitId: string; opensAt: string }[];
    prioritySteps: { roundId: string; unitId: string; kind: string; role: string; factorIds: unknown; at: string }[];
    activitiesCreated: { id: string; roundId: string; unitId: string; factorId: string; what: string; owner: string; dueDate: string; createdAt: string }[];
    schedulesUpdated: { scheduleId: string; unitId: string; updatedAt: string }[];
    /** Unit pauses they set that are still stored (issue 16). */
    unitPausesSet: { unitId: string; fromDate: string; toDate: string; setAt: string }[];
    targetsSet: { unitId: string; year: number; deltaPp: number; createdAt: string }[];
  };
  /** Messages the bot sent or will send them (kind, state, times — not contents). */
  messages: { kind: string; status: string; createdAt: string; finishedAt: string | null }[];
  audit: { at: string; action: string; role: "actor" | "subject"; subjectType: string; subjectId: string | null; detail: unknown }[];
}

const factorOrder = (id: string) => {
  const i = (FACTOR_IDS as readonly string[]).indexOf(id);
  return i === -1 ? FACTOR_IDS.length : i;
};
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const isoOf = (d: Date) => d.toISOString();

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const unitList = (text: string) => {
  const parsed = parseJson(text);
  return Array.isArray(parsed) ? parsed.map(String) : [];
};

/** null when there is no such person. */
export async function collectPersonRecord(db: DbTx, secret: string, personId: string, now: Date): Promise<PersonRecord | null> {
  const person = await db.person.findUnique({ where: { id: personId } });
  if (!person) return null;
  const [entraMatch, appInstall, assignments, conversations, absences, sickLeaveStatistics, cases, contactRequests] = await Promise.all([
    db.entraMatch.findUnique({ where: { personId } }),
    db.appInstall.findUnique({ where: { personId } }),
    db.assignment.findMany({ where: { personId }, include: { unit: { select: { name: true } } }, orderBy: [{ unitId: "asc" }, { role: "asc" }] }),
    db.conversationRef.findMany({ where: { personId }, orderBy: { installedAt: "asc" } }),
    db.absence.findMany({ where: { personId }, orderBy: { firstDay: "asc" } }),
    findOwnSickLeaveCells(db, personId),
    db.nudgeCase.findMany({ where: { subjectPersonId: personId }, orderBy: { openedAt: "asc" } }),
    db.contactRequest.findMany({ where: { personId }, orderBy: { createdAt: "asc" } }),
  ]);
  const caseIds = new Set(cases.map((c) => c.id));
  return {
    format: { name: "friskpuls-register-extract", version: RECORD_FORMAT_VERSION },
    generatedAt: isoOf(now),
    person: {
      id: person.id,
      displayName: person.displayName,
      email: person.email,
      aadObjectId: person.aadObjectId,
      locale: person.locale,
      timeZone: person.timeZone,
      active: person.active,
      deactivatedAt: iso(person.deactivatedAt),
      createdAt: isoOf(person.createdAt),
      updatedAt: isoOf(person.updatedAt),
    },
    microsoftEntra: {
      aadObjectIdSource: person.aadObjectIdSource,
      match: entraMatch ? { outcome: entraMatch.outcome, candidates: entraMatch.candidates, checkedAt: isoOf(entraMatch.checkedAt) } : null,
      appInstall: appInstall ? { state: appInstall.state, requestedAt: isoOf(appInstall.requestedAt), finishedAt: iso(appInstall.finishedAt) } : null,
    },
    assignments: assignments.map((a) => ({
      unitId: a.unitId,
      unitName: a.unit?.name ?? null,
      role: a.role,
      active: a.active,
      createdAt: isoOf(a.createdAt),
      deactivatedAt: iso(a.deactivatedAt),
    })),
    conversations: conversations.map((c) => ({
      id: c.id,
      conversationId: c.conversationId,
      userId: c.userId,
      aadObjectId: c.aadObjectId,
      tenantId: c.tenantId,
      channelId: c.channelId,
      serviceUrl: c.serviceUrl,
      locale: c.locale,
      active: c.active,
      installedAt: isoOf(c.installedAt),
      uninstalledAt: iso(c.uninstalledAt),
      unreachableAt: iso(c.unreachableAt),
      reference: parseJson(c.reference),
    })),
    absences: absences.map((a) => ({ firstDay: a.firstDay, lastDay: a.lastDay, importedAt: isoOf(a.importedAt) })),
    sickLeaveStatistics,
    cases: cases.map((c) => ({
      id: c.id,
      signal: c.signal,
      unitId: c.unitId,
      status: c.status,
      openedAt: isoOf(c.openedAt),
      notifiedAt: iso(c.notifiedAt),
      escalatedAt: iso(c.escalatedAt),
      plannedFor: c.plannedFor,
      reason: c.reason,
      closedAt: iso(c.closedAt),
      detail: parseJson(c.detail),
    })),
    contactRequests: contactRequests.map((r) => ({ createdAt: isoOf(r.createdAt), sourceRef: r.sourceRef, caseId: r.caseId })),
    pulses: await collectPulses(db, secret, personId),
    rounds: await collectRounds(db, secret, personId),
    actions: await collectActions(db, personId),
    messages: (
      await db.outboxMessage.findMany({
        where: { personId },
        select: { kind: true, status: true, createdAt: true, finishedAt: true },
        orderBy: { createdAt: "asc" },
      })
    ).map((m) => ({
      kind: m.kind,
      status: m.status,
      createdAt: isoOf(m.createdAt),
      finishedAt: iso(m.finishedAt),
    })),
    audit: await collectAudit(db, personId, caseIds),
  };
}

async function collectPulses(db: DbTx, secret: string, personId: string): Promise<PersonRecord["pulses"]> {
  const [answers, recipients, participation] = await Promise.all([
    findOwnAnswers(db, secret, personId),
    db.pulseRecipient.findMany({ where: { personId } }),
    findOwnParticipation(db, personId),
  ]);
  const pulseIds = [...new Set([...answers.map((a) => a.pulseId), ...recipients.map((r) => r.pulseId), ...participation.map((p) => p.pulseId)])];
  const pulses = await db.pulse.findMany({ where: { id: { in: pulseIds } }, orderBy: { dueAt: "asc" } });
  return pulses.map((p) => {
    const recipient = recipients.find((r) => r.pulseId === p.id);
    const asked = unitList(p.questionIds);
    const order = (questionId: string) => (asked.includes(questionId) ? asked.indexOf(questionId) : asked.length);
    const byQuestion = new Map<string, { questionId: string; value: number; unitIds: string[] }>();
    for (const a of answers.filter((x) => x.pulseId === p.id)) {
      const entry = byQuestion.get(a.questionId) ?? { questionId: a.questionId, value: a.value, unitIds: [] };
      entry.unitIds.push(a.unitId);
      byQuestion.set(a.questionId, entry);
    }
    return {
      pulseId: p.id,
      dueAt: isoOf(p.dueAt),
      closesAt: isoOf(p.closesAt),
      status: p.status,
      recipient: recipient ? { unitIds: unitList(recipient.unitIds), answered: recipient.answered, reminded: recipient.reminded } : null,
      questionsAnswered: participation
        .filter((x) => x.pulseId === p.id)
        .map((x) => x.questionId)
        .sort(),
      // In the order the card asked them.
      answers: [...byQuestion.values()].sort((x, y) => order(x.questionId) - order(y.questionId)).map((e) => ({ ...e, unitIds: e.unitIds.sort() })),
    };
  });
}

async function collectRounds(db: DbTx, secret: string, personId: string): Promise<PersonRecord["rounds"]> {
  const [ratings, recipients] = await Promise.all([findOwnRatings(db, secret, personId), db.hfRecipient.findMany({ where: { personId } })]);
  const roundIds = [...new Set([...ratings.map((r) => r.roundId), ...recipients.map((r) => r.roundId)])];
  const rounds = await db.hfRound.findMany({ where: { id: { in: roundIds } }, orderBy: { opensAt: "asc" } });
  return rounds.map((round) => {
    const recipient = recipients.find((r) => r.roundId === round.id);
    const byFactor = new Map<string, { factorId: string; value: number | null; unitIds: string[] }>();
    for (const r of ratings.filter((x) => x.roundId === round.id)) {
      const entry = byFactor.get(r.factorId) ?? { factorId: r.factorId, value: r.value, unitIds: [] };
      entry.unitIds.push(r.unitId);
      byFactor.set(r.factorId, entry);
    }
    return {
      roundId: round.id,
      opensAt: isoOf(round.opensAt),
      closesAt: isoOf(round.closesAt),
      status: round.status,
      recipient: recipient ? { unitIds: unitList(recipient.unitIds), answered: recipient.answered, reminded: recipient.reminded } : null,
      // In the catalogue's order, as the card shows them.
      ratings: [...byFactor.values()].sort((x, y) => factorOrder(x.factorId) - factorOrder(y.factorId)).map((e) => ({ ...e, unitIds: e.unitIds.sort() })),
    };
  });
}

async function collectActions(db: DbTx, personId: string): Promise<PersonRecord["actions"]> {
  const [rounds, steps, activities, schedules, targets, pauses] = await Promise.all([
    db.hfRound.findMany({ where: { startedById: personId }, select: { id: true, rootUnitId: true, opensAt: true }, orderBy: { opensAt: "asc" } }),
    db.priorityStep.findMany({ where: { actorId: personId }, orderBy: { createdAt: "asc" } }),
    db.priorityActivity.findMany({ where: { createdById: personId }, orderBy: { createdAt: "asc" } }),
    db.pulseSchedule.findMany({ where: { updatedById: personId }, select: { id: true, unitId: true, updatedAt: true }, orderBy: { updatedAt: "asc" } }),
    db.target.findMany({ where: { createdById: personId }, orderBy: [{ unitId: "asc" }, { year: "asc" }] }),
    db.unitPause.findMany({ where: { setById: personId }, orderBy: { setAt: "asc" } }),
  ]);
  return {
    roundsStarted: rounds.map((r) => ({ roundId: r.id, rootUnitId: r.rootUnitId, opensAt: isoOf(r.opensAt) })),
    prioritySteps: steps.map((s) => ({
      roundId: s.roundId,
      unitId: s.unitId,
      kind: s.kind,
      role: s.actorRole,
      factorIds: parseJson(s.factorIds),
      at: isoOf(s.createdAt),
    })),
    activitiesCreated: activities.map((a) => ({
      id: a.id,
      roundId: a.roundId,
      unitId: a.unitId,
      factorId: a.factorId,
      what: a.what,
      owner: a.owner,
      dueDate: a.dueDate,
      createdAt: isoOf(a.createdAt),
    })),
    schedulesUpdated: schedules.map((s) => ({ scheduleId: s.id, unitId: s.unitId, updatedAt: isoOf(s.updatedAt) })),
    unitPausesSet: pauses.map((p) => ({ unitId: p.unitId, fromDate: p.fromDate, toDate: p.toDate, setAt: isoOf(p.setAt) })),
    targetsSet: targets.map((t) => ({ unitId: t.unitId, year: t.year, deltaPp: t.deltaPp, createdAt: isoOf(t.createdAt) })),
  };
}

async function collectAudit(db: DbTx, personId: string, caseIds: Set<string>): Promise<PersonRecord["audit"]> {
  const events = await db.auditEvent.findMany({
    where: {
      OR: [
        { actorId: personId },
        { subjectType: "person", subjectId: personId },
        ...(caseIds.size > 0 ? [{ subjectType: "case", subjectId: { in: [...caseIds] } }] : []),
      ],
    },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return events.map((e) => {
    const aboutThem = (e.subjectType === "person" && e.subjectId === personId) || (e.subjectType === "case" && caseIds.has(e.subjectId));
    // Their own action on someone else (a case they handle): the event is theirs, its subject is not.
    const othersSubject = !aboutThem && (e.subjectType === "person" || e.subjectType === "case");
    return {
      at: isoOf(e.at),
      action: e.action,
      role: e.actorId === personId ? ("actor" as const) : ("subject" as const),
      subjectType: e.subjectType,
      subjectId: othersSubject ? null : e.subjectId,
      detail: othersSubject ? null : parseJson(e.detail),
    };
  });
}

/**
 * Pulses within the answer retention the person answered (participation says so) where the key
 * found no answer: the key is not the server's (ANSWER_TOKEN_SECRET), and the extract is incomplete.
 */
export function countAnswersNotFound(record: PersonRecord, answersRetainedSince: Date): number {
  return record.pulses.filter((p) => p.recipient?.answered && p.answers.length === 0 && new Date(p.closesAt) >= answersRetainedSince).length;
}
