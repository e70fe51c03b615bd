// One Connector client per bot id, service URL and audience is kept across turns (src/teams/adapter.ts,
// issue 8). Replies must still go to the service URL of the activity they answer: interleaved
// conversations from two Bot Connector regions each get their replies, and only theirs.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { message, teamsUser } from "../harness/activities.js";
import { FakeConnector, cardText } from "../harness/fake-connector.js";
import { buildPerson } from "../harness/factories.js";

let app: TestApp;
let otherRegion: FakeConnector;
beforeAll(async () => {
  app = await startTestApp({ env: { SCHEDULER_ENABLED: "false" } });
  otherRegion = await new FakeConnector().start();
});
afterAll(async () => {
  await otherRegion.stop();
  await app.stop();
});

it("sends each reply through the service URL its activity came from, turn after turn", async () => {
  const users = await Promise.all([0, 1, 2, 3].map(async () => teamsUser({ aadObjectId: (await buildPerson(app.db)).aadObjectId! })));
  const regionOf = (i: number) => (i % 2 === 0 ? app.connector : otherRegion);
  for (let round = 0; round < 3; round++) {
    for (const [i, user] of users.entries()) expect((await app.post(message(user, regionOf(i).url, "hjälp"))).status).toBe(200);
  }
  for (const [i, user] of users.entries()) {
    const here = regionOf(i);
    const there = regionOf(i + 1);
    expect(here.cardsTo(user.conversationId)).toHaveLength(3);
    expect(cardText(here.cardsTo(user.conversationId)[0]!)).toContain("Det här kan du göra i Friskpuls");
    expect(there.cardsTo(user.conversationId)).toHaveLength(0);
  }
});
