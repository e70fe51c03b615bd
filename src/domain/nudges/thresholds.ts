// The early-signal thresholds (DESIGN.md, "Early signals and nudges"), configurable per deployment.
export interface NudgeThresholds {
  /** A case when a person has MORE than this many sick-leave occasions… */
  sickLeaveOccasions: number;
  /** …starting within this many months. */
  sickLeaveMonths: number;
  /** A unit's share of Bra/Mycket bra this many points below its baseline. */
  pulseDropPoints: number;
  /** Released pulses before the latest that make the baseline. */
  baselinePulses: number;
  /** An open case neither planned nor done after this many days goes to the HR partner, once. */
  escalationDays: number;
}

export const DEFAULT_NUDGE_THRESHOLDS: NudgeThresholds = {
  sickLeaveOccasions: 3,
  sickLeaveMonths: 12,
  pulseDropPoints: 10,
  baselinePulses: 6,
  escalationDays: 14,
};

export const SIGNALS = ["short_sick_leave", "falling_pulse", "contact_request"] as const;
export type Signal = (typeof SIGNALS)[number];
