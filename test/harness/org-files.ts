// Org exports for tests: the shared example folders, and small exports written inline.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { OrgFiles } from "../../src/domain/org/import/validate-org-export.js";
import { PROJECT_ROOT } from "../../src/project-root.js";

export const ORG_DEMO_DIR = join(PROJECT_ROOT, "test", "fixtures", "org-demo");
export const ORG_LARGE_DIR = join(PROJECT_ROOT, "test", "fixtures", "org-large");

export function readOrgDir(dir: string): OrgFiles {
  const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
  return { units: read("units.csv"), people: read("people.csv"), assignments: read("assignments.csv") };
}

/** The rows of one of the demo org's CSV files, header left out, split on commas (the demo quotes nothing). */
export function readDemoCsv(name: string): string[][] {
  return readFileSync(join(ORG_DEMO_DIR, name), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(","));
}

/** Builds an export from text lines (header first); LF endings unless told otherwise. */
export function orgFiles(files: { units: string[]; people: string[]; assignments: string[] }, eol = "\n"): OrgFiles {
  const encode = (lines: string[]) => new TextEncoder().encode(lines.join(eol) + eol);
  return { units: encode(files.units), people: encode(files.people), assignments: encode(files.assignments) };
}

/** A small valid org: root U0 with two units, five people. */
export function smallOrg() {
  return {
    units: ["unit_id,name,parent_id", "U0,Kommunen,", "U1,Skolan,U0", "U2,Hemtjänsten,U0"],
    people: [
      "person_id,display_name,email,aad_object_id,locale",
      "P1,Anna Andersson,Anna.Andersson@kommun.se,11111111-1111-1111-1111-111111111111,sv-SE",
      "P2,Bo Berg,bo.berg@kommun.se,22222222-2222-2222-2222-222222222222,en-US",
      "P3,Cecilia Ek,cecilia.ek@kommun.se,33333333-3333-3333-3333-333333333333,sv-SE",
      "P4,David Fors,david.fors@kommun.se,44444444-4444-4444-4444-444444444444,",
      "P5,Eva Gran,eva.gran@kommun.se,,sv-SE",
    ],
    assignments: [
      "person_id,unit_id,role",
      "P1,U1,manager",
      "P2,U1,member",
      "P3,U1,member",
      "P4,U2,member",
      "P5,U0,hr_partner",
      "P3,U1,safety_rep",
      "P5,U2,manager",
    ],
  };
}
