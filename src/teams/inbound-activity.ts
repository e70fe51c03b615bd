// The envelope of an inbound Bot Framework activity, checked after authentication and before the
// turn: the fields botbuilder, teams-ai and our handlers read must have the types they assume, so a
// malformed activity is a 400 and never a crash inside the SDK (a 500). Card data (`value`) is left
// to each handler's strict schema; unknown fields pass (Teams adds its own).
import { z } from "zod/v4";

// Ids go into the paths and headers of our requests to the Bot Connector (a reply's URL and its
// x-ms-conversation-id header). Teams' ids are visible ASCII; anything else — a bidi override, a
// zero-width space, a BOM, a line separator, a space or a control character — is refused here, as
// Node's HTTP client would refuse the reply (ERR_INVALID_CHAR: a turn error behind a 200, issue 21).
const id = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, "not a Teams id (visible ASCII)");
const text = (max: number) => z.string().max(max);
const account = z.looseObject({ id, name: text(512).optional(), aadObjectId: text(128).optional(), role: text(64).optional() });
const httpUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const url = new URL(s);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "not an http(s) URL");

export const InboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: id.optional(),
  name: text(256).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: httpUrl,
  from: account,
  recipient: account,
  conversation: z.looseObject({ id, tenantId: text(128).optional(), conversationType: text(64).optional() }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: text(128).optional() }).optional() }).optional(),
  text: text(100_000).optional(),
  // Card data (Action.Submit, invokes): an object whose fields each handler checks; teams-ai reads
  // value.verb / value.action before any handler runs, so null, arrays and scalars stop here.
  value: z.looseObject({}).optional(),
  textFormat: text(32).optional(),
  locale: text(64).optional(),
  action: text(64).optional(),
  replyToId: id.optional(),
  timestamp: text(64).optional(),
  localTimestamp: text(64).optional(),
  membersAdded: z.array(account).max(1000).optional(),
  membersRemoved: z.array(account).max(1000).optional(),
  entities: z
    .array(z.looseObject({ type: text(128) }))
    .max(100)
    .optional(),
  attachments: z
    .array(z.looseObject({ contentType: text(256) }))
    .max(50)
    .optional(),
  // Replies go to the Bot Connector; buffered replies in the HTTP response are not for Teams.
  deliveryMode: z.enum(["normal"]).optional(),
});

export type InboundActivity = z.infer<typeof InboundActivitySchema>;

/** Every tenant id the activity names (Teams sends it twice); an allow-list must admit all. */
export function activityTenantIds(activity: InboundActivity): string[] {
  return [activity.conversation.tenantId, activity.channelData?.tenant?.id].filter((t): t is string => t !== undefined);
}
