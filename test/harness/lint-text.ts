// The lint fences' tests: the rules `code` would break if it were the file at `path` (eslint.config.js).
import { join } from "node:path";
import { ESLint } from "eslint";

const root = join(import.meta.dirname, "../..");
let eslint: ESLint | undefined;

export async function brokenRules(path: string, code: string): Promise<string[]> {
  eslint ??= new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}
