// Friskfaktor cards: the HR partner's start form, the member's rating card, the unit card each
// party sees (profile + where the agreement stands + what this person can do next) and the HR
// overview. Figures come only as Released (the profile) from the aggregates module.
import { translatorFor, type Locale, type Translate } from "../../i18n/index.js";
import { formatDay, formatDayTime } from "../../i18n/dates.js";
import { FACTOR_IDS, ROUND_WINDOWS_DAYS, type FactorId } from "../../domain/health-factors/catalogue.js";
import type { RatingView } from "../../domain/health-factors/record-ratings.js";
import type { UnitProfile } from "../../domain/aggregates/read-hf-profile.js";
import type { AgreementState } from "../../domain/priorities/agreement.js";
import type { Side } from "../../domain/priorities/parties.js";
import type { RoundOverview } from "../../domain/health-factors/round-overview.js";
import type { Figure } from "../../domain/aggregates/released.js";
import { expandCard, noticeColor, type NoticeTone } from "./render-card.js";
import { actionData } from "../card-verbs.js";

type Card = Record<string, unknown>;

const formatDate = (d: Date, locale: Locale, timeZone: string, withTime = false) =>
  withTime ? formatDayTime(d, locale, timeZone) : formatDay(d, locale, timeZone);

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

export function hfRatingCardJson(view: RatingView, o: { locale: Locale; k: number; timeZone: string; reminder?: boolean }): Card {
  const t = translatorFor(o.locale);
  const answered = Object.keys(view.ratings).length === FACTOR_IDS.length;
  const scale = (v: string) => t(`healthFactors.scale.${v}`);
  const valueOf = (id: FactorId) => (view.ratings[id] === undefined ? "" : view.ratings[id] === null ? "dk" : String(view.ratings[id]));
  return expandCard("hf-rating", {
    title: !view.open ? t("healthFactors.rate.closedTitle") : o.reminder ? t("healthFactors.rate.reminderTitle") : t("healthFactors.rate.title"),
    intro: view.open && !answered ? t("healthFactors.rate.intro") : "",
    open: view.open,
    factors: FACTOR_IDS.map((id) => ({
      id,
      label: t(`healthFactors.factors.${id}`),
      placeholder: t("healthFactors.rate.choose"),
      error: t("healthFactors.rate.required"),
      value: valueOf(id),
      open: view.open,
      choices: ["1", "2", "3", "4", "5", "dk"].map((v) => ({ title: scale(v), value: v })),
    })),
    answered: view.open ? [] : FACTOR_IDS.filter((id) => valueOf(id)).map((id) => `${t(`healthFactors.factors.${id}`)}: ${scale(valueOf(id))}`),
    thanks: { show: answered && view.open, title: t("healthFactors.rate.thanks"), whoSees: t("healthFactors.rate.whoSees", { k: o.k }) },
    footer: view.open
      ? t("healthFactors.rate.changeUntil", { when: formatDate(view.closesAt, o.locale, o.timeZone, true) })
      : t("healthFactors.rate.closedText"),
    submit: answered ? t("healthFactors.rate.update") : t("healthFactors.rate.send"),
    data: actionData("hf.rate", { roundId: view.roundId }),
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
}

export function hfUnitCardJson(
  p: UnitProfile,
  agreement: AgreementState,
  activities: { factorId: string; what: string; owner: string; dueDate: string }[],
  viewer: UnitCardViewer,
  o: UnitCardOptions,
): Card {
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
      t("healthFactors.priorities.agreedBy", { date: formatDate(agreement.agreed.at, o.locale, o.timeZone) }),
    );
  } else if (proposal) {
    agreementLines.push(
      theirs ? t("healthFactors.priorities.proposedBy", { name: viewer.names.get(proposal.actorId) ?? "" }) : t("healthFactors.priorities.youProposed"),
      ...proposal.factorIds.map((id) => `• ${label(id)}`),
    );
    if (!theirs) agreementLines.push(t("healthFactors.priorities.waiting", { other: t(`healthFactors.priorities.other.${otherRole}`) }));
  }
  return expandCard("hf-unit", {
    title: agreement.agreed ? t("healthFactors.priorities.agreedTitle", { unit: p.unit.name }) : t("healthFactors.profile.title", { unit: p.unit.name }),
    subtitle: t("healthFactors.profile.subtitle", { date: formatDate(p.round.closesAt, o.locale, o.timeZone) }),
    notice: o.notice ?? "",
    noticeColor: noticeColor(o.noticeTone ?? "attention"),
    profile: profileSection(t, p.profile, o),
    agreement: { lines: agreementLines },
    confirm: {
      show: open && !!theirs,
      label: t("healthFactors.priorities.confirm"),
      data: actionData("hf.confirm", { ...ids, factorIds: proposal?.factorIds ?? [] }),
    },
    propose: {
      show: open,
      label: proposal ? t("healthFactors.priorities.counter") : t("healthFactors.priorities.choose"),
      button: proposal ? t("healthFactors.priorities.counter") : t("healthFactors.priorities.propose"),
      choices: FACTOR_IDS.map((id) => ({ title: label(id), value: id })),
      value: (proposal?.factorIds ?? suggestion(p.profile)).join(","),
      data: actionData("hf.propose", ids),
    },
    activities: {
      show: !!agreement.agreed,
      heading: t("healthFactors.activities.heading"),
      lines:
        activities.length === 0
          ? [t("healthFactors.activities.none")]
          : activities.map((a) => `• ${t("healthFactors.activities.item", { what: a.what, owner: a.owner, due: a.dueDate, factor: label(a.factorId) })}`),
    },
    addActivity: {
      show: !!agreement.agreed,
      factors: (agreement.agreed?.factorIds ?? []).map((id) => ({ title: label(id), value: id })),
      firstFactor: agreement.agreed?.factorIds[0] ?? "",
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

/** The weakest factor pre-selected as a starting point, when the profile shows one. */
function suggestion(profile: UnitProfile["profile"]): string[] {
  return profile.released && profile.value.weakest ? [profile.value.weakest] : [];
}

function profileSection(t: Translate, profile: UnitProfile["profile"], o: UnitCardOptions) {
  if (!profile.released) return { lines: [t(`results.reasons.${profile.reason}`, { k: o.k })], facts: [] };
  const v = profile.value;
  const one = new Intl.NumberFormat(o.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(o.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const name = (id: string) => t(`healthFactors.factors.${id}`);
  return {
    lines: [
      t("healthFactors.profile.respondents", { count: v.respondents }),
      ...(v.weakest ? [t("healthFactors.profile.weakest", { factor: name(v.weakest) })] : []),
      ...(v.strongest && v.strongest !== v.weakest ? [t("healthFactors.profile.strongest", { factor: name(v.strongest) })] : []),
    ],
    facts: v.factors.map((f) => ({
      title: name(f.factorId),
      value: f.shown
        ? t("healthFactors.profile.factorLine", {
            mean:
              f.change === null
                ? t("healthFactors.profile.mean", { mean: one.format(f.mean) })
                : t("healthFactors.profile.meanChange", { mean: one.format(f.mean), change: signed.format(f.change) }),
            rated: f.rated,
            dk: f.dontKnow,
          })
        : t(f.reason === "differencing" ? "healthFactors.profile.factorHiddenDifferencing" : "healthFactors.profile.factorHidden", { k: o.k }),
    })),
  };
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
        opened: formatDate(r.round.opensAt, o.locale, o.timeZone),
        closes: formatDate(r.round.closesAt, o.locale, o.timeZone),
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
