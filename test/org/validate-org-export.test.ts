// The export format (DESIGN.md, "Org data") and every way a row can be wrong, without a database.
import { describe, expect, it } from "vitest";
import { validateOrgExport } from "../../src/domain/org/import/validate-org-export.js";
import { orgFiles, readOrgDir, smallOrg, ORG_DEMO_DIR } from "../harness/org-files.js";

const problemsOf = (result: ReturnType<typeof validateOrgExport>) => (result.ok ? [] : result.problems.map((p) => `${p.file}:${p.line ?? "-"}:${p.code}`));

describe("validateOrgExport", () => {
  it("accepts the demo export and orders units parents first", () => {
    const result = validateOrgExport(readOrgDir(ORG_DEMO_DIR));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.org.people).toHaveLength(87);
    expect(result.org.units).toHaveLength(19);
    const seen = new Set<string>();
    for (const unit of result.org.units) {
      if (unit.parent_id) expect(seen.has(unit.parent_id)).toBe(true);
      seen.add(unit.unit_id);
    }
  });

  it("reads BOM, semicolons, CRLF and quoted fields like the plain file", () => {
    const plain = validateOrgExport(orgFiles(smallOrg()));
    const org = smallOrg();
    const semicolon = (lines: string[]) => lines.map((l) => l.replaceAll(",", ";"));
    const variant = orgFiles(
      {
        units: ["\uFEFF" + semicolon(org.units)[0], ...semicolon(org.units).slice(1)],
        people: semicolon(org.people).map((l) => l.replace("Bo Berg", '"Bo Berg"')),
        assignments: semicolon(org.assignments),
      },
      "\r\n",
    );
    const result = validateOrgExport(variant);
    expect(result).toEqual(plain);
    expect(result.ok && result.org.people[0]).toMatchObject({ person_id: "P1", email: "anna.andersson@kommun.se", line: 2 });
  });

  it("keeps a comma inside quotes in a comma file", () => {
    const org = smallOrg();
    org.people[2] = 'P2,"Berg, Bo",bo.berg@kommun.se,22222222-2222-2222-2222-222222222222,en-US';
    const result = validateOrgExport(orgFiles(org));
    expect(result.ok && result.org.people[1]!.display_name).toBe("Berg, Bo");
  });

  it("normalises e-mail and Entra ids to lower case and an empty locale to sv-SE", () => {
    const org = smallOrg();
    org.people[1] = "P1,Anna Andersson,ANNA@Kommun.SE,ABCDEF01-1111-1111-1111-111111111111,en_us";
    const result = validateOrgExport(orgFiles(org));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.org.people[0]).toMatchObject({ email: "anna@kommun.se", aad_object_id: "abcdef01-1111-1111-1111-111111111111", locale: "en-US" });
    expect(result.org.people[3]!.locale).toBe("sv-SE");
  });

  it("reports every bad row in every file with its line and reason", () => {
    const org = smallOrg();
    org.units.push("U3,Trasig,UX", "U4,,U0", "U1,Dubblett,U0");
    org.people.push(
      "P6,Fel Post,inte-en-adress,,sv-SE",
      "P7,Fel Guid,p7@kommun.se,not-a-guid,sv-SE",
      "P1,Samma Id,p1b@kommun.se,,sv-SE",
      "P8,Samma Post,bo.berg@kommun.se,,sv-SE",
      "P9,För få kolumner",
    );
    org.assignments.push("P1,U1,boss", "PX,U1,member", "P2,UX,member", "P2,U1,member");
    const result = validateOrgExport(orgFiles(org));
    expect(problemsOf(result)).toEqual([
      "units.csv:5:unknownParent",
      "units.csv:6:required",
      "units.csv:7:duplicateId",
      "people.csv:7:badEmail",
      "people.csv:8:badAadObjectId",
      "people.csv:9:duplicateId",
      "people.csv:10:duplicateValue",
      "people.csv:11:columnCount",
      "assignments.csv:9:badRole",
      "assignments.csv:10:unknownPerson",
      "assignments.csv:11:unknownUnit",
      "assignments.csv:12:duplicateAssignment",
    ]);
    const email = !result.ok && result.problems.find((p) => p.code === "badEmail");
    expect(email).toMatchObject({ params: { column: "email", value: "inte-en-adress" } });
  });

  it("reports lines that are not UTF-8 and goes on checking the rest", () => {
    const files = orgFiles(smallOrg());
    const latin1 = new Uint8Array([...new TextEncoder().encode("P6,Bj"), 0xf6, ...new TextEncoder().encode("rn Ek,b@kommun.se,,sv-SE\n")]);
    files.people = new Uint8Array([...files.people, ...latin1, ...new TextEncoder().encode("P7,,c@kommun.se,,sv-SE\n")]);
    expect(problemsOf(validateOrgExport(files))).toEqual(["people.csv:7:notUtf8", "people.csv:8:required"]);
  });

  it("refuses missing and duplicated columns, an empty file and broken quotes", () => {
    const org = smallOrg();
    org.people[0] = "person_id,display_name,mail,aad_object_id,locale";
    org.units[0] = "unit_id,name,parent_id,name";
    org.assignments[2] = 'P2,"U1,member';
    expect(problemsOf(validateOrgExport(orgFiles(org)))).toEqual([
      "units.csv:1:duplicateColumns",
      "people.csv:1:missingColumns",
      "assignments.csv:3:badQuoting",
    ]);
    const empty = orgFiles(smallOrg());
    empty.units = new Uint8Array();
    expect(problemsOf(validateOrgExport(empty))).toContain("units.csv:-:emptyFile");
  });

  it("ignores extra columns and blank lines", () => {
    const org = smallOrg();
    org.people = org.people.map((l, i) => `${l},${i === 0 ? "anställningsnummer" : "123"}`);
    org.units.splice(2, 0, "");
    const result = validateOrgExport(orgFiles(org));
    expect(result.ok).toBe(true);
  });

  it("needs exactly one root and a tree without cycles", () => {
    const twoRoots = smallOrg();
    twoRoots.units.push("U9,Annan kommun,");
    expect(problemsOf(validateOrgExport(orgFiles(twoRoots)))).toEqual(["units.csv:5:secondRoot"]);

    const cycle = smallOrg();
    cycle.units.push("U5,A,U6", "U6,B,U5", "U7,Under cykeln,U6", "U8,Själv,U8");
    expect(problemsOf(validateOrgExport(orgFiles(cycle)))).toEqual([
      "units.csv:5:notConnected",
      "units.csv:6:notConnected",
      "units.csv:7:notConnected",
      "units.csv:8:ownParent",
    ]);

    const noRoot = smallOrg();
    noRoot.units[1] = "U0,Kommunen,U2";
    expect(problemsOf(validateOrgExport(orgFiles(noRoot)))).toContain("units.csv:-:noRoot");
  });

  it("warns about people who cannot be reached or have no role, without refusing", () => {
    const org = smallOrg();
    org.people.push("P6,Ingen Adress,,,sv-SE");
    const result = validateOrgExport(orgFiles(org));
    expect(result.ok && result.warnings).toEqual([
      { code: "unreachablePeople", count: 1 },
      { code: "peopleWithoutAssignment", count: 1 },
    ]);
  });
});
