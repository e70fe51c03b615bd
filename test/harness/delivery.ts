// A dispatcher wired exactly as in production (the real connector sender), aimed at the fake
// connector through the stored serviceUrl.
import { createLogger } from "../../src/logger.js";
import { loadConfig } from "../../src/config.js";
import { createConnectorSender } from "../../src/teams/connector-sender.js";
import { Dispatcher, type DispatcherOptions } from "../../src/delivery/dispatcher.js";
import type { Db } from "../../src/db/client.js";
import type { DatabaseTarget } from "../../src/db/database-target.js";
import { systemClock } from "../../src/clock.js";
import type { PlannedMessage } from "../../src/delivery/enqueue.js";

export function createTestDispatcher(db: Db, provider: DatabaseTarget["provider"], overrides: Partial<DispatcherOptions> = {}): Dispatcher {
  const config = loadConfig({ NODE_ENV: "test" });
  const logger = createLogger("silent");
  return new Dispatcher({
    db,
    provider,
    sender: createConnectorSender(config),
    clock: systemClock,
    logger,
    limits: { tenantPerSecond: null, conversationIntervalMs: 1_000 },
    ...overrides,
  });
}

export function textMessage(
  key: string,
  person: { personId: string; conversationRefId: string },
  text = `hej ${key}`,
  notBefore = new Date(0),
): PlannedMessage {
  return {
    idempotencyKey: key,
    kind: "test",
    personId: person.personId,
    conversationRefId: person.conversationRefId,
    activity: { type: "message", text },
    notBefore,
  };
}

/** How many times the connector received each text: the duplicate/loss check. */
export function receivedCounts(sent: { activity: Record<string, any> }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sent) counts.set(s.activity.text, (counts.get(s.activity.text) ?? 0) + 1);
  return counts;
}
