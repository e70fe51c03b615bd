// Matching people without an Entra id by e-mail, against the fake Graph over real HTTP and a real
// SQLite file: ids filled, ambiguity reported and never guessed, HR's CSV, and the org import
// keeping a Graph-matched id (ADR 0017).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INNER_LOOP } from "../harness/test-scope.js";
import { FakeGraph } from "../harness/fake-graph.js";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { orgFiles } from "../harness/org-files.js";
import { loadConfig } from "../../src/config.js";
import { fixedClock } from "../../src/clock.js";
import { createGraphReach } from "../../src/graph/create-graph-reach.js";
import { matchPeople } from "../../src/domain/reach/match-people.js";
import { importOrg } from "../../src/domain/org/import/import-org.js";
import { PROJECT_ROOT } from "../../src/project-root.js";

const run = promisify(execFile);
const clock = fixedClock("2026-11-02T08:00:00Z");

const UNITS = ["unit_id,name,parent_id", "U0,Kommunen,", "U1,Skolan,U0"];
const PEOPLE = [
  "person_id,display_name,email,aad_object_id,locale",
  "P1,Anna Andersson,anna@kommun.se,,sv-SE", // mail
  "P2,Bo Berg,bo@kommun.se,,sv-SE", // userPrincipalName only
  "P3,Cecilia Ek,cecilia@kommun.se,,sv-SE", // otherMails only
  "P4,David Fors,david@kommun.se,,sv-SE", // two accounts with the address: ambiguous
  "P5,Eva Gran,eva@kommun.se,,sv-SE", // a disabled account and an enabled one: the enabled one
  "P6,Filip Holm,filip@kommun.se,,sv-SE", // not in Entra
  "P7,Greta Ivarsson,,,sv-SE", // no e-mail
  "P8,Hugo Jonsson,hugo@kommun.se,,sv-SE", // Entra says he is P9's account
  "P9,Ida Karlsson,ida@kommun.se,99999999-9999-4999-8999-999999999999,sv-SE",
  "P10,Jon O'Brien,jon.o'brien@kommun.se,,sv-SE", // a quote in the address
];
const ASSIGNMENTS = ["person_id,unit_id,role", ...Array.from({ length: 10 }, (_, i) => `P${i + 1},U1,member`)];

describe("matching people to Entra by e-mail", () => {
  let fake: FakeGraph;
  let t: TestDatabase;
  beforeEach(async () => {
    fake = await new FakeGraph().start();
    fake.pageSize = 2;
    t = await createSqliteTestDb();
    const imported = await importOrg(t.db, orgFiles({ units: UNITS, people: PEOPLE, assignments: ASSIGNMENTS }), { source: "test", clock });
    expect(imported.status).toBe("applied");
    fake.addUser({
      id: "aaaaaaaa-0000-4000-8000-000000000001",
      displayName: "Anna",
      mail: "Anna@kommun.se",
      userPrincipalName: "anna.a@kommun.onmicrosoft.com",
    });
    fake.addUser({ id: "aaaaaaaa-0000-4000-8000-000000000002", displayName: "Bo", mail: null, userPrincipalName: "bo@kommun.se" });
    fake.addUser({
      id: "aaaaaaaa-0000-4000-8000-000000000003",
      displayName: "Cecilia",
      mail: "cek@kommun.se",
      userPrincipalName: "cek@kommun.se",
      otherMails: ["cecilia@kommun.se"],
    });
    fake.addUser({ id: "aaaaaaaa-0000-4000-8000-000000000041", displayName: "David", mail: "david@kommun.se", userPrincipalName: "david@kommun.se" });
    fake.addUser({
      id: "aaaaaaaa-0000-4000-8000-000000000042",
      displayName: "David (admin)",
      mail: "david@kommun.se",
      userPrincipalName: "adm-david@kommun.se",
    });
    fake.addUser({
      id: "aaaaaaaa-0000-4000-8000-000000000051",
      displayName: "Eva (old)",
      mail: "eva@kommun.se",
      userPrincipalName: "eva.old@kommun.se",
      accountEnabled: false,
    });
    fake.addUser({ id: "aaaaaaaa-0000-4000-8000-000000000052", displayName: "Eva", mail: "eva@kommun.se", userPrincipalName: "eva@kommun.se" });
    fake.addUser({ id: "99999999-9999-4999-8999-999999999999", displayName: "Ida", mail: "hugo@kommun.se", userPrincipalName: "ida@kommun.se" });
    fake.addUser({ id: "aaaaaaaa-0000-4000-8000-000000000010", displayName: "Jon", mail: "jon.o'brien@kommun.se", userPrincipalName: "jon@kommun.se" });
  });
  afterEach(async () => {
    await t.cleanup();
    await fake.stop();
  });

  const reach = (env: Record<string, string> = {}) =>
    createGraphReach(loadConfig({ NODE_ENV: "test", DATABASE_URL: t.url, ...fake.env(env) }), { backoffMs: 10 })!;
  const idOf = async (id: string) => (await t.db.person.findUniqueOrThrow({ where: { id } })).aadObjectId;

  it("fills ids found by mail, UPN or other e-mail, skips disabled accounts, and never guesses between two", async () => {
    const report = await matchPeople(t.db, reach().directory, clock);

    expect(report).toMatchObject({ checked: 9, matched: 5, ambiguous: 1, notFound: 1, noEmail: 1, idTaken: 1, remaining: 0 });
    expect(await idOf("P1")).toBe("aaaaaaaa-0000-4000-8000-000000000001");
    expect(await idOf("P2")).toBe("aaaaaaaa-0000-4000-8000-000000000002");
    expect(await idOf("P3")).toBe("aaaaaaaa-0000-4000-8000-000000000003");
    expect(await idOf("P4")).toBeNull();
    expect(await idOf("P5")).toBe("aaaaaaaa-0000-4000-8000-000000000052");
    expect(await idOf("P6")).toBeNull();
    expect(await idOf("P8")).toBeNull();
    expect(await idOf("P10")).toBe("aaaaaaaa-0000-4000-8000-000000000010");
    expect((await t.db.person.findUniqueOrThrow({ where: { id: "P1" } })).aadObjectIdSource).toBe("graph");
    const outcomes = Object.fromEntries((await t.db.entraMatch.findMany()).map((m) => [m.personId, [m.outcome, m.candidates]]));
    expect(outcomes).toMatchObject({ P4: ["ambiguous", 2], P6: ["notFound", 0], P7: ["noEmail", 0], P8: ["idTaken", 1] });
    // Nine addresses (P7 has none) in one batch of up to 15; other e-mails only for P3 and P6, not found by mail or UPN.
    const lookups = fake.callsTo("GET", "/v1.0/users").map((c) => c.query.get("$filter") ?? "");
    expect(lookups.filter((f) => f.startsWith("mail in")).length).toBe(1);
    expect(lookups.filter((f) => f.startsWith("otherMails")).length).toBe(2);
    expect(lookups[0]).toContain("'jon.o''brien@kommun.se'");

    // A second run looks up only who is still unmatched, and matches nothing new.
    const again = await matchPeople(t.db, reach().directory, clock);
    expect(again).toMatchObject({ checked: 4, matched: 0, ambiguous: 1, notFound: 1, noEmail: 1, idTaken: 1 });
  });

  it("two people of the export pointing at one account are both ambiguous, not a failed run", async () => {
    await t.db.person.create({ data: { id: "P11", displayName: "Anna A", email: "anna.a@kommun.onmicrosoft.com" } });
    const report = await matchPeople(t.db, reach().directory, clock);
    expect(report).toMatchObject({ checked: 10, matched: 4, ambiguous: 3 });
    expect(await idOf("P1")).toBeNull();
    expect(await idOf("P11")).toBeNull();
  });

  it("links a conversation stored before anyone knew who the user was", async () => {
    await t.db.conversationRef.create({
      data: {
        conversationId: "a:1",
        userId: "29:1",
        aadObjectId: "aaaaaaaa-0000-4000-8000-000000000001",
        serviceUrl: "https://smba.example",
        channelId: "msteams",
        reference: "{}",
        installedAt: clock.now(),
      },
    });
    await matchPeople(t.db, reach().directory, clock);
    expect((await t.db.conversationRef.findUniqueOrThrow({ where: { conversationId: "a:1" } })).personId).toBe("P1");
  });

  it("keeps a Graph-matched id through a later import with an empty aad_object_id; the export's own id, or a changed e-mail, replaces it", async () => {
    await matchPeople(t.db, reach().directory, clock);
    const again = await importOrg(t.db, orgFiles({ units: UNITS, people: PEOPLE, assignments: ASSIGNMENTS }), { source: "test", clock });
    expect(again.status).toBe("unchanged");
    expect(await idOf("P1")).toBe("aaaaaaaa-0000-4000-8000-000000000001");

    const corrected = PEOPLE.map((line) =>
      line.startsWith("P1,")
        ? "P1,Anna Andersson,anna@kommun.se,bbbbbbbb-0000-4000-8000-000000000001,sv-SE"
        : line.startsWith("P2,")
          ? "P2,Bo Berg,bo.berg@kommun.se,,sv-SE"
          : line,
    );
    expect((await importOrg(t.db, orgFiles({ units: UNITS, people: corrected, assignments: ASSIGNMENTS }), { source: "test", clock })).status).toBe("applied");
    expect(await t.db.person.findUniqueOrThrow({ where: { id: "P1" } })).toMatchObject({
      aadObjectId: "bbbbbbbb-0000-4000-8000-000000000001",
      aadObjectIdSource: null,
    });
    expect(await t.db.person.findUniqueOrThrow({ where: { id: "P2" } })).toMatchObject({ aadObjectId: null, aadObjectIdSource: null });
    expect(await idOf("P3")).toBe("aaaaaaaa-0000-4000-8000-000000000003");

    // The export gives P3's Graph-matched id to someone else: the export wins, P3 is unmatched.
    const moved = corrected.map((line) => (line.startsWith("P6,") ? "P6,Filip Holm,filip@kommun.se,aaaaaaaa-0000-4000-8000-000000000003,sv-SE" : line));
    expect((await importOrg(t.db, orgFiles({ units: UNITS, people: moved, assignments: ASSIGNMENTS }), { source: "test", clock })).status).toBe("applied");
    expect(await idOf("P6")).toBe("aaaaaaaa-0000-4000-8000-000000000003");
    expect(await idOf("P3")).toBeNull();
  });

  it.skipIf(INNER_LOOP)("`friskpuls reach match --csv` writes HR's list: person_id and reason, no e-mail", async () => {
    const dir = mkdtempSync(join(tmpdir(), "friskpuls-reach-"));
    try {
      const file = join(dir, "omatchade.csv");
      const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), "reach", "match", "--csv", file], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: "silent", ...fake.env() },
      });
      expect(stdout).toContain("5 matchade, 4 inte matchade");
      expect(stdout).toContain("Personer som inte kunde matchas: 4");
      const lines = readFileSync(file, "utf8").trim().split("\r\n");
      expect(lines).toEqual([
        "person_id,reason,explanation",
        'P4,ambiguous,"flera konton i Entra har e-postadressen"',
        'P6,notFound,"hittades inte i Entra"',
        'P7,noEmail,"saknar e-post i personaldatan"',
        'P8,idTaken,"Entra-kontot tillhör redan en annan person"',
      ]);
      expect(readFileSync(file, "utf8")).not.toContain("@");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
