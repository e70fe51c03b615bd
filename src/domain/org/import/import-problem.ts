// A problem found in an export: which file, which line, and why, as a code plus parameters so
// the CLI can word it in Swedish or English (i18n keys orgImport.problem.<code>).
export type OrgFileName = "units.csv" | "people.csv" | "assignments.csv" | "absences.csv";

export interface ImportProblem {
  file: OrgFileName;
  /** 1-based physical line; absent for whole-file problems. */
  line?: number;
  code: string;
  params?: Record<string, string | number>;
}

export function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  const fileOrder: OrgFileName[] = ["units.csv", "people.csv", "assignments.csv", "absences.csv"];
  return [...problems].sort((a, b) => fileOrder.indexOf(a.file) - fileOrder.indexOf(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.code.localeCompare(b.code));
}
