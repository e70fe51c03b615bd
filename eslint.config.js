// Lint, plus the one architectural rule that matters most: the domain does not know about
// Teams, HTTP or cron. Adapters depend on the domain, never the other way round.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const teamsSdkPackages = ["botbuilder", "botbuilder/**", "botbuilder-*", "botframework-*", "botframework-*/**", "@microsoft/teams-ai", "@microsoft/teams-ai/**"];
const teamsSdkFiles = ["src/teams/adapter.ts", "src/teams/bot.ts", "src/teams/turn-context.ts", "src/teams/connector-sender.ts"];
const adapterPackages = ["botbuilder", "botbuilder-*", "botframework-*", "@microsoft/teams-ai", "express", "node-cron", "adaptivecards-templating"];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "build/", "src/db/generated/", ".playground/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", fetch: "readonly", setTimeout: "readonly", clearTimeout: "readonly", Buffer: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Teams at the edge (ADR 0021): only these four files know the Bot Framework SDK and teams-ai;
    // everything else gets Friskpuls' own Turn (src/teams/turn.ts), so a move to the Teams SDK v2
    // changes these files and nothing else. (Listed before the domain rule, which must win there.)
    files: ["src/**/*.ts"],
    ignores: teamsSdkFiles,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: teamsSdkPackages,
              message: `Only ${teamsSdkFiles.join(", ")} may import botbuilder / botframework-* / @microsoft/teams-ai: handlers take a Turn (src/teams/turn.ts), see ADR 0021.`,
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: adapterPackages, message: "Domain code must not depend on Teams, HTTP or cron: put that in src/teams, src/http or src/scheduler." },
            { group: ["**/teams/**", "**/http/**", "**/scheduler/**", "**/cli/**", "**/graph/**"], message: "Domain code must not import adapters; dependencies point from adapters to the domain." },
          ],
        },
      ],
    },
  },
  {
    // Privacy (DESIGN.md): answers leave the database only as aggregates that passed the release
    // rules. Outside src/domain/aggregates nothing reads answer, participation or cell tables, and
    // nothing can mint a Released figure. record-answer.ts and record-ratings.ts read and write a
    // person's own answers; records/own-answer-rows.ts finds them for the person's register
    // extract and erasure (through the key) and counts rows for retention.
    files: ["src/**/*.ts"],
    ignores: ["src/domain/aggregates/**", "src/domain/pulse/record-answer.ts", "src/domain/health-factors/record-ratings.ts", "src/domain/records/own-answer-rows.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name=/^(pulseAnswer|pulseParticipation|pulseCell|hfRating)$/]",
          message: "Answers, participation and cells are read only in src/domain/aggregates (the privacy rules live there).",
        },
        {
          selector: "ImportDeclaration[source.value=/aggregates\\/(cell-figures|release-rules|pulse-cells)\\.js$/]",
          message: "Internal to src/domain/aggregates: use its read-* functions, which return Released figures.",
        },
        {
          selector: "ImportDeclaration[source.value=/aggregates\\/released\\.js$/] ImportSpecifier[imported.name=/^(release|suppressed)$/]",
          message: "Only the aggregates module releases figures.",
        },
      ],
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
