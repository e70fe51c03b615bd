// The Teams app package: the manifest and its English localisation validate against the Teams
// schema (v1.22, bundled in @microsoft/app-manifest: offline), icons have the required sizes,
// and the packaging script fills placeholders or refuses.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { inflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { unzipSync } from "fflate";
import { AppManifestUtils } from "@microsoft/app-manifest";
import { PROJECT_ROOT } from "../../src/project-root.js";

const run = promisify(execFile);
const teamsapp = (file: string) => join(PROJECT_ROOT, "teamsapp", file);
const sample = {
  TEAMS_APP_ID: "6f1c0b8e-2d3a-4c5b-9e7f-0a1b2c3d4e5f",
  BOT_ID: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
  BOT_DOMAIN: "friskpuls.exempelkommun.se",
  TAB_APP_ID: "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
};
/** The env/.env.dev values the sample does not override. */
const fromEnvFile = Object.fromEntries(
  readFileSync(join(PROJECT_ROOT, "env", ".env.dev"), "utf8")
    .split("\n")
    .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => [m[1], m[2]]),
);
const out = mkdtempSync(join(tmpdir(), "friskpuls-package-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function packageApp(env: Record<string, string>, envName = "dev") {
  try {
    const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, "scripts/package-teams-app.mjs"), "--env", envName, "--out", out], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TEAMS_APP_ID: "", BOT_ID: "", BOT_DOMAIN: "", TAB_APP_ID: "", ...env },
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, output: e.stderr };
  }
}

function filled(file: string) {
  return JSON.parse(
    readFileSync(teamsapp(file), "utf8").replace(
      /\$\{\{([A-Z0-9_]+)\}\}/g,
      (_, name: string) => (sample as Record<string, string>)[name] || fromEnvFile[name] || "",
    ),
  );
}

/** Width, height and RGBA pixels of a non-interlaced 8-bit RGBA PNG, any filter type. */
function decodePng(buffer: Buffer) {
  expect(buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0,
    height = 0,
    colorType = 0;
  const idat: Buffer[] = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString("ascii", offset + 4, offset + 8);
    const data = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9]!;
    }
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  const stride = width * 4;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const paeth = () => {
        const p = a + b - c,
          pa = Math.abs(p - a),
          pb = Math.abs(p - b),
          pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      };
      const predictor = [0, a, b, (a + b) >> 1, paeth()][filter]!;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, colorType, pixels };
}

describe("Teams app manifest", () => {
  it("validates against the Teams v1.22 schema with sample values, and the schema check can fail", async () => {
    const manifest = filled("manifest.json");
    expect(manifest.manifestVersion).toBe("1.22");
    expect(await AppManifestUtils.validateAgainstSchema(manifest)).toEqual([]);
    const broken = { ...manifest, description: { ...manifest.description, short: "x".repeat(81) }, bots: [{ ...manifest.bots[0], scopes: ["everywhere"] }] };
    expect((await AppManifestUtils.validateAgainstSchema(broken)).length).toBeGreaterThanOrEqual(2);
  });

  it("has a personal tab served by the bot's host, with Teams SSO for the tab's own Entra app (issue 17)", () => {
    const manifest = filled("manifest.json");
    const tab = manifest.staticTabs.find((t: { entityId: string }) => t.entityId !== "conversations");
    expect(tab).toMatchObject({ name: "Översikt", contentUrl: `https://${sample.BOT_DOMAIN}/tab/`, scopes: ["personal"] });
    // The chat stays the first tab: people come for the pulse cards.
    expect(manifest.staticTabs[0].entityId).toBe("conversations");
    expect(manifest.webApplicationInfo).toEqual({ id: sample.TAB_APP_ID, resource: `api://${sample.BOT_DOMAIN}/${sample.TAB_APP_ID}` });
    expect(filled("en-US.json")[`staticTabs[${manifest.staticTabs.indexOf(tab)}].name`]).toBe("Overview");
  });

  it("is a personal-scope bot, Swedish by default with an English localisation", () => {
    const manifest = filled("manifest.json");
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0]).toMatchObject({ botId: sample.BOT_ID, scopes: ["personal"], isNotificationOnly: false });
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: "sv-SE", additionalLanguages: [{ languageTag: "en-US", file: "en-US.json" }] });
    const sv = manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title);
    expect(sv).toEqual(["hjälp", "om", "resultat", "friskfaktorer", "ärenden", "pulsschema", "mina uppgifter"]);
    const en = filled("en-US.json");
    expect(sv.map((_: string, i: number) => en[`bots[0].commandLists[0].commands[${i}].title`])).toEqual([
      "help",
      "about",
      "results",
      "healthfactors",
      "cases",
      "schedule",
      "my data",
    ]);
    for (let i = 0; i < sv.length; i++) expect(en[`bots[0].commandLists[0].commands[${i}].description`]).toBeTruthy();
  });

  it("lists every chat command the bot answers, in the bot's order, with its Swedish and English word (issue 16)", async () => {
    const { CHAT_COMMANDS } = await import("../../src/teams/bot.js");
    const { HELP_WORDS } = await import("../../src/teams/commands/help.js");
    const words = [HELP_WORDS, ...CHAT_COMMANDS.map((c) => c.words)];
    const manifest = filled("manifest.json");
    const en = filled("en-US.json");
    const commands = manifest.bots[0].commandLists[0].commands as { title: string; description: string }[];
    expect(commands.map((c) => c.title)).toEqual(words.map((w) => w.sv));
    expect(commands.map((_, i) => en[`bots[0].commandLists[0].commands[${i}].title`])).toEqual(words.map((w) => w.en));
    expect(commands.length).toBeLessThanOrEqual(10); // Teams shows at most ten per list
    for (const c of commands) expect(c.description.length).toBeLessThanOrEqual(128);
    expect(commands.filter((c) => /hr-partner/.test(c.description))).toEqual([]); // "HR-partner", as in every Swedish text
  });

  it("has a 192×192 colour icon and a 32×32 outline icon in white on transparent", () => {
    const color = decodePng(readFileSync(teamsapp("color.png")));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = decodePng(readFileSync(teamsapp("outline.png")));
    expect([outline.width, outline.height, outline.colorType]).toEqual([32, 32, 6]);
    let visible = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a! > 0) {
        visible++;
        expect([r, g, b]).toEqual([255, 255, 255]);
      }
    }
    expect(visible).toBeGreaterThan(50); // not an empty icon
  });
});

describe("npm run teams:package", () => {
  it("writes a zip with the manifest, the localisation and both icons", async () => {
    const result = await packageApp(sample);
    expect(result.code, result.output).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(join(out, "appPackage.dev.zip"))));
    expect(Object.keys(files).sort()).toEqual(["color.png", "en-US.json", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8"));
    expect(manifest.id).toBe(sample.TEAMS_APP_ID);
    expect(JSON.stringify(manifest)).not.toContain("${{");
  });

  it("refuses to build while placeholders are unresolved, naming them", async () => {
    const result = await packageApp({ BOT_ID: sample.BOT_ID });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("unresolved placeholders");
    expect(result.output).toContain("BOT_DOMAIN, TAB_APP_ID, TEAMS_APP_ID");
  });
});
