// Friskfaktor cards: the HR partner's start form, the member's rating card, the unit card each
// party sees (profile + where the agreement stands + what this person can do next) and the HR
// overview. Figures come only as Released (the profile) from the aggregates module.
import { translatorFor, type Locale, type Translate } from "../../i18n/index.js";
import { formatDay, formatDayTime } from "../../i18n/dates.js";
import { FACTOR_IDS, ROUND_WINDOWS_DAYS, type FactorId } from "../../domain/health-factors/catalogue.js";
import type { RatingView } from "../../domain/health-factors/record-ratings.js";
import { DISTRIBUTION_SMALL_GROUP, type UnitProfile } from "../../domain/aggregates/read-hf-profile.js";
import type { AgreementState } from "../../domain/priorities/agreement.js";
import type { Side } from "../../domain/priorities/parties.js";
import type { RoundOverview } from "../../domain/health-factors/round-overview.js";
import type { Figure } from "../../domain/aggregates/released.js";
import { expandCard, noticeColor, type NoticeTone } from "./render-card.js";
import { actionData } from "../card-verbs.js";

type Card = Record<string, unknown>;

export function hfStartCardJson(units: { id: string; name: string; depth: number }[], locale: Locale): Card {
  const t = translatorFor(locale);
  return expandCard("hf-start", {
    title: t("healthFactors.start.title"),
    intro: t("healthFactors.start.intro"),
    units: units.map((u) => ({ title: `${"– ".repeat(u.depth)}${u.name}`, value: u.id })),
    selected: units[0]?.id ?? "",
    windows: ROUND_WINDOWS_DAYS.map((d) => ({ title: t("healthFactors.start.windowDays", { count: d }), value: String(d) })),
    labels: { units: t("healthFactors.start.units"), window: t("healthFactors.start.window"), submit: t("healthFactors.start.submit") },
    data: actionData("hf.start", {}),
  });
}

const RATING_VALUES = ["1", "2", "3", "4", "5"] as const;

/**
 * The member's rating card: one tap per factor (as the pulse card), each factor with a one-line
 * explanation in everyday words; the person's own choice marked. Buttons 1–5 side by side and
 * "Vet inte" on its own, so the choices fit a phone (360 px).
 */
export function hfRatingCardJson(view: RatingView, o: { locale: Locale; k: number; timeZone: string; reminder?: boolean }): Card {
  const t = translatorFor(o.locale);
  const chosen = FACTOR_IDS.filter((id) => view.ratings[id] !== undefined).length;
  const answered = chosen === FACTOR_IDS.length;
  const scale = (v: string) => t(`healthFactors.scale.${v}`);
  const valueOf = (id: FactorId) => (view.ratings[id] === undefined ? "" : view.ratings[id] === null ? "dk" : String(view.ratings[id]));
  const button = (id: FactorId, value: string, title: string) => ({
    title,
    style: valueOf(id) === value ? "positive" : "default",
    data: actionData("hf.rate", { roundId: view.roundId, factorId: id, value }),
  });
  return expandCard("hf-rating", {
    title: !view.open ? t("healthFactors.rate.closedTitle") : o.reminder ? t("healthFactors.rate.reminderTitle") : t("healthFactors.rate.title"),
    intro: view.open && !answered ? t("healthFactors.rate.intro") : "",
    progress: view.open && chosen > 0 && !answered ? t("healthFactors.rate.progress", { done: chosen, total: FACTOR_IDS.length }) : "",
    factors: FACTOR_IDS.map((id, i) => ({
      heading: `${i + 1}. ${t(`healthFactors.factors.${id}`)}`,
      explain: t(`healthFactors.explain.${id}`),
      chosenText: valueOf(id) ? t("healthFactors.rate.yourAnswer", { answer: scale(valueOf(id)) }) : "",
      open: view.open,
      scale: RATING_VALUES.map((v) => button(id, v, v)),
      ends: t("healthFactors.rate.ends"),
      dontKnow: [button(id, "dk", scale("dk"))],
    })),
    thanks: { show: answered && view.open, title: t("healthFactors.rate.thanks"), whoSees: t("healthFactors.rate.whoSees", { k: o.k }) },
    footer: view.open ? t("healthFactors.rate.changeUntil", { when: formatDayTime(view.closesAt, o.locale, o.timeZone) }) : t("healthFactors.rate.closedText"),
  });
}

export interface UnitCardViewer {
  personId: string;
  side: Side;
  names: Map<string, string>;
}

export interface UnitCardOptions {
  locale: Locale;
  k: number;
  timeZone: string;
  /** A refusal or confirmation to show at the top. */
  notice?: string;
  /** A confirmation is good news; a refusal (the default) is attention. */
  noticeTone?: NoticeTone;
  /** What the person typed into the new-activity form, put back when it was refused. */
  draft?: ActivityDraft;
}

export interface ActivityDraft {
  factorId?: string;
  what?: string;
  owner?: string;
  dueDate?: string;
}

/** An activity as the cards show it. */
export interface ActivityView {
  id: string;
  factorId: string;
  what: string;
  owner: string;
  dueDate: string;
  status: string;
  originalDueDate: string | null;
  editedAt: Date | null;
  doneAt: Date | null;
}

export function hfUnitCardJson(p: UnitProfile, agreement: AgreementState, activities: ActivityView[], viewer: UnitCardViewer, o: UnitCardOptions): Card {
  const t = translatorFor(o.locale);
  const label = (id: string) => t(`healthFactors.factors.${id}`);
  const ids = { roundId: agreement.roundId, unitId: agreement.unitId };
  const otherRole = viewer.side === "manager" ? agreement.parties.secondRole : "manager";
  const proposal = agreement.proposal;
  const theirs = proposal && proposal.side !== viewer.side;
  const open = !agreement.agreed;
  const agreementLines: string[] = [];
  if (agreement.agreed) {
    agreementLines.push(
      t("healthFactors.priorities.agreedText"),
      ...agreement.agreed.factorIds.map((id) => `• ${label(id)}`),
      t("healthFactors.priorities.agreedBy", { date: formatDay(agreement.agreed.at, o.locale, o.timeZone) }),
    );
  } else if (proposal) {
    agreementLines.push(
      theirs ? t("healthFactors.priorities.proposedBy", { name: viewer.names.get(proposal.actorId) ?? "" }) : t("healthFactors.priorities.youProposed"),
      ...proposal.factorIds.map((id) => `• ${label(id)}`),
      ...counterChanges(t, agreement),
    );
    if (!theirs) agreementLines.push(t("healthFactors.priorities.waiting", { other: t(`healthFactors.priorities.other.${otherRole}`) }));
  }
  const title = agreement.agreed
    ? t("healthFactors.priorities.agreedTitle", { unit: p.unit.name })
    : theirs
      ? t("healthFactors.priorities.actTitle", { unit: p.unit.name })
      : t("healthFactors.profile.title", { unit: p.unit.name });
  const draft = o.draft ?? {};
  const agreedIds = agreement.agreed?.factorIds ?? [];
  return expandCard("hf-unit", {
    title,
    subtitle: t("healthFactors.profile.subtitle", { date: formatDay(p.round.closesAt, o.locale, o.timeZone) }),
    notice: o.notice ?? "",
    noticeColor: noticeColor(o.noticeTone ?? "attention"),
    standIn: agreement.parties.secondRole === "safety_rep" ? "" : t(`healthFactors.standIn.${agreement.parties.secondRole}`),
    profile: profileSection(t, p.profile, o),
    agreement: { lines: agreementLines },
    confirm: {
      show: open && !!theirs,
      label: t("healthFactors.priorities.confirm"),
      data: actionData("hf.confirm", { ...ids, factorIds: proposal?.factorIds ?? [] }),
    },
    propose: {
      show: open,
      label: proposal ? t("healthFactors.priorities.counterLabel") : t("healthFactors.priorities.choose"),
      button: proposal ? t("healthFactors.priorities.counter") : t("healthFactors.priorities.propose"),
      choices: FACTOR_IDS.map((id) => ({ title: label(id), value: id })),
      value: (proposal?.factorIds ?? suggestion(p.profile)).join(","),
      data: actionData("hf.propose", ids),
    },
    activities: {
      show: !!agreement.agreed,
      heading: t("healthFactors.activities.heading"),
      none: activities.length === 0 ? t("healthFactors.activities.none") : "",
      items: activities.map((a, slot) => activityItem(t, a, slot, o)),
    },
    addActivity: {
      show: !!agreement.agreed,
      heading: t("healthFactors.activities.addHeading"),
      factors: agreedIds.map((id) => ({ title: label(id), value: id })),
      factor: draft.factorId && (agreedIds as string[]).includes(draft.factorId) ? draft.factorId : (agreedIds[0] ?? ""),
      what: draft.what ?? "",
      owner: draft.owner ?? "",
      dueDate: draft.dueDate ?? "",
      labels: {
        factor: t("healthFactors.activities.factor"),
        what: t("healthFactors.activities.what"),
        owner: t("healthFactors.activities.owner"),
        due: t("healthFactors.activities.due"),
        add: t("healthFactors.activities.add"),
      },
      data: actionData("hf.activity", ids),
    },
    footer: open ? t("healthFactors.profile.next", { parties: t(`healthFactors.parties.${agreement.parties.secondRole}`) }) : "",
  });
}

/** What a counter-proposal changed against the proposal before it. */
function counterChanges(t: Translate, agreement: AgreementState): string[] {
  const proposals = agreement.steps.filter((s) => s.kind === "propose" || s.kind === "counter");
  const [before, last] = proposals.slice(-2);
  if (!before || !last || last.kind !== "counter") return [];
  const label = (id: string) => t(`healthFactors.factors.${id}`);
  const added = last.factorIds.filter((id) => !before.factorIds.includes(id));
  const removed = before.factorIds.filter((id) => !last.factorIds.includes(id));
  return [
    t("healthFactors.priorities.changed"),
    ...added.map((id) => t("healthFactors.priorities.added", { factor: label(id) })),
    ...removed.map((id) => t("healthFactors.priorities.removed", { factor: label(id) })),
  ];
}

/** One activity: its line, its status, and (until done) done / postpone / edit. */
function activityItem(t: Translate, a: ActivityView, slot: number, o: { locale: Locale; timeZone: string }) {
  const done = a.status === "done";
  const status = done
    ? t("healthFactors.activities.status.done", { date: formatDay(a.doneAt ?? new Date(0), o.locale, o.timeZone) })
    : a.status === "postponed" && a.originalDueDate
      ? t("healthFactors.activities.status.postponed", {
          due: formatDay(a.dueDate, o.locale, o.timeZone),
          from: formatDay(a.originalDueDate, o.locale, o.timeZone),
        })
      : t("healthFactors.activities.status.planned");
  const data = (kind: "done" | "postpone" | "edit") => actionData("hf.activityChange", { activityId: a.id, slot, kind });
  return {
    line: `• ${t("healthFactors.activities.item", { what: a.what, owner: a.owner, due: formatDay(a.dueDate, o.locale, o.timeZone), factor: t(`healthFactors.factors.${a.factorId}`) })}`,
    status: a.editedAt && !done ? `${status} · ${t("healthFactors.activities.status.edited", { date: formatDay(a.editedAt, o.locale, o.timeZone) })}` : status,
    open: !done,
    ...activityActions(t, a, slot, data),
  };
}

/** The buttons an open activity has, on the unit card and on the due reminder. */
export function activityActions(
  t: Translate,
  a: { what: string; owner: string; dueDate: string },
  slot: number,
  data: (kind: "done" | "postpone" | "edit") => unknown,
) {
  return {
    done: { label: t("healthFactors.activities.markDone"), data: data("done") },
    postpone: {
      label: t("healthFactors.activities.postpone"),
      inputId: `dueDate_${slot}`,
      inputLabel: t("healthFactors.activities.newDue"),
      value: a.dueDate,
      save: t("healthFactors.activities.savePostpone"),
      data: data("postpone"),
    },
    edit: {
      label: t("healthFactors.activities.edit"),
      whatId: `what_${slot}`,
      ownerId: `owner_${slot}`,
      what: a.what,
      owner: a.owner,
      labels: { what: t("healthFactors.activities.what"), owner: t("healthFactors.activities.owner") },
      save: t("healthFactors.activities.saveEdit"),
      data: data("edit"),
    },
  };
}

/** The weakest factor pre-selected as a starting point, when the profile shows one. */
function suggestion(profile: UnitProfile["profile"]): string[] {
  return profile.released && profile.value.weakest ? [profile.value.weakest] : [];
}

const BAR_STEPS = 10;

/** A mean of 1–5 as a bar of ten: a full bar is 5, an empty one 0. */
function bar(mean: number): string {
  const filled = Math.max(0, Math.min(BAR_STEPS, Math.round((mean / 5) * BAR_STEPS)));
  return "█".repeat(filled) + "░".repeat(BAR_STEPS - filled);
}

/** "Vet inte" this share of the respondents or more: the card says so (it is worth talking about). */
const MANY_DONT_KNOW = 0.3;

/**
 * The profile as released: weakest factor first (where a unit would start), each with a bar for its
 * mean, its distribution and how many said "Vet inte"; factors withheld last, with the reason —
 * "fewer than k rated" is what many "Vet inte" leaves, and the card says that rather than hiding it.
 */
export function profileSection(t: Translate, profile: UnitProfile["profile"], o: { locale: Locale; k: number }) {
  if (!profile.released) return { lines: [t(`results.reasons.${profile.reason}`, { k: o.k })], factors: [], scaleNote: "" };
  const v = profile.value;
  const one = new Intl.NumberFormat(o.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(o.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const name = (id: string) => t(`healthFactors.factors.${id}`);
  const shown = v.factors.filter((f): f is Extract<typeof f, { shown: true }> => f.shown).sort((a, b) => a.mean - b.mean);
  const hidden = v.factors.filter((f): f is Extract<typeof f, { shown: false }> => !f.shown);
  return {
    lines: [
      t("healthFactors.profile.respondents", { count: v.respondents }),
      ...(v.weakest ? [t("healthFactors.profile.weakest", { factor: name(v.weakest) })] : []),
      ...(v.strongest && v.strongest !== v.weakest ? [t("healthFactors.profile.strongest", { factor: name(v.strongest) })] : []),
    ],
    // Said once for the card, not under each factor: in a small unit it holds for all of them.
    scaleNote: shown.some((f) => f.distribution === null)
      ? `${t("healthFactors.profile.scaleNote")} ${t("healthFactors.profile.distributionSmallGroup", { min: DISTRIBUTION_SMALL_GROUP })}`
      : t("healthFactors.profile.scaleNote"),
    factors: [
      ...shown.map((f) => ({
        name: name(f.factorId),
        bar: `${bar(f.mean)} ${one.format(f.mean)}`,
        line: t("healthFactors.profile.factorLine", {
          mean:
            f.change === null
              ? t("healthFactors.profile.mean", { mean: one.format(f.mean) })
              : t("healthFactors.profile.meanChange", { mean: one.format(f.mean), change: signed.format(f.change) }),
          rated: f.rated,
          dk: f.dontKnow,
        }),
        distribution: f.distribution ? t("healthFactors.profile.distribution", { values: f.distribution.map((d) => d.count).join(" · ") }) : "",
        dontKnow:
          f.dontKnow / (f.rated + f.dontKnow) >= MANY_DONT_KNOW ? t("healthFactors.profile.manyDontKnow", { dk: f.dontKnow, total: f.rated + f.dontKnow }) : "",
      })),
      ...hidden.map((f) => ({
        name: name(f.factorId),
        bar: "",
        line: t(f.reason === "differencing" ? "healthFactors.profile.factorHiddenDifferencing" : "healthFactors.profile.factorHidden", { k: o.k }),
        distribution: "",
        dontKnow: "",
      })),
    ],
  };
}

/**
 * The due reminder to both parties: on the due day "ska vara klar i dag", later (after a pause) the
 * date it was due; done and postpone right on the card.
 */
export function hfActivityDueCardJson(a: ActivityView & { unitName: string }, o: { locale: Locale; today: string }): Card {
  const t = translatorFor(o.locale);
  const data = (kind: "done" | "postpone" | "edit") => actionData("hf.activityChange", { activityId: a.id, slot: 0, kind });
  return expandCard("hf-activity", {
    title: t("healthFactors.activities.dueTitle", { unit: a.unitName }),
    dueText:
      a.dueDate === o.today
        ? t("healthFactors.activities.dueToday")
        : t("healthFactors.activities.dueText", { due: formatDay(a.dueDate, o.locale, "UTC") }) /* a calendar day reads the same in any zone */,
    line: t("healthFactors.activities.item", {
      what: a.what,
      owner: a.owner,
      due: formatDay(a.dueDate, o.locale, "UTC"),
      factor: t(`healthFactors.factors.${a.factorId}`),
    }),
    hint: t("healthFactors.activities.dueHint"),
    ...activityActions(t, a, 0, data),
  });
}

/**
 * What each member of the unit gets once the priorities are agreed ("Så tycker vi", "Det här gör
 * vi"): the unit's released profile only (or the reason it is not shown), the agreed factors and
 * the activities so far — to talk about at the APT.
 */
export function hfMemberResultCardJson(
  p: UnitProfile,
  agreed: { factorIds: string[] },
  activities: ActivityView[],
  o: { locale: Locale; k: number; timeZone: string; stage?: "agreed" | "activities" },
): Card {
  const t = translatorFor(o.locale);
  const label = (id: string) => t(`healthFactors.factors.${id}`);
  return expandCard("hf-result", {
    title: t("healthFactors.result.title", { unit: p.unit.name }),
    intro: t(o.stage === "activities" ? "healthFactors.result.activitiesIntro" : "healthFactors.result.intro", {
      date: formatDay(p.round.closesAt, o.locale, o.timeZone),
    }),
    howHeading: t("healthFactors.result.howHeading"),
    profile: profileSection(t, p.profile, o),
    doHeading: t("healthFactors.result.doHeading"),
    priorities: agreed.factorIds.map((id) => `• ${label(id)}`),
    activitiesHeading: t("healthFactors.activities.heading"),
    activities:
      activities.length === 0
        ? [t("healthFactors.result.noActivities")]
        : activities.map(
            (a) =>
              `• ${t("healthFactors.activities.item", { what: a.what, owner: a.owner, due: formatDay(a.dueDate, o.locale, o.timeZone), factor: label(a.factorId) })}`,
          ),
    footer: t("healthFactors.result.footer"),
  });
}

export function hfOverviewCardJson(
  rounds: RoundOverview[],
  responses: Map<string, Map<string, Figure<number>>>,
  o: { locale: Locale; k: number; timeZone: string },
): Card {
  const t = translatorFor(o.locale);
  return expandCard("hf-overview", {
    title: t("healthFactors.overview.title"),
    rounds: rounds.map((r) => ({
      heading: t("healthFactors.overview.round", {
        opened: formatDay(r.round.opensAt, o.locale, o.timeZone),
        closes: formatDay(r.round.closesAt, o.locale, o.timeZone),
      }),
      rows: r.rows.map((row) => {
        const figure = responses.get(r.round.id)?.get(row.unit.id);
        const count = !figure
          ? "–"
          : figure.released
            ? t("healthFactors.overview.responses", { count: figure.value })
            : t(`results.reasonsShort.${figure.reason}`, { k: o.k });
        return {
          title: row.unit.name,
          value:
            row.state === "collecting"
              ? t("healthFactors.overview.states.collecting")
              : t("healthFactors.overview.row", { state: t(`healthFactors.overview.states.${row.state}`), responses: count }),
        };
      }),
    })),
    note: rounds.length === 0 ? t("healthFactors.overview.noRounds") : t("healthFactors.overview.collectingNote"),
  });
}
