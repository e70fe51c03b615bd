// Every aggregate a person is shown is recorded: who, which unit, which pulse, how, when.
// The detail holds ids only, never figures.
import type { DbTx } from "../../db/client.js";

export interface AggregateView {
  actorId: string;
  unitId: string;
  /** The pulse, or the friskfaktor round; null: an overview of an area, or a unit page, without a summarised pulse yet (tab). */
  pulseId: string | null;
  /** The tab's unit page: the friskfaktor round shown beside the pulses. */
  roundId?: string | null;
  /** tabUnit / tabFiguresCsv: the tab's unit page and its CSV of released figures (issue 17). */
  view: "unitSummary" | "subtreeOverview" | "hfProfile" | "memberResult" | "tabUnit" | "tabFiguresCsv";
  /** proactive: sent after the pulse closed; command: asked for in chat; tab: read in the Teams tab. */
  via: "proactive" | "command" | "tab";
  at: Date;
}

export async function recordAggregateViews(db: DbTx, views: AggregateView[]): Promise<void> {
  for (let i = 0; i < views.length; i += 500) {
    await db.auditEvent.createMany({
      data: views.slice(i, i + 500).map((v) => ({
        at: v.at,
        actorId: v.actorId,
        action: `aggregate.${v.view}`,
        subjectType: "unit",
        subjectId: v.unitId,
        detail: JSON.stringify({ pulseId: v.pulseId, ...(v.roundId !== undefined ? { roundId: v.roundId } : {}), via: v.via }),
      })),
    });
  }
}
