// The bot in the Microsoft 365 Agents Playground (a real Teams emulator, no browser): install in
// the personal scope, the welcome card in Swedish for a person from the demo org, then `hjälp`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { startPlayground, cardText, type Playground } from "../harness/playground.js";
import { importOrg } from "../../src/domain/org/import/import-org.js";
import { systemClock } from "../../src/clock.js";
import { readOrgDir, ORG_DEMO_DIR } from "../harness/org-files.js";

let app: TestApp;
let playground: Playground;

beforeAll(async () => {
  app = await startTestApp();
  await importOrg(app.db, readOrgDir(ORG_DEMO_DIR), { source: "test", clock: systemClock });
  playground = await startPlayground(`${app.url}/api/messages`);
}, 60_000);

afterAll(async () => {
  await playground?.stop();
  await app?.stop();
});

describe("Friskpuls in the Agents Playground", () => {
  it("welcomes the installing user by name, links the conversation to the person and answers hjälp", async () => {
    await playground.install();
    const welcome = await playground.waitForMessage((m) => m.attachments.some((a) => a.contentType === "application/vnd.microsoft.card.adaptive"));
    const card = welcome.attachments[0]!.content;
    expect(card.version).toBe("1.5");
    expect(cardText(card)).toContain("Välkommen till Friskpuls, Daniel Eriksson!");
    expect(cardText(card)).toContain("minst 5 personer");

    const ref = await app.db.conversationRef.findFirstOrThrow({ where: { conversationId: playground.personalChatId } });
    expect(ref).toMatchObject({ personId: "P000010", active: true });
    expect(ref.serviceUrl).toContain("/_connector");

    const before = playground.messages.length;
    await playground.say("hjälp");
    const help = await playground.waitForMessage((m) => playground.messages.indexOf(m) >= before && m.attachments.length > 0);
    expect(cardText(help.attachments[0]!.content)).toContain("Det här kan du göra i Friskpuls");
  });
});
