// The tab sees figures only as the cards do (issue 17, ADR 0023): lint keeps the answer and cell
// tables, the release rules and the minting of Released figures out of src/tab, and the tab away
// from the bot's cards; the domain never imports the tab.
import { expect, it } from "vitest";
import { brokenRules } from "../harness/lint-text.js";

it("reports a tab route that reads cells or answers itself", async () => {
  const code = `export async function read(db: { pulseCell: { findMany(): Promise<unknown[]> } }) {\n  return db.pulseCell.findMany();\n}\n`;
  expect(await brokenRules("src/tab/api/some-route.ts", code)).toEqual([expect.stringMatching(/^no-restricted-syntax: .*only in src\/domain\/aggregates/)]);
  const sql = 'export const q = `SELECT * FROM "PulseAnswer"`;\n';
  expect(await brokenRules("src/tab/api/some-route.ts", sql)).toEqual([expect.stringMatching(/^no-restricted-syntax: .*in SQL too/)]);
});

it("reports a tab file that makes Released figures or uses the release rules directly", async () => {
  const mint = `import { release } from "../../domain/aggregates/released.js";\nexport const f = release(3);\n`;
  expect(await brokenRules("src/tab/api/some-route.ts", mint)).toEqual([
    expect.stringMatching(/^no-restricted-syntax: Only the aggregates module releases figures/),
  ]);
  const rules = `import { decideReleases } from "../../domain/aggregates/release-rules.js";\nexport const d = decideReleases;\n`;
  expect(await brokenRules("src/tab/api/some-route.ts", rules)).toEqual([expect.stringMatching(/^no-restricted-syntax: Internal to src\/domain\/aggregates/)]);
  const read = `import { readUnitSummary } from "../../domain/aggregates/read-unit-summary.js";\nexport const r = readUnitSummary;\n`;
  expect(await brokenRules("src/tab/api/some-route.ts", read)).toEqual([]);
});

it("keeps the tab away from the bot's cards and SDK, and the domain away from the tab", async () => {
  const cards = `import { buildSummaryCard } from "../../teams/cards/summary-card.js";\nexport const c = buildSummaryCard;\n`;
  expect(await brokenRules("src/tab/api/some-route.ts", cards)).toEqual([expect.stringMatching(/^no-restricted-imports: .*not from the bot's cards/)]);
  const sdk = `import { TurnContext } from "botbuilder";\nexport const t = TurnContext;\n`;
  expect(await brokenRules("src/tab/api/some-route.ts", sdk)).toEqual([expect.stringMatching(/^no-restricted-imports: .*Bot Framework/)]);
  const domain = `import { viewerOf } from "../../tab/viewer.js";\nexport const v = viewerOf;\n`;
  expect(await brokenRules("src/domain/aggregates/some-figures.ts", domain)).toEqual([expect.stringMatching(/^no-restricted-imports: .*adapters/)]);
});
