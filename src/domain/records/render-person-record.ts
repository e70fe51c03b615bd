// The register extract as a readable document (Markdown), in Swedish or English: what an
// employee can read on a phone and an IT department can hand over as a file beside extract.json.
// Everything in it comes from the PersonRecord, which holds only the person's own data.
import { DateTime } from "luxon";
import { translatorFor, type Locale, type Translate } from "../../i18n/index.js";
import { QUESTION_BANK } from "../pulse/question-bank.js";
import type { PersonRecord } from "./person-record.js";
import { FIXED_RETENTION, type RetentionPolicy, type RetentionClass } from "./retention-policy.js";

export interface RenderOptions {
  locale: Locale;
  timeZone: string;
  retention: RetentionPolicy;
  /** "markdown" = # headings (a file); "chat" = bold headings (Teams messages render no headings). */
  style: "markdown" | "chat";
}

/** The document as sections, so a chat can send it in parts at section boundaries. */
export function renderPersonRecordSections(record: PersonRecord, o: RenderOptions): string[] {
  const t = translatorFor(o.locale);
  const when = (iso: string | null) => (iso ? DateTime.fromISO(iso, { zone: o.timeZone }).toFormat("yyyy-MM-dd HH:mm") : "–");
  const day = (iso: string | null) => (iso ? DateTime.fromISO(iso, { zone: o.timeZone }).toISODate()! : "–");
  const yesNo = (b: boolean) => t(b ? "records.document.yes" : "records.document.no");
  const heading = (level: 1 | 2 | 3, text: string) => (o.style === "markdown" ? `${"#".repeat(level)} ${text}` : level === 3 ? `*${text}*` : `**${text}**`);
  const section = (key: string, lines: string[], prefix: string[] = []) => {
    const body = lines[0] === "" ? lines.slice(1) : lines; // sub-headings bring their own blank line
    return [heading(2, t(`records.document.sections.${key}`)), "", ...prefix, ...(body.length > 0 ? body : [t("records.document.none")])].join("\n");
  };
  const bullet = (s: string) => `- ${escapeMarkdown(s)}`;
  const lookup = (key: string, fallback: string) => {
    const text = t(key, { defaultValue: "" });
    return text || fallback;
  };
  const units = (ids: string[]) => t("records.document.countedIn", { units: ids.join(", ") });
  const p = record.person;

  const intro = [
    heading(1, t("records.document.title")),
    "",
    escapeMarkdown(t("records.document.subject", { name: p.displayName, id: p.id, when: when(record.generatedAt) })),
    "",
    t("records.document.intro"),
  ].join("\n");

  const profile = section(
    "profile",
    [
      [t("records.document.fields.id"), p.id],
      [t("records.document.fields.name"), p.displayName],
      [t("records.document.fields.email"), p.email ?? "–"],
      [t("records.document.fields.aadObjectId"), p.aadObjectId ?? "–"],
      [t("records.document.fields.locale"), p.locale],
      [t("records.document.fields.timeZone"), p.timeZone],
      [t("records.document.fields.active"), yesNo(p.active)],
      [t("records.document.fields.deactivatedAt"), when(p.deactivatedAt)],
      [t("records.document.fields.createdAt"), when(p.createdAt)],
      [t("records.document.fields.updatedAt"), when(p.updatedAt)],
    ]
      .map(([k, v]) => bullet(`${k}: ${v}`))
      .concat(entraLines(record.microsoftEntra, t, when).map(bullet)),
  );

  const unitsSection = section(
    "units",
    record.assignments.map((a) =>
      bullet(
        t("records.document.unitLine", {
          unit: a.unitName ?? a.unitId,
          unitId: a.unitId,
          role: lookup(`roles.${a.role}`, a.role),
          from: day(a.createdAt),
          until: a.deactivatedAt ? t("records.document.until", { date: day(a.deactivatedAt) }) : "",
        }),
      ),
    ),
  );

  const conversations = section(
    "conversations",
    record.conversations.map((c) =>
      bullet(
        t("records.document.conversationLine", {
          conversationId: c.conversationId,
          installed: when(c.installedAt),
          state: c.uninstalledAt ? t("records.document.conversationRemoved", { date: when(c.uninstalledAt) }) : "",
        }),
      ),
    ),
  );

  const absences = section(
    "absences",
    record.absences.map((a) => bullet(t("records.document.absenceLine", { first: a.firstDay, last: a.lastDay, imported: day(a.importedAt) }))),
  );

  const sickLeaveStatistics = section(
    "sickLeaveStatistics",
    record.sickLeaveStatistics.map((c) =>
      bullet(t("records.document.sickLeaveStatisticsLine", { month: c.month, unit: c.unitName ?? c.unitId, unitId: c.unitId })),
    ),
    record.sickLeaveStatistics.length > 0 ? [t("records.document.sickLeaveStatisticsNote"), ""] : [],
  );

  const cases = section(
    "cases",
    record.cases.map((c) =>
      bullet(
        t("records.document.caseLine", {
          signal: lookup(`records.document.signal.${c.signal}`, c.signal),
          opened: day(c.openedAt),
          // "planerat 2026-12-08", not "planerat, planerat 2026-12-08".
          status: `${lookup(`records.document.caseStatus.${c.status}`, c.status)}${c.status === "planned" && c.plannedFor ? ` ${c.plannedFor}` : ""}`,
          extra: [
            c.plannedFor && c.status !== "planned" ? t("records.document.casePlanned", { date: c.plannedFor }) : "",
            c.closedAt ? t("records.document.caseClosed", { date: day(c.closedAt) }) : "",
            c.reason ? t("records.document.caseReason", { reason: lookup(`nudges.reasons.${c.reason}`, c.reason) }) : "",
          ].join(""),
        }),
      ),
    ),
  );

  const contactRequests = section(
    "contactRequests",
    record.contactRequests.map((r) =>
      bullet(
        t("records.document.contactLine", {
          when: when(r.createdAt),
          source: r.sourceRef.replace(/^pulse:/, ""),
          state: r.caseId ? t("records.document.contactCase", { caseId: r.caseId }) : "",
        }),
      ),
    ),
  );

  const pulses = section(
    "pulses",
    record.pulses.flatMap((pulse) => [
      "",
      heading(3, t("records.document.pulseHeading", { due: day(pulse.dueAt), status: lookup(`records.document.status.${pulse.status}`, pulse.status) })),
      ...(pulse.recipient
        ? [bullet(t("records.document.pulseSent", { sent: yesNo(true), answered: yesNo(pulse.recipient.answered), reminded: yesNo(pulse.recipient.reminded) }))]
        : []),
      ...(pulse.answers.length > 0
        ? pulse.answers.map((a) =>
            bullet(
              `${t("records.document.answerLine", { question: lookup(`pulse.questions.${a.questionId}`, a.questionId), answer: answerLabel(t, a.questionId, a.value) })} (${units(a.unitIds)})`,
            ),
          )
        : [bullet(t("records.document.noAnswers"))]),
    ]),
  );

  const rounds = section(
    "rounds",
    record.rounds.flatMap((round) => [
      "",
      heading(
        3,
        t("records.document.roundHeading", {
          opens: day(round.opensAt),
          closes: day(round.closesAt),
          status: lookup(`records.document.status.${round.status}`, round.status),
        }),
      ),
      ...(round.recipient
        ? [bullet(t("records.document.pulseSent", { sent: yesNo(true), answered: yesNo(round.recipient.answered), reminded: yesNo(round.recipient.reminded) }))]
        : []),
      ...(round.ratings.length > 0
        ? round.ratings.map((r) =>
            bullet(
              `${t("records.document.ratingLine", { factor: lookup(`healthFactors.factors.${r.factorId}`, r.factorId), rating: t(`healthFactors.scale.${r.value ?? "dk"}`) })} (${units(r.unitIds)})`,
            ),
          )
        : [bullet(t("records.document.noAnswers"))]),
    ]),
  );

  const a = record.actions;
  const factorList = (ids: unknown) => (Array.isArray(ids) ? ids.map((id) => lookup(`healthFactors.factors.${id}`, String(id))).join("; ") : "");
  const actions = section("actions", [
    ...a.roundsStarted.map((r) => bullet(t("records.document.actionRound", { when: day(r.opensAt), unitId: r.rootUnitId }))),
    ...a.prioritySteps.map((s) =>
      bullet(
        t("records.document.actionStep", {
          kind: lookup(`records.document.stepKind.${s.kind}`, s.kind),
          unitId: s.unitId,
          when: day(s.at),
          role: lookup(`roles.${s.role}`, s.role),
          factors: factorList(s.factorIds),
        }),
      ),
    ),
    ...a.activitiesCreated.map((x) =>
      bullet(
        t("records.document.actionActivity", {
          what: x.what,
          unitId: x.unitId,
          factor: lookup(`healthFactors.factors.${x.factorId}`, x.factorId),
          owner: x.owner,
          due: x.dueDate,
        }),
      ),
    ),
    ...a.schedulesUpdated.map((s) => bullet(t("records.document.actionSchedule", { unitId: s.unitId, when: day(s.updatedAt) }))),
    ...a.unitPausesSet.map((x) => bullet(t("records.document.actionUnitPause", { unitId: x.unitId, from: x.fromDate, to: x.toDate, when: day(x.setAt) }))),
    ...a.targetsSet.map((x) =>
      bullet(t("records.document.actionTarget", { unitId: x.unitId, year: x.year, delta: `${x.deltaPp >= 0 ? "+" : ""}${x.deltaPp}`, when: day(x.createdAt) })),
    ),
  ]);

  const messages = section(
    "messages",
    record.messages.map((m) => bullet(t("records.document.messageLine", { when: when(m.createdAt), kind: m.kind, status: m.status }))),
    [t("records.document.messagesNote"), ""],
  );

  const audit = section(
    "audit",
    record.audit.map((e) =>
      bullet(
        t("records.document.auditLine", {
          when: when(e.at),
          action: e.action,
          role: t(e.role === "actor" ? "records.document.auditActor" : "records.document.auditSubject"),
          subject: e.subjectId ? t("records.document.auditSubjectRef", { type: e.subjectType, id: e.subjectId }) : "",
        }),
      ),
    ),
  );

  const periods: Record<RetentionClass, number | null> = { ...o.retention, ...FIXED_RETENTION };
  const retention = section(
    "retention",
    (Object.keys(periods) as RetentionClass[]).map((key) => {
      const value = periods[key];
      const unit = key.endsWith("Days") ? "days" : key.endsWith("Hours") ? "hours" : "months";
      const period = value === null ? t("records.document.retentionKept") : t(`records.document.period.${unit}`, { value });
      return bullet(t("records.document.retentionLine", { class: t(`records.document.retentionClass.${key}`), period }));
    }),
  );

  const questions = section("questions", [t("records.document.questionsText")]);
  return [
    intro,
    profile,
    unitsSection,
    conversations,
    absences,
    sickLeaveStatistics,
    cases,
    contactRequests,
    pulses,
    rounds,
    actions,
    messages,
    audit,
    retention,
    questions,
  ];
}

export function renderPersonRecord(record: PersonRecord, o: RenderOptions): string {
  return `${renderPersonRecordSections(record, o).join("\n\n")}\n`;
}

function answerLabel(t: Translate, questionId: string, value: number): string {
  const scale = QUESTION_BANK.questions[questionId]?.scale;
  const label = scale ? t(`pulse.scales.${scale}.${value}`, { defaultValue: "" }) : "";
  return label || String(value);
}

/** Names and activity texts come from HR data and people: they must not turn into Markdown. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, "\\$1");
}

/** Where the Entra id came from, and an install through Microsoft Graph (ADR 0017): only what was stored. */
function entraLines(entra: PersonRecord["microsoftEntra"], t: Translate, when: (iso: string | null) => string): string[] {
  const lines: string[] = [];
  if (entra.aadObjectIdSource === "graph") lines.push(t("records.document.entra.idFromGraph"));
  if (entra.match)
    lines.push(
      t("records.document.entra.match", {
        outcome: t(`records.document.entra.outcomes.${entra.match.outcome}`, { defaultValue: entra.match.outcome }),
        when: when(entra.match.checkedAt),
      }),
    );
  if (entra.appInstall)
    lines.push(
      t("records.document.entra.install", {
        state: t(`records.document.entra.installStates.${entra.appInstall.state}`, { defaultValue: entra.appInstall.state }),
        when: when(entra.appInstall.requestedAt),
      }),
    );
  return lines;
}
