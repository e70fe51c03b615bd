import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, message, teamsUser } from "../harness/activities.js";
import { cardText } from "../harness/fake-connector.js";
import { validateAdaptiveCard } from "../harness/adaptive-card.js";
import { itAtWidth, renderCardAt } from "../harness/card-at-width.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";

/** Help's command buttons as Teams receives them: each an Action.Submit whose imBack types the command. */
interface CommandButton {
  type: string;
  title: string;
  imBack: string | undefined;
  description: string;
}

function commandButtons(card: Record<string, any>): CommandButton[] {
  return card.body
    .filter((b: any) => b.type === "ColumnSet")
    .map((row: any) => {
      const action = row.columns[0].items[0].actions[0];
      return {
        type: action.type,
        title: action.title,
        imBack: action.data?.msteams?.type === "imBack" ? action.data.msteams.value : undefined,
        description: row.columns[1].items[0].text,
      };
    });
}

describe("chat commands hjälp/help and om/about", () => {
  let app: TestApp;
  let unitId: string;
  beforeAll(async () => {
    app = await startTestApp();
    unitId = (await buildUnit(app.db, { name: "Hemtjänst Norr" })).id;
  });
  afterAll(async () => app.stop());

  async function userWithRoles(roles: ("member" | "manager" | "safety_rep" | "hr_partner")[], locale = "sv-SE") {
    const person = await buildPerson(app.db, { locale });
    for (const role of roles) await assignRole(app.db, person.id, unitId, role);
    return teamsUser({ aadObjectId: person.aadObjectId!, locale });
  }

  it("answers hjälp for a member with what a member can do and the commands, in Swedish", async () => {
    const user = await userWithRoles(["member"]);
    const res = await app.post(message(user, app.serviceUrl, "hjälp"));
    expect(res.status).toBe(200);
    const text = cardText(app.connector.cardsTo(user.conversationId)[0]!);
    expect(text).toContain("Det här kan du göra i Friskpuls");
    expect(text).toContain("Som medarbetare");
    expect(text).not.toContain("Som chef");
    expect(commandButtons(app.connector.cardsTo(user.conversationId)[0]!).map((b) => b.imBack)).toEqual(["om", "mina uppgifter"]);
  });

  it("shows a manager who is also a member both roles' abilities, with k", async () => {
    const user = await userWithRoles(["member", "manager"]);
    await app.post(message(user, app.serviceUrl, "Hjälp!"));
    const text = cardText(app.connector.cardsTo(user.conversationId)[0]!);
    expect(text).toContain("Som medarbetare");
    expect(text).toContain("Som chef");
    expect(text).toContain("minst 5 har svarat");
  });

  it("answers help in English for an en-US person, with the English command words", async () => {
    const user = await userWithRoles(["hr_partner"], "en-US");
    await app.post(message(user, app.serviceUrl, "<p>help</p>"));
    const card = app.connector.cardsTo(user.conversationId)[0]!;
    const text = cardText(card);
    expect(text).toContain("What you can do in Friskpuls");
    expect(text).toContain("As HR partner");
    expect(commandButtons(card).map((b) => b.imBack)).toEqual(["about", "results", "healthfactors", "cases", "schedule", "my data"]); // schedule: HR partners only
  });

  it("tells someone outside the org data that they cannot answer questions", async () => {
    const user = teamsUser();
    await app.post(message(user, app.serviceUrl, "hjälp"));
    expect(cardText(app.connector.cardsTo(user.conversationId)[0]!)).toContain("Du finns inte i organisationens personaldata");
  });

  it("answers om with the privacy summary: k, no individual answers, retention", async () => {
    const user = await userWithRoles(["member"]);
    await app.post(message(user, app.serviceUrl, "om"));
    const text = cardText(app.connector.cardsTo(user.conversationId)[0]!);
    expect(text).toContain("minst 5 personer");
    expect(text).toContain("färre än 5");
    expect(text).toContain("Ingen kan se vad en enskild person har svarat");
    expect(text).toContain("24 månader");
  });

  it("never uses roles claimed in the activity: a member who sends channelData roles is still a member", async () => {
    const user = await userWithRoles(["member"]);
    const activity = message(user, app.serviceUrl, "hjälp") as Record<string, any>;
    activity.channelData.roles = ["hr_partner"];
    activity.from.role = "manager";
    await app.post(activity);
    const text = cardText(app.connector.cardsTo(user.conversationId)[0]!);
    expect(text).not.toContain("Som HR-partner");
    expect(text).not.toContain("Som chef");
  });

  it("hjälp has a button per command the sender may use, and a tap runs that command (sv and en)", async () => {
    const user = await userWithRoles(["member", "hr_partner"]);
    await app.post(message(user, app.serviceUrl, "hjälp"));
    const card = app.connector.cardsTo(user.conversationId)[0]!;
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(cardText(card)).toContain("Tryck på ett kommando eller skriv det i chatten.");
    const buttons = commandButtons(card);
    expect(buttons.map((b) => b.imBack)).toEqual(["om", "resultat", "friskfaktorer", "ärenden", "pulsschema", "mina uppgifter"]);
    for (const b of buttons) {
      expect(b.type).toBe("Action.Submit");
      expect(b.title).toBe(b.imBack);
      expect(b.description).toBeTruthy();
    }
    expect(buttons.find((b) => b.imBack === "pulsschema")!.description).toBe(
      "när pulsen kommer: schema, uppehåll och frågepaket (HR-partner); uppehåll för din enhet (chef)",
    );
    // What Teams sends on a tap: the imBack value as the person's message.
    await app.post(message(user, app.serviceUrl, buttons[0]!.imBack!));
    expect(cardText(app.connector.cardsTo(user.conversationId)[1]!)).toContain("Om Friskpuls och dina uppgifter");

    const member = await userWithRoles(["member"], "en-US");
    await app.post(message(member, app.serviceUrl, "help"));
    const en = app.connector.cardsTo(member.conversationId)[0]!;
    expect(validateAdaptiveCard(en)).toEqual([]);
    expect(commandButtons(en).map((b) => b.imBack)).toEqual(["about", "my data"]);
    expect(cardText(en)).toContain("Tap a command or type it in the chat.");
  });

  itAtWidth(
    "hjälp and the welcome card fit a 360 px phone, every button readable (sv and en)",
    async () => {
      for (const locale of ["sv-SE", "en-US"]) {
        const user = await userWithRoles(["member", "manager", "safety_rep", "hr_partner"], locale);
        await app.post(message(user, app.serviceUrl, locale === "sv-SE" ? "hjälp" : "help"));
        await app.post(botAdded(user, app.serviceUrl));
        const [help, welcome] = app.connector.cardsTo(user.conversationId);
        for (const card of [help!, welcome!]) {
          const drawn = await renderCardAt(card, { width: 360 });
          expect(drawn.problems, `${locale} ${card.body[0].text}`).toEqual([]);
        }
        expect((await renderCardAt(help!, { width: 360 })).text).toContain(locale === "sv-SE" ? "mina uppgifter" : "my data");
      }
    },
    60_000,
  );

  it("om tells about sick leave from the HR system and the pseudonym, in Swedish and English", async () => {
    const sv = await userWithRoles(["member"]);
    await app.post(message(sv, app.serviceUrl, "om"));
    const svCard = app.connector.cardsTo(sv.conversationId)[0]!;
    expect(validateAdaptiveCard(svCard)).toEqual([]);
    const svText = cardText(svCard);
    expect(svText).toContain("Dina svar sparas under en pseudonym");
    expect(svText).toContain("Svaren är alltså inte anonyma");
    expect(svText).toContain("Friskpuls får dina sjukfrånvarotillfällen (första och sista dag) från HR-systemet");
    expect(svText).toContain("fler än 3 tillfällen på 12 månader");
    expect(svText).toContain("efter 14 dagar får din HR-partner samma kort");
    expect(svText).toContain("aldrig datum, orsak, diagnos eller dina svar");

    const en = await userWithRoles(["member"], "en-US");
    await app.post(message(en, app.serviceUrl, "about"));
    const enText = cardText(app.connector.cardsTo(en.conversationId)[0]!);
    expect(enText).toContain("Your answers are stored under a pseudonym");
    expect(enText).toContain("Friskpuls receives your sick-leave occasions (first and last day) from the HR system");
    expect(enText).toContain("after 14 days, your HR partner gets the same card");
  });
});

describe("texts (issue 16)", () => {
  it("no text calls answers anonymous unless it says they are not, and Swedish spells HR-partner one way", async () => {
    const { readFileSync } = await import("node:fs");
    const texts = (name: string) => {
      const out: string[] = [];
      const walk = (node: unknown) => (typeof node === "string" ? out.push(node) : node && typeof node === "object" && Object.values(node).forEach(walk));
      walk(JSON.parse(readFileSync(new URL(`../../src/i18n/${name}.json`, import.meta.url), "utf8")));
      return out;
    };
    for (const text of texts("sv")) {
      expect(text.replace(/inte anonyma/g, "")).not.toMatch(/anonym/i);
      expect(text).not.toMatch(/\b(hr|Hr)-partner|HR partner|HR-Partner/);
    }
    for (const text of texts("en")) expect(text.replace(/not anonymous/g, "")).not.toMatch(/anonym/i);
    expect(texts("sv").filter((t) => t.includes("HR-partner")).length).toBeGreaterThan(10);
  });
});
