import type { Command } from "commander";

export function registerOrg(program: Command): void {
  program.command("org").description("org data (import from HR exports)");
}
