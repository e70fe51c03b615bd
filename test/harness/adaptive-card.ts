// Validates card JSON as Adaptive Card 1.5 with the `adaptivecards` library (the reference
// renderer's object model): parse events and property validation, as messages.
import { createRequire } from "node:module";

// The package's ESM build has extensionless imports Node cannot load; its UMD bundle is fine.
const AC = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js");

export function validateAdaptiveCard(card: Record<string, unknown>): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const issue of parsed.validateProperties().validationEvents) problems.push(issue.message);
  return problems;
}
