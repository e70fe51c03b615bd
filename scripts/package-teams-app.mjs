#!/usr/bin/env node
// npm run teams:package [-- --env dev] [--out build]: the Teams app package for one environment.
// Fills ${{VAR}} placeholders from env/.env.<env>, env/.env.<env>.user and the process environment
// (which wins), refuses unresolved placeholders, validates against the bundled Teams schema
// (offline) and writes build/appPackage.<env>.zip.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { createRequire } from "node:module";
import { AppManifestUtils } from "@microsoft/app-manifest";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const envName = option("env", "dev");
const outDir = resolve(option("out", join(root, "build")));

function readEnvFile(file) {
  if (!existsSync(file)) return {};
  const values = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2];
  }
  return values;
}

const envFile = join(root, "env", `.env.${envName}`);
if (!existsSync(envFile)) fail(`no such environment: ${envFile}`);
const values = { ...readEnvFile(envFile), ...readEnvFile(`${envFile}.user`) };
for (const key of Object.keys(values)) if (process.env[key] !== undefined) values[key] = process.env[key];

const unresolved = new Set();
const fill = (text) =>
  text.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (_, name) => {
    const value = values[name] ?? process.env[name];
    if (value === undefined || (value === "" && name !== "APP_NAME_SUFFIX")) unresolved.add(name);
    return value ?? "";
  });

const manifestText = fill(readFileSync(join(root, "teamsapp", "manifest.json"), "utf8"));
const localizationText = fill(readFileSync(join(root, "teamsapp", "en-US.json"), "utf8"));
if (unresolved.size > 0) fail(`unresolved placeholders for env "${envName}": ${[...unresolved].sort().join(", ")} (set them in ${envFile} or the environment)`);

const manifest = JSON.parse(manifestText);
const localization = JSON.parse(localizationText);
const problems = [...(await AppManifestUtils.validateAgainstSchema(manifest)), ...validateLocalization(localization).map((p) => `en-US.json: ${p}`)];
if (problems.length > 0) fail(`the manifest does not validate:\n  ${problems.join("\n  ")}`);

mkdirSync(outDir, { recursive: true });
const zip = zipSync({
  "manifest.json": Buffer.from(manifestText),
  "en-US.json": Buffer.from(localizationText),
  "color.png": readFileSync(join(root, "teamsapp", "color.png")),
  "outline.png": readFileSync(join(root, "teamsapp", "outline.png")),
});
const target = join(outDir, `appPackage.${envName}.zip`);
writeFileSync(target, zip);
console.log(`wrote ${target} (manifest ${manifest.manifestVersion}, app id ${manifest.id})`);

/**
 * The localisation schema has patterns that are not valid with the `u` flag, which the
 * library's validator uses; compile it ourselves without it (same bundled schema file).
 */
function validateLocalization(document) {
  const manifestDir = dirname(createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json"));
  const schema = JSON.parse(
    readFileSync(join(manifestDir, "build", "json-schemas", "teams", `v${manifest.manifestVersion}`, "MicrosoftTeams.Localization.schema.json"), "utf8"),
  );
  const ajv = new Ajv04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ["uri", "email", "regex"]);
  const validate = ajv.compile(schema);
  return validate(document) ? [] : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
}

function fail(message) {
  console.error(`teams:package: ${message}`);
  process.exit(1);
}
