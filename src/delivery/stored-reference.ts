import { z } from "zod/v4";

// A ConversationReference read back from the database is a trust boundary too.
const StoredReferenceSchema = z.looseObject({
  serviceUrl: z.string().min(1),
  channelId: z.string().optional(),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

export function parseStoredReference(json: string): Record<string, unknown> | undefined {
  try {
    const parsed = StoredReferenceSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
