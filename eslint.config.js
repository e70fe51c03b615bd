// Lint, plus the one architectural rule that matters most: the domain does not know about
// Teams, HTTP or cron. Adapters depend on the domain, never the other way round.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const teamsSdkPackages = [
  "botbuilder",
  "botbuilder/**",
  "botbuilder-*",
  "botframework-*",
  "botframework-*/**",
  "@microsoft/teams-ai",
  "@microsoft/teams-ai/**",
];
const teamsSdkFiles = ["src/teams/adapter.ts", "src/teams/bot.ts", "src/teams/turn-context.ts", "src/teams/connector-sender.ts"];
const adapterPackages = ["botbuilder", "botbuilder-*", "botframework-*", "@microsoft/teams-ai", "express", "node-cron", "adaptivecards-templating"];

// The database doors (ADR 0013). Hand-written SQL lives only in *.statements.ts files, where
// test/db/sql-statements.test.ts runs every statement against the migrated schema on both databases.
const statementFiles = ["src/**/*.statements.ts"];
// The direct door is for the statements of every inbound activity: the replay claim, the sender
// lookup, a tap on the pulse card (and the card it came from). Its implementation and createDb are in src/db.
const directSqlCallSites = [
  "src/teams/processed-activities.ts",
  "src/domain/org/find-person.ts",
  "src/domain/pulse/record-answer.ts",
  "src/delivery/delivered-cards.ts",
];
// Prisma's raw queries: the outbox's and the send budget's statements, and the health check.
const rawSqlCallSites = ["src/db/client.ts", "src/delivery/claim.ts", "src/delivery/record-outcome.ts", "src/delivery/tenant-budget.ts"];
const theDirectDoor = {
  regex: "(^|/)db/direct-(sql|sqlite|postgres)\\.js$",
  message: "The direct SQL door is only for the statements of every inbound activity (ADR 0013; allowed files in eslint.config.js).",
};
const statementsOnly = "Write SQL in a *.statements.ts file (directStatement/rawStatement), where test/db/sql-statements.test.ts checks it against the schema.";
const sqlBuilders = [
  { regex: "(^|/)db/raw-sql\\.js$", message: statementsOnly },
  { regex: "(^|/)db/client\\.js$", importNames: ["sqlHelpers"], message: statementsOnly },
];
const rawQueries = ["$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe", "$queryRawTyped"].map((property) => ({
  property,
  message: "Raw SQL through Prisma only in the files eslint.config.js allows (rawSqlCallSites), with statements from *.statements.ts.",
}));
const inlineRawQuery = {
  selector: "TaggedTemplateExpression > MemberExpression.tag[property.name=/^\\$(queryRaw|executeRaw)$/]",
  message: statementsOnly,
};

// Privacy (DESIGN.md): the tables holding answers, participation and cells, as Prisma names them
// (db.pulseAnswer) and as SQL does ("PulseAnswer").
const privateTables = ["PulseAnswer", "PulseParticipation", "PulseCell", "HfRating", "HfCell", "SickLeaveCell", "SickLeaveCellMember"];
const privateDelegates = privateTables.map((table) => table[0].toLowerCase() + table.slice(1));
const privateTablePattern = `/\\b(${privateTables.join("|")})\\b/`;

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "build/", "src/db/generated/", ".playground/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        Buffer: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // The tab's page (issue 17): browser ES modules, no build step (ADR 0003).
    files: ["src/tab/web/**/*.js"],
    languageOptions: {
      globals: Object.fromEntries(
        [
          "window",
          "document",
          "location",
          "navigator",
          "sessionStorage",
          "Node",
          "HTMLElement",
          "HTMLInputElement",
          "HTMLFormElement",
          "FormData",
          "URLSearchParams",
          "getComputedStyle",
        ].map((name) => [name, "readonly"]),
      ),
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
            {
              group: ["**/teams/**", "**/http/**", "**/scheduler/**", "**/cli/**", "**/graph/**", "**/tab/**"],
              message: "Domain code must not import adapters; dependencies point from adapters to the domain.",
            },
          ],
        },
      ],
    },
  },
  {
    // The tab (ADR 0023) is an adapter beside the bot: it reads figures through the aggregates'
    // read-* functions (Released or a reason, the privacy fence below applies here too), never
    // through the bot's cards or presenters, and knows nothing of the Bot Framework.
    files: ["src/tab/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: teamsSdkPackages, message: "The tab knows nothing of the Bot Framework (ADR 0021, 0023)." },
            {
              group: ["**/teams/**", "**/cli/**", "**/scheduler/**"],
              message: "The tab takes its figures from src/domain (aggregates' read-* functions), not from the bot's cards (ADR 0023).",
            },
          ],
        },
      ],
    },
  },
  {
    // Privacy (DESIGN.md): answers leave the database only as aggregates that passed the release
    // rules. Outside src/domain/aggregates nothing reads answer, participation or cell tables, and
    // nothing can mint a Released figure. record-answer.ts (with its statements) and
    // record-ratings.ts read and write a person's own answers; records/own-answer-rows.ts finds
    // them (through the key), their participation and the sick-leave cells they are counted in
    // (SickLeaveCellMember) for the register extract and erasure, and counts rows for retention.
    // The table names are fenced in SQL strings too, not only as Prisma delegates.
    files: ["src/**/*.ts"],
    ignores: [
      "src/domain/aggregates/**",
      "src/domain/pulse/record-answer.ts",
      "src/domain/pulse/record-answer.statements.ts",
      "src/domain/health-factors/record-ratings.ts",
      "src/domain/records/own-answer-rows.ts",
    ],
    rules: {
      "no-restricted-syntax": [
        "error",
        inlineRawQuery,
        {
          selector: `MemberExpression[property.name=/^(${privateDelegates.join("|")})$/]`,
          message: "Answers, participation and cells are read only in src/domain/aggregates (the privacy rules live there).",
        },
        {
          selector: `Literal[value=${privateTablePattern}]`,
          message: "Answers, participation and cells are read only in src/domain/aggregates (the privacy rules live there), in SQL too.",
        },
        {
          selector: `TemplateElement[value.raw=${privateTablePattern}]`,
          message: "Answers, participation and cells are read only in src/domain/aggregates (the privacy rules live there), in SQL too.",
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
    // The privacy fence's own files still write no SQL outside their statements.
    files: [
      "src/domain/aggregates/**/*.ts",
      "src/domain/pulse/record-answer.ts",
      "src/domain/health-factors/record-ratings.ts",
      "src/domain/records/own-answer-rows.ts",
    ],
    rules: { "no-restricted-syntax": ["error", inlineRawQuery] },
  },
  {
    // The database doors (ADR 0013), fenced: see statementFiles, directSqlCallSites, rawSqlCallSites above.
    files: ["src/**/*.ts"],
    ignores: ["src/db/**", ...directSqlCallSites, ...statementFiles],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [theDirectDoor, ...sqlBuilders] }] },
  },
  {
    files: directSqlCallSites,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^|/)db/direct-sql\\.js$", importNames: ["sql", "directStatement"], message: statementsOnly },
            { regex: "(^|/)db/direct-(sqlite|postgres)\\.js$", message: "Through directSql(db), which createDb attaches (ADR 0013)." },
            ...sqlBuilders,
          ],
        },
      ],
    },
  },
  {
    // Statement files build statements; running them is the call sites' business.
    files: statementFiles,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^|/)db/direct-sql\\.js$", importNames: ["directSql", "attachDirectSql"], message: theDirectDoor.message },
            { regex: "(^|/)db/direct-(sqlite|postgres)\\.js$", message: theDirectDoor.message },
          ],
        },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: rawSqlCallSites,
    rules: { "no-restricted-properties": ["error", ...rawQueries] },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
