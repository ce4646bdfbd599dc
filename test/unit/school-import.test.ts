import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeCsvBytes,
  detectDelimiter,
  mapHeaders,
  parseOperatorType,
  parseSchoolForms,
  parseSchoolRegister,
  planFingerprint,
  planSchoolImport,
  type ExistingSchool,
  type PlanContext,
  type RegisterRow,
} from "~/modules/organisations/school-import.server";

const fixture = readFileSync(
  new URL("../fixtures/skolenhetsregister-exempel.csv", import.meta.url),
  "utf8",
);

const NORTH = { id: "d-north", name: "Norrstrands stadsdelsförvaltning" };
const SOUTH = { id: "d-south", name: "Söderåsens stadsdelsförvaltning" };

const larkangen: ExistingSchool = {
  id: "s-larkangen",
  name: "Lärkängens skola",
  schoolUnitCode: "91000011",
  municipality: null,
  operatorType: "municipal",
  operatorName: "Ådalsviks kommun",
  schoolForms: ["forskoleklass", "grundskola"],
  deactivated: false,
};
const soderas: ExistingSchool = {
  id: "s-soderas",
  name: "Söderåsskolan",
  schoolUnitCode: "91000010",
  municipality: null,
  operatorType: "municipal",
  operatorName: "Ådalsviks kommun",
  schoolForms: ["grundskola"],
  deactivated: false,
};

const context = (overrides: Partial<PlanContext> = {}): PlanContext => ({
  existing: [larkangen, soderas],
  districts: [NORTH, SOUTH],
  defaultDistrictId: SOUTH.id,
  ...overrides,
});

function row(overrides: Partial<RegisterRow>): RegisterRow {
  return {
    line: 2,
    code: "95020001",
    name: "Provskolan",
    municipality: "Ådalsvik",
    operatorType: "Kommun",
    operatorName: "Ådalsviks kommun",
    schoolForms: "Grundskola",
    district: "",
    ...overrides,
  };
}

function rowsOf(text: string): RegisterRow[] {
  const parsed = parseSchoolRegister(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.rows;
}

describe("reading Skolverket's register file", () => {
  it("finds the columns by their Swedish names, ignoring case, spaces and unknown columns", () => {
    expect(
      mapHeaders([
        "\uFEFFSkolenhetskod",
        "  SKOLENHETSNAMN ",
        "Kommunkod",
        "Kommunnamn",
        "huvudmanna typ",
        "Huvudmannens namn",
        "Skolformer",
        "Område",
      ]),
    ).toEqual([
      "code",
      "name",
      null,
      "municipality",
      "operatorType",
      "operatorName",
      "schoolForms",
      "district",
    ]);
    // A second column of the same kind is ignored, not allowed to overwrite the first.
    expect(mapHeaders(["Kommun", "Kommunnamn"])).toEqual(["municipality", null]);
  });

  it("detects the delimiter from the header line", () => {
    expect(detectDelimiter("Skolenhetskod;Skolenhetsnamn;Skolformer\n1;2;3")).toBe(";");
    expect(detectDelimiter("Skolenhetskod,Skolenhetsnamn,Skolformer\n1;2;3")).toBe(",");
    expect(detectDelimiter("Skolenhetskod\tSkolenhetsnamn\tSkolformer")).toBe("\t");
  });

  it("reads the fixture with its BOM, semicolons and line numbers", () => {
    const parsed = parseSchoolRegister(fixture);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows).toHaveLength(11);
    expect(parsed.rows[0]).toMatchObject({
      line: 2,
      code: "95010001",
      name: "Ekbackens skola",
      municipality: "Ådalsvik",
      operatorType: "Kommun",
      schoolForms: "Förskoleklass, Grundskola, Fritidshem",
    });
    expect(parsed.rows.at(-1)).toMatchObject({ line: 12, code: "95010007" });
  });

  it("reads comma-separated files with quoted lists of school forms", () => {
    const rows = rowsOf(
      'skolenhetskod,skolenhetsnamn,kommun,huvudmannatyp,huvudman,skolformer\r\n95020001,"Skolan, den nya",Ådalsvik,Kommunal,Ådalsviks kommun,"Grundskola; Anpassad grundskola"\r\n',
    );
    expect(rows).toEqual([
      {
        line: 2,
        code: "95020001",
        name: "Skolan, den nya",
        municipality: "Ådalsvik",
        operatorType: "Kommunal",
        operatorName: "Ådalsviks kommun",
        schoolForms: "Grundskola; Anpassad grundskola",
        district: "",
      },
    ]);
  });

  it("skips empty lines and rows of empty cells but keeps the file's line numbers", () => {
    const rows = rowsOf(
      "Skolenhetskod;Skolenhetsnamn;Huvudmannatyp;Huvudman;Skolformer\n\n;;;;\n95020001;A;Kommun;K;Grundskola\n",
    );
    expect(rows.map((r) => [r.line, r.code])).toEqual([[4, "95020001"]]);
  });

  it("names the missing columns", () => {
    const parsed = parseSchoolRegister("Skolenhetskod;Namn;Kommun\n95020001;A;Ådalsvik\n");
    expect(parsed).toEqual({ ok: false, error: expect.stringContaining("Huvudmannatyp") });
    expect(!parsed.ok && parsed.error).toContain("kolumnerna Huvudmannatyp, Huvudman, Skolformer");
    expect(parseSchoolRegister("")).toEqual({ ok: false, error: "Filen är tom." });
  });

  it("says which line cannot be read as CSV", () => {
    const parsed = parseSchoolRegister(
      'Skolenhetskod;Skolenhetsnamn;Huvudmannatyp;Huvudman;Skolformer\n95020001;"Trasig;Kommun;K;Grundskola\n',
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^Filen kunde inte läsas som CSV/);
  });

  it("decodes UTF-8 with and without BOM, and Windows-1252 from Excel", () => {
    const text = "Skolenhetsnamn\nÅdalens förskoleklass";
    const utf8 = new TextEncoder().encode(text);
    expect(decodeCsvBytes(utf8)).toBe(text);
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe(text);
    const cp1252 = Uint8Array.from(
      [...text].map((c) => ({ Å: 0xc5, ö: 0xf6 })[c] ?? c.charCodeAt(0)),
    );
    expect(decodeCsvBytes(cp1252)).toBe(text);
  });
});

describe("operator types and school forms", () => {
  it("accepts Skolverket's words and ours", () => {
    expect(parseOperatorType("Kommun")).toBe("municipal");
    expect(parseOperatorType(" kommunal ")).toBe("municipal");
    expect(parseOperatorType("Enskild")).toBe("independent");
    expect(parseOperatorType("FRISTÅENDE")).toBe("independent");
    expect(parseOperatorType("Region")).toBeNull();
    expect(parseOperatorType("Stat")).toBeNull();
  });

  it("reads a list of school forms, old names too, skipping Fritidshem and naming unknown ones", () => {
    expect(
      parseSchoolForms("Gymnasieskola; förskoleklass,Grundsärskola, Fritidshem,, Grundskola"),
    ).toEqual({
      forms: ["forskoleklass", "grundskola", "anpassad_grundskola", "gymnasieskola"],
      unknown: [],
    });
    expect(parseSchoolForms("Anpassad gymnasieskola, Gymnasiesärskola")).toEqual({
      forms: ["anpassad_gymnasieskola"],
      unknown: [],
    });
    expect(parseSchoolForms("Grundskola, Cirkusskola, Sameskola")).toEqual({
      forms: ["grundskola"],
      unknown: ["Cirkusskola", "Sameskola"],
    });
  });
});

describe("planning an import", () => {
  it("plans the fixture: new, updated, unchanged and refused rows with Swedish reasons", () => {
    const plan = planSchoolImport(rowsOf(fixture), context());
    const byLine = new Map(plan.rows.map((r) => [r.line, r]));
    expect(plan.counts).toEqual({ create: 3, update: 1, unchanged: 1, refused: 6 });

    expect(byLine.get(2)).toEqual({
      line: 2,
      code: "95010001",
      name: "Ekbackens skola",
      status: "create",
      values: {
        name: "Ekbackens skola",
        municipality: "Ådalsvik",
        operatorType: "municipal",
        operatorName: "Ådalsviks kommun",
        schoolForms: ["forskoleklass", "grundskola"],
      },
      districtId: SOUTH.id,
      districtName: SOUTH.name,
    });
    expect(byLine.get(3)).toMatchObject({
      status: "create",
      values: { operatorType: "independent", schoolForms: ["grundskola", "anpassad_grundskola"] },
    });
    expect(byLine.get(5)).toEqual({
      line: 5,
      code: "91000011",
      name: "Lärkängens skola",
      status: "update",
      schoolId: larkangen.id,
      values: {
        name: "Lärkängens skola",
        municipality: "Ådalsvik",
        operatorType: "municipal",
        operatorName: "Ådalsviks kommun",
        schoolForms: ["forskoleklass", "grundskola"],
      },
      changes: [{ field: "municipality", label: "Kommun", from: "–", to: "Ådalsvik" }],
    });
    // An empty Kommun cell leaves the portal's value alone: nothing changes.
    expect(byLine.get(6)).toMatchObject({ status: "unchanged", schoolId: soderas.id });

    const reasons = (line: number) => {
      const r = byLine.get(line);
      return r?.status === "refused" ? r.reasons : [];
    };
    expect(reasons(7)).toEqual(["Skolenhetskoden måste vara 8 siffror (filen har ”9501004”)"]);
    expect(reasons(8)).toEqual(["Okänd huvudmannatyp: Region (ska vara Kommun eller Enskild)"]);
    expect(reasons(9)).toEqual(["Okänd skolform: Cirkusskola"]);
    expect(reasons(10)).toEqual(["Koden finns två gånger i filen (rad 10 och 12)"]);
    expect(reasons(11)).toEqual(["Namn saknas"]);
    expect(reasons(12)).toEqual(["Koden finns två gånger i filen (rad 10 och 12)"]);
  });

  it("lists every reason of a row, and counts codes found three times", () => {
    const plan = planSchoolImport(
      [
        row({ line: 2, code: "12", name: "", operatorType: "", operatorName: "", schoolForms: "" }),
        row({ line: 3, code: "95020002" }),
        row({ line: 4, code: "95020002" }),
        row({ line: 7, code: "95020002" }),
      ],
      context(),
    );
    expect(plan.rows[0]).toMatchObject({
      status: "refused",
      reasons: [
        "Skolenhetskoden måste vara 8 siffror (filen har ”12”)",
        "Namn saknas",
        "Huvudmannatyp saknas",
        "Huvudman saknas",
        "Skolform saknas",
      ],
    });
    expect(plan.rows[1]).toMatchObject({
      status: "refused",
      reasons: ["Koden finns tre gånger i filen (rad 3, 4 och 7)"],
    });
  });

  it("places new schools in the row's named district, or refuses an unknown one", () => {
    const plan = planSchoolImport(
      [
        row({ line: 2, code: "95020001", district: "norrstrands  stadsdelsförvaltning" }),
        row({ line: 3, code: "95020002", district: "Västra förvaltningen" }),
        row({ line: 4, code: "95020003" }),
      ],
      context(),
    );
    expect(plan.rows.map((r) => (r.status === "create" ? r.districtId : r.status))).toEqual([
      NORTH.id,
      "refused",
      SOUTH.id,
    ]);
    expect(plan.rows[1]).toMatchObject({
      reasons: ["Okänd stadsdelsförvaltning: Västra förvaltningen"],
    });
  });

  it("refuses new schools when no district is chosen, but still updates existing ones", () => {
    const plan = planSchoolImport(
      [
        row({ code: "95020001" }),
        row({ line: 3, code: "91000010", name: "Söderåsskolan 2", municipality: "" }),
      ],
      context({ defaultDistrictId: null }),
    );
    expect(plan.rows[0]).toMatchObject({
      status: "refused",
      reasons: ["Ingen förvaltning vald för nya skolor"],
    });
    expect(plan.rows[1]).toMatchObject({
      status: "update",
      changes: [{ field: "name", from: "Söderåsskolan", to: "Söderåsskolan 2" }],
    });
  });

  it("never moves an existing school, even when the row names another district", () => {
    const plan = planSchoolImport(
      [row({ code: "91000010", name: "Söderåsskolan", municipality: "", district: NORTH.name })],
      context(),
    );
    expect(plan.rows[0]).toMatchObject({ status: "unchanged" });
  });

  it("refuses to update a deactivated school", () => {
    const plan = planSchoolImport(
      [row({ code: "91000010", name: "Söderåsskolan" })],
      context({ existing: [{ ...soderas, deactivated: true }] }),
    );
    expect(plan.rows[0]).toMatchObject({
      status: "refused",
      reasons: [expect.stringContaining("Söderåsskolan, som är avaktiverad")],
    });
  });

  it("shows old and new operator type and school forms in Swedish", () => {
    const plan = planSchoolImport(
      [
        row({
          code: "91000010",
          name: "Söderåsskolan",
          operatorType: "Enskild",
          schoolForms: "Grundskola, Förskoleklass",
        }),
      ],
      context(),
    );
    expect(plan.rows[0]).toMatchObject({
      status: "update",
      changes: [
        { label: "Kommun", from: "–", to: "Ådalsvik" },
        { label: "Huvudmannatyp", from: "Kommunal", to: "Fristående" },
        { label: "Skolformer", from: "Grundskola", to: "Förskoleklass, Grundskola" },
      ],
    });
  });

  it("fingerprints a plan so that any change to what would be saved shows", () => {
    const rows = rowsOf(fixture);
    const a = planFingerprint(planSchoolImport(rows, context()), SOUTH.id);
    expect(planFingerprint(planSchoolImport(rows, context()), SOUTH.id)).toBe(a);
    const renamed = { ...larkangen, name: "Lärkängsskolan" };
    expect(
      planFingerprint(planSchoolImport(rows, context({ existing: [renamed, soderas] })), SOUTH.id),
    ).not.toBe(a);
    expect(
      planFingerprint(planSchoolImport(rows, context({ defaultDistrictId: NORTH.id })), NORTH.id),
    ).not.toBe(a);
  });
});
