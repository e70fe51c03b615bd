// Turns the three org files into one checked export, or the full list of what is wrong with it:
// every row is checked on its own (org-row-schemas) and against the other files (unique ids,
// one root, parents that exist, no cycles, assignments to known people and units).
import { sortProblems, type ImportProblem } from "./import-problem.js";
import { readCsvRows } from "./read-csv-rows.js";
import {
  ASSIGNMENT_COLUMNS,
  AssignmentRowSchema,
  PERSON_COLUMNS,
  PersonRowSchema,
  UNIT_COLUMNS,
  UnitRowSchema,
  parseRows,
  type AssignmentRow,
  type PersonRow,
  type UnitRow,
} from "./org-row-schemas.js";

export interface OrgFiles {
  units: Uint8Array;
  people: Uint8Array;
  assignments: Uint8Array;
}

export interface OrgExport {
  /** Root first, every parent before its children. */
  units: UnitRow[];
  people: PersonRow[];
  assignments: AssignmentRow[];
}

export interface OrgWarning {
  code: "unreachablePeople" | "peopleWithoutAssignment" | "unitsWithoutManager";
  count: number;
}

export type OrgValidation = { ok: true; org: OrgExport; warnings: OrgWarning[] } | { ok: false; problems: ImportProblem[] };

export function validateOrgExport(files: OrgFiles): OrgValidation {
  const problems: ImportProblem[] = [];
  const read = <T>(result: { rows: T[]; problems: ImportProblem[] }) => {
    problems.push(...result.problems);
    return result.rows;
  };
  const unitFile = readCsvRows("units.csv", files.units, UNIT_COLUMNS);
  const peopleFile = readCsvRows("people.csv", files.people, PERSON_COLUMNS);
  const assignmentFile = readCsvRows("assignments.csv", files.assignments, ASSIGNMENT_COLUMNS);
  const units = read(parseRows("units.csv", read(unitFile), UnitRowSchema));
  const people = read(parseRows("people.csv", read(peopleFile), PersonRowSchema));
  const assignments = read(parseRows("assignments.csv", read(assignmentFile), AssignmentRowSchema));

  const unitById = firstById(
    units,
    (u) => u.unit_id,
    (u, first) =>
      problems.push({ file: "units.csv", line: u.line, code: "duplicateId", params: { column: "unit_id", value: u.unit_id, firstLine: first.line } }),
  );
  const personById = firstById(
    people,
    (p) => p.person_id,
    (p, first) =>
      problems.push({ file: "people.csv", line: p.line, code: "duplicateId", params: { column: "person_id", value: p.person_id, firstLine: first.line } }),
  );
  for (const column of ["email", "aad_object_id"] as const) {
    firstById(
      people.filter((p) => p[column] !== null),
      (p) => p[column]!,
      (p, first) => problems.push({ file: "people.csv", line: p.line, code: "duplicateValue", params: { column, value: p[column]!, firstLine: first.line } }),
    );
  }

  const orderedUnits = checkTree(units, unitById, problems);

  const seenAssignments = new Map<string, AssignmentRow>();
  for (const a of assignments) {
    // A file whose header is unusable has already been reported; do not echo it on every row here.
    if (peopleFile.readable && !personById.has(a.person_id))
      problems.push({ file: "assignments.csv", line: a.line, code: "unknownPerson", params: { value: a.person_id } });
    if (unitFile.readable && !unitById.has(a.unit_id))
      problems.push({ file: "assignments.csv", line: a.line, code: "unknownUnit", params: { value: a.unit_id } });
    const key = `${a.person_id}|${a.unit_id}|${a.role}`;
    const first = seenAssignments.get(key);
    if (first) problems.push({ file: "assignments.csv", line: a.line, code: "duplicateAssignment", params: { firstLine: first.line } });
    else seenAssignments.set(key, a);
  }

  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, org: { units: orderedUnits, people, assignments }, warnings: collectWarnings(units, people, assignments) };
}

function firstById<T>(rows: T[], key: (row: T) => string, onDuplicate: (row: T, first: T) => void): Map<string, T> {
  const byId = new Map<string, T>();
  for (const row of rows) {
    const first = byId.get(key(row));
    if (first) onDuplicate(row, first);
    else byId.set(key(row), row);
  }
  return byId;
}

/** Exactly one root; every parent exists; every unit reachable from the root (no cycles). */
function checkTree(units: UnitRow[], unitById: Map<string, UnitRow>, problems: ImportProblem[]): UnitRow[] {
  const roots = units.filter((u) => u.parent_id === null);
  if (units.length > 0 && roots.length === 0) problems.push({ file: "units.csv", code: "noRoot" });
  for (const extra of roots.slice(1))
    problems.push({ file: "units.csv", line: extra.line, code: "secondRoot", params: { value: extra.unit_id, firstLine: roots[0]!.line } });

  const children = new Map<string, UnitRow[]>();
  for (const u of units) {
    if (u.parent_id === null) continue;
    if (u.parent_id === u.unit_id) problems.push({ file: "units.csv", line: u.line, code: "ownParent", params: { value: u.unit_id } });
    else if (!unitById.has(u.parent_id)) problems.push({ file: "units.csv", line: u.line, code: "unknownParent", params: { value: u.parent_id } });
    else children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u]);
  }

  // Breadth-first from the root gives parents before children; what it cannot reach is in a cycle.
  const ordered: UnitRow[] = roots.length > 0 ? [unitById.get(roots[0]!.unit_id)!] : [];
  for (let i = 0; i < ordered.length; i++) ordered.push(...(children.get(ordered[i]!.unit_id) ?? []));
  if (roots.length === 1) {
    const reached = new Set(ordered.map((u) => u.unit_id));
    const alreadyReported = new Set(problems.filter((p) => p.file === "units.csv").map((p) => p.line));
    for (const u of unitById.values()) {
      if (!reached.has(u.unit_id) && !alreadyReported.has(u.line))
        problems.push({ file: "units.csv", line: u.line, code: "notConnected", params: { value: u.unit_id } });
    }
  }
  return ordered;
}

function collectWarnings(units: UnitRow[], people: PersonRow[], assignments: AssignmentRow[]): OrgWarning[] {
  const assigned = new Set(assignments.map((a) => a.person_id));
  const managed = new Set(assignments.filter((a) => a.role === "manager").map((a) => a.unit_id));
  const membered = new Set(assignments.filter((a) => a.role === "member").map((a) => a.unit_id));
  const warnings: OrgWarning[] = [
    { code: "unreachablePeople", count: people.filter((p) => p.email === null && p.aad_object_id === null).length },
    { code: "peopleWithoutAssignment", count: people.filter((p) => !assigned.has(p.person_id)).length },
    { code: "unitsWithoutManager", count: units.filter((u) => membered.has(u.unit_id) && !managed.has(u.unit_id)).length },
  ];
  return warnings.filter((w) => w.count > 0);
}
