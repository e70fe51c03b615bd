// infra/azure.bicep, its parameters file and m365agents.yml fit together. The Bicep compiler and
// Azure itself are not reachable here (docs/deploy.md, "What was not validated here"), so this
// checks what can be checked offline: every parameter passed is declared, every required one is
// passed, secrets come only from SECRET_* placeholders, every ${{VAR}} resolves at the step that
// uses it (env file, an earlier step's output, or a Bicep output), the Toolkit's step order, the
// App Service settings the server reads, and that every symbol the template references exists.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

interface Step {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}

interface BicepParam {
  name: string;
  hasDefault: boolean;
  secure: boolean;
}

function readBicep(text: string) {
  const lines = text.split("\n");
  const params: BicepParam[] = [];
  lines.forEach((line, index) => {
    const match = /^param (\w+) \w+( =)?/.exec(line);
    if (!match) return;
    let secure = false;
    for (let up = index - 1; up >= 0 && lines[up]!.startsWith("@"); up--) if (lines[up]!.startsWith("@secure()")) secure = true;
    params.push({ name: match[1]!, hasDefault: Boolean(match[2]), secure });
  });
  const outputs = [...text.matchAll(/^output (\w+) \w+ =/gm)].map((m) => m[1]!);
  const symbols = new Set([...params.map((p) => p.name), ...[...text.matchAll(/^(?:var|resource) (\w+)/gm)].map((m) => m[1]!)]);
  return { params, outputs, symbols };
}

/** Bracket balance outside strings and comments (a truncated or mis-edited template fails here). */
function checkBrackets(text: string): string {
  const stack: string[] = [];
  const pairs: Record<string, string> = { "}": "{", "]": "[", ")": "(" };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (char === "'") {
      for (i++; i < text.length && text[i] !== "'"; i++) if (text[i] === "\\") i++;
      if (i >= text.length) return "unterminated string";
    } else if ("{[(".includes(char)) {
      stack.push(char);
    } else if (char in pairs) {
      if (stack.pop() !== pairs[char]) return `unbalanced ${char} at ${i}`;
    }
  }
  return stack.length === 0 ? "balanced" : `unclosed ${stack.join("")}`;
}

const placeholders = (text: string) => [...text.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]!);

function readEnvKeys(path: string): Set<string> {
  return new Set([...read(path).matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]!));
}

const bicepText = read("infra/azure.bicep");
const bicep = readBicep(bicepText);
const parametersText = read("infra/azure.parameters.json");
const parameters = (JSON.parse(parametersText) as { parameters: Record<string, { value: unknown }> }).parameters;
const project = parse(read("m365agents.yml")) as { provision: Step[]; deploy: Step[]; publish: Step[] };

describe("infra/azure.bicep and its parameters", () => {
  it("declares every parameter the parameters file passes, and gets every required one", () => {
    const declared = new Set(bicep.params.map((p) => p.name));
    for (const name of Object.keys(parameters)) expect(declared, `param ${name}`).toContain(name);
    for (const param of bicep.params.filter((p) => !p.hasDefault)) expect(Object.keys(parameters), param.name).toContain(param.name);
  });

  it("takes secure parameters only from SECRET_* placeholders (never a literal in git)", () => {
    const secure = bicep.params.filter((p) => p.secure).map((p) => p.name);
    expect(secure).toEqual(expect.arrayContaining(["answerTokenSecret", "postgresAdminPassword", "botPassword"]));
    for (const name of secure) {
      const value = parameters[name]?.value;
      if (value === undefined) continue;
      expect(value, name).toMatch(/^\$\{\{SECRET_[A-Z0-9_]+\}\}$/);
    }
  });

  it("references only symbols it declares", () => {
    const used = [
      ...[...bicepText.matchAll(/\bparent: (\w+)/g)].map((m) => m[1]!),
      ...[...bicepText.matchAll(/\b([a-z]\w*)\.(?:properties|id|name)\b/g)].map((m) => m[1]!),
      ...[...bicepText.matchAll(/^\s+(\w+)\s*$/gm)].map((m) => m[1]!), // dependsOn entries
    ].filter((name) => !["resourceGroup", "tenant", "subscription"].includes(name));
    for (const name of used) expect(bicep.symbols, name).toContain(name);
    expect(checkBrackets(bicepText)).toBe("balanced");
  });

  it("configures App Service as the server needs it: Node 24, HTTPS only, always on, /healthz, node not npm", () => {
    expect(bicepText).toMatch(/linuxFxVersion: 'NODE\|24-lts'/);
    expect(bicepText).toMatch(/httpsOnly: true/);
    expect(bicepText).toMatch(/alwaysOn: true/);
    expect(bicepText).toMatch(/healthCheckPath: '\/healthz'/);
    expect(bicepText).toMatch(/appCommandLine: 'node [^']*bin\/friskpuls\.mjs serve'/);
    expect(bicepText).toMatch(/version: '16'/);
  });

  it("sets only app settings that src/config.ts reads or the App Service build uses", () => {
    const config = read("src/config.ts");
    const platform = ["PORT", "WEBSITES_PORT", "SCM_DO_BUILD_DURING_DEPLOYMENT", "CUSTOM_BUILD_COMMAND", "npm_config_yes"];
    const settings = [...bicepText.matchAll(/\{ name: '([A-Za-z_]+)', value:/g)].map((m) => m[1]!);
    expect(settings).toEqual(expect.arrayContaining(["NODE_ENV", "BOT_ID", "BOT_TYPE", "ANSWER_TOKEN_SECRET", "DATABASE_URL", "BOT_PASSWORD"]));
    for (const name of settings) {
      if (!platform.includes(name)) expect(config, name).toMatch(new RegExp(`\\b${name}:`));
    }
  });
});

describe("m365agents.yml (Azure path)", () => {
  it("provisions in the Toolkit's order and deploys to the App Service the Bicep creates", () => {
    const uses = project.provision.map((step) => step.uses);
    const order = ["teamsApp/create", "arm/deploy", "teamsApp/validateManifest", "teamsApp/zipAppPackage", "teamsApp/validateAppPackage", "teamsApp/update"];
    expect(uses.filter((u) => order.includes(u))).toEqual(order);
    const arm = project.provision.find((step) => step.uses === "arm/deploy")!;
    const [template] = arm.with!.templates as { path: string; parameters: string }[];
    expect(template!.path).toBe("./infra/azure.bicep");
    expect(template!.parameters).toBe("./infra/azure.parameters.json");
    expect(existsSync(join(ROOT, template!.path)) && existsSync(join(ROOT, template!.parameters))).toBe(true);
    const zipDeploy = project.deploy.at(-1)!;
    expect(zipDeploy.uses).toBe("azureAppService/zipDeploy");
    expect(bicep.outputs).toContain(placeholders(String(zipDeploy.with!.resourceId))[0]);
    expect(existsSync(join(ROOT, String(zipDeploy.with!.ignoreFile)))).toBe(true);
  });

  it("resolves every ${{VAR}} at the step that uses it (env file, earlier outputs, Bicep outputs, secrets)", () => {
    const known = readEnvKeys("env/.env.dev");
    const unresolved: string[] = [];
    const check = (where: string, names: string[]) => {
      for (const name of names) if (!known.has(name) && !name.startsWith("SECRET_")) unresolved.push(`${where}: ${name}`);
    };
    for (const [index, step] of [...project.provision, ...project.deploy].entries()) {
      check(`${step.uses} #${index}`, placeholders(JSON.stringify(step.with ?? {})));
      if (step.uses === "arm/deploy") {
        check("infra/azure.parameters.json", placeholders(parametersText));
        for (const output of bicep.outputs) known.add(output);
      }
      if (step.uses === "teamsApp/zipAppPackage") check("teamsapp/manifest.json", placeholders(read("teamsapp/manifest.json")));
      for (const name of Object.values(step.writeToEnvironmentFile ?? {})) known.add(name);
    }
    expect(unresolved).toEqual([]);
    // The manifest's bot id and domain come from the Bicep (the managed identity, the web app).
    expect(bicep.outputs).toEqual(expect.arrayContaining(["BOT_ID", "BOT_DOMAIN", "BOT_AZURE_APP_SERVICE_RESOURCE_ID"]));
  });

  it("keeps the local / self-hosted project resolvable from env/.env.local", () => {
    const local = parse(read("m365agents.local.yml")) as { provision: Step[] };
    const known = readEnvKeys("env/.env.local");
    for (const step of local.provision) {
      for (const name of placeholders(JSON.stringify(step.with ?? {}))) expect(known.has(name) || name.startsWith("SECRET_"), name).toBe(true);
      for (const name of Object.values(step.writeToEnvironmentFile ?? {})) known.add(name);
    }
  });
});
