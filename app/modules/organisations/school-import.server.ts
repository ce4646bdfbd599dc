/**
 * Importing schools from a CSV file in the shape of Skolverket's school-unit register
 * (skolenhetsregistret). Three steps, each its own function:
 *
 * 1. `parseSchoolRegister` reads the file (csv-parse; `;`, `,` or tab between columns, found
 *    from the header line; UTF-8 with or without BOM) and finds the columns by their Swedish
 *    names, case and spacing ignored.
 * 2. `planSchoolImport` (pure) decides, row by row, what would happen: a new school, an update
 *    (which fields, old → new), unchanged, or refused with the reasons in Swedish.
 * 3. `previewSchoolImport` shows the plan and saves nothing; `applySchoolImport` plans again
 *    inside one transaction, saves only if the plan is the one the administrator saw (same
 *    fingerprint), and otherwise hands back the new plan to look at.
 *
 * An import creates and updates schools; it never deactivates anything and never moves a
 * school to another district. See docs/decisions/010-school-import-from-skolverket.md.
 */
import { createHash } from "node:crypto";
import { CsvError, parse } from "csv-parse/sync";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { db, lockKey } from "~db/client.server";
import { SCHOOL_FORMS, type Database, type OperatorType, type SchoolForm } from "~db/schema";
import { OPERATOR_TYPE_LABELS, schoolFormsText } from "./labels";
import { mayManageOrganisations } from "./policy";
import { SCHOOL_UNIT_CODE } from "./schema";
import { characterLength } from "~/lib/clean-text";
import { isUniqueViolation } from "~/lib/unique-violation";

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

// ----- Reading the file ----------------------------------------------------------------------

export type ColumnKey =
  "code" | "name" | "municipality" | "operatorType" | "operatorName" | "schoolForms" | "district";

/** The column names a user may know the columns by, in Skolverket's wording first. */
const COLUMN_NAMES: Record<ColumnKey, string[]> = {
  code: ["Skolenhetskod"],
  name: ["Skolenhetsnamn", "Skolenhetens namn", "Skolnamn", "Namn"],
  municipality: ["Kommun", "Kommunnamn"],
  operatorType: ["Huvudmannatyp", "Typ av huvudman"],
  operatorName: ["Huvudman", "Huvudmannanamn", "Huvudmannens namn"],
  schoolForms: ["Skolformer", "Skolform"],
  district: ["Stadsdelsförvaltning", "Område", "Förvaltning"],
};

const REQUIRED_COLUMNS: ColumnKey[] = [
  "code",
  "name",
  "operatorType",
  "operatorName",
  "schoolForms",
];

/** Header text as compared: no BOM, no case, no spaces, dashes, dots or underscores. */
function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\s_.-]+/g, "");
}

const HEADER_LOOKUP = new Map<string, ColumnKey>(
  (Object.entries(COLUMN_NAMES) as [ColumnKey, string[]][]).flatMap(([key, names]) =>
    names.map((name) => [normaliseHeader(name), key] as const),
  ),
);

/** Which of our columns each header names (null for columns we do not use, e.g. Kommunkod). */
export function mapHeaders(headers: readonly string[]): (ColumnKey | null)[] {
  const seen = new Set<ColumnKey>();
  return headers.map((header) => {
    const key = HEADER_LOOKUP.get(normaliseHeader(header)) ?? null;
    // The first column of a kind counts; a second one (Kommun and Kommunnamn) is ignored.
    if (!key || seen.has(key)) return null;
    seen.add(key);
    return key;
  });
}

/**
 * The delimiter, from the header line: whichever of `;`, `,` and tab it holds most of
 * (Swedish Excel writes `;`). csv-parse's own delimiter_auto (7.0) stumbles on quoted fields.
 */
export function detectDelimiter(text: string): ";" | "," | "\t" {
  const header = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/, 1)[0] ?? "";
  const count = (c: string) => header.split(c).length - 1;
  const candidates = [";", ",", "\t"] as const;
  return candidates.reduce((best, c) => (count(c) > count(best) ? c : best), ";");
}

/** File bytes as text: UTF-8 (a BOM is dropped), or Windows-1252 when they are not UTF-8. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Excel's "CSV (semikolonavgränsad)" on a Swedish Windows saves Windows-1252.
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  return text.replace(/^\uFEFF/, "");
}

export interface RegisterRow {
  /** The row's line number in the file; the header is line 1. */
  line: number;
  code: string;
  name: string;
  municipality: string;
  operatorType: string;
  operatorName: string;
  schoolForms: string;
  district: string;
}

export type ParseResult =
  { ok: true; rows: RegisterRow[]; columns: ColumnKey[] } | { ok: false; error: string };

const EXPECTED_HEADER = "Skolenhetskod;Skolenhetsnamn;Kommun;Huvudmannatyp;Huvudman;Skolformer";

/** Reads the register file into rows, or says in Swedish why it cannot be read. */
export function parseSchoolRegister(text: string): ParseResult {
  if (!text.replace(/^\uFEFF/, "").trim()) {
    return { ok: false, error: "Filen är tom." };
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return {
        ok: false,
        error: `Filen kunde inte läsas som CSV${line ? ` (rad ${line})` : ""}. Kontrollera citattecknen och spara filen som CSV igen.`,
      };
    }
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, error: "Filen är tom." };
  const keys = mapHeaders(header.record);
  const columns = keys.filter((k): k is ColumnKey => k !== null);
  const missing = REQUIRED_COLUMNS.filter((k) => !columns.includes(k));
  if (missing.length > 0) {
    const names = missing.map((k) => COLUMN_NAMES[k][0]).join(", ");
    return {
      ok: false,
      error: `Filen saknar ${missing.length === 1 ? "kolumnen" : "kolumnerna"} ${names}. Första raden ska ha kolumnernas namn, till exempel ${EXPECTED_HEADER}.`,
    };
  }
  const rows = body.map(({ record, info }) => {
    const row: RegisterRow = {
      line: info.lines,
      code: "",
      name: "",
      municipality: "",
      operatorType: "",
      operatorName: "",
      schoolForms: "",
      district: "",
    };
    keys.forEach((key, index) => {
      if (key) row[key] = record[index] ?? "";
    });
    return row;
  });
  return { ok: true, rows, columns };
}

// ----- Planning (pure) -----------------------------------------------------------------------

const OPERATOR_TYPE_WORDS: Record<string, OperatorType> = {
  kommun: "municipal",
  kommunal: "municipal",
  kommunalhuvudman: "municipal",
  enskild: "independent",
  enskildhuvudman: "independent",
  fristående: "independent",
  friskola: "independent",
};

const SCHOOL_FORM_WORDS: Record<string, SchoolForm> = {
  förskoleklass: "forskoleklass",
  grundskola: "grundskola",
  anpassadgrundskola: "anpassad_grundskola",
  grundsärskola: "anpassad_grundskola", // the name until 2023
  gymnasieskola: "gymnasieskola",
  anpassadgymnasieskola: "anpassad_gymnasieskola",
  gymnasiesärskola: "anpassad_gymnasieskola", // the name until 2023
};

/** School forms Skolverket lists beside a school that the portal does not track. */
const IGNORED_SCHOOL_FORMS = new Set(["fritidshem"]);

const word = (value: string) => value.normalize("NFC").toLowerCase().replace(/\s+/g, "");

export function parseOperatorType(value: string): OperatorType | null {
  return OPERATOR_TYPE_WORDS[word(value)] ?? null;
}

/** The forms in a cell such as "Förskoleklass, Grundskola"; unknown ones are named. */
export function parseSchoolForms(value: string): { forms: SchoolForm[]; unknown: string[] } {
  const found = new Set<SchoolForm>();
  const unknown: string[] = [];
  for (const part of value.split(/[,;]/)) {
    const raw = part.trim();
    if (!raw) continue;
    const form = SCHOOL_FORM_WORDS[word(raw)];
    if (form) found.add(form);
    else if (!IGNORED_SCHOOL_FORMS.has(word(raw))) unknown.push(raw);
  }
  return { forms: SCHOOL_FORMS.filter((f) => found.has(f)), unknown };
}

export interface ExistingSchool {
  id: string;
  name: string;
  schoolUnitCode: string;
  municipality: string | null;
  operatorType: OperatorType;
  operatorName: string;
  schoolForms: SchoolForm[];
  deactivated: boolean;
}

export interface PlanContext {
  /** Schools already in the portal (at least those whose codes the file holds). */
  existing: ExistingSchool[];
  /** Active districts, which new schools may be placed in. */
  districts: { id: string; name: string }[];
  /** The district chosen for new schools whose row names none. */
  defaultDistrictId: string | null;
}

interface ImportValues {
  name: string;
  municipality: string | null;
  operatorType: OperatorType;
  operatorName: string;
  schoolForms: SchoolForm[];
}

interface FieldChange {
  field: keyof ImportValues;
  label: string;
  from: string;
  to: string;
}

interface RowBase {
  line: number;
  code: string;
  name: string;
}

export type PlannedRow =
  | (RowBase & { status: "create"; values: ImportValues; districtId: string; districtName: string })
  | (RowBase & { status: "update"; schoolId: string; values: ImportValues; changes: FieldChange[] })
  | (RowBase & { status: "unchanged"; schoolId: string })
  | (RowBase & { status: "refused"; reasons: string[] });

export type PlanStatus = PlannedRow["status"];

export interface ImportPlan {
  rows: PlannedRow[];
  counts: Record<PlanStatus, number>;
}

const FIELD_LABELS: Record<keyof ImportValues, string> = {
  name: "Namn",
  municipality: "Kommun",
  operatorType: "Huvudmannatyp",
  operatorName: "Huvudman",
  schoolForms: "Skolformer",
};

function showValue(field: keyof ImportValues, value: ImportValues[keyof ImportValues]): string {
  if (value === null || value === "") return "–";
  if (field === "operatorType") return OPERATOR_TYPE_LABELS[value as OperatorType];
  if (field === "schoolForms") return schoolFormsText(value as SchoolForm[]);
  return String(value);
}

/** "rad 4 och 9", "rad 4, 9 och 12". */
function lineList(lines: number[]): string {
  if (lines.length === 1) return `rad ${lines[0]}`;
  return `rad ${lines.slice(0, -1).join(", ")} och ${lines[lines.length - 1]}`;
}

const TIMES = ["", "en gång", "två gånger", "tre gånger"];

/** What would happen to each row of the file, given the schools and districts there are now. */
export function planSchoolImport(rows: readonly RegisterRow[], context: PlanContext): ImportPlan {
  const byCode = new Map(context.existing.map((s) => [s.schoolUnitCode, s]));
  const districtByName = new Map(context.districts.map((d) => [word(d.name), d]));
  const defaultDistrict = context.districts.find((d) => d.id === context.defaultDistrictId) ?? null;
  const linesByCode = new Map<string, number[]>();
  for (const row of rows) {
    if (!row.code) continue;
    linesByCode.set(row.code, [...(linesByCode.get(row.code) ?? []), row.line]);
  }

  const planned = rows.map((row): PlannedRow => {
    const base = { line: row.line, code: row.code, name: row.name };
    const reasons: string[] = [];
    if (!row.code) reasons.push("Skolenhetskod saknas");
    else if (!SCHOOL_UNIT_CODE.test(row.code))
      reasons.push(`Skolenhetskoden måste vara 8 siffror (filen har ”${row.code}”)`);
    const lines = linesByCode.get(row.code) ?? [];
    if (row.code && lines.length > 1) {
      const times = TIMES[lines.length] ?? `${lines.length} gånger`;
      reasons.push(`Koden finns ${times} i filen (${lineList(lines)})`);
    }
    if (!row.name) reasons.push("Namn saknas");
    else if (characterLength(row.name) > 200) reasons.push("Namnet är längre än 200 tecken");
    const operatorType = parseOperatorType(row.operatorType);
    if (!row.operatorType) reasons.push("Huvudmannatyp saknas");
    else if (!operatorType)
      reasons.push(`Okänd huvudmannatyp: ${row.operatorType} (ska vara Kommun eller Enskild)`);
    if (!row.operatorName) reasons.push("Huvudman saknas");
    else if (characterLength(row.operatorName) > 200)
      reasons.push("Huvudmannens namn är längre än 200 tecken");
    if (characterLength(row.municipality) > 100)
      reasons.push("Kommunens namn är längre än 100 tecken");
    const { forms, unknown } = parseSchoolForms(row.schoolForms);
    for (const form of unknown) reasons.push(`Okänd skolform: ${form}`);
    if (unknown.length === 0 && forms.length === 0) reasons.push("Skolform saknas");

    const existing = byCode.get(row.code);
    if (existing?.deactivated) {
      reasons.push(
        `Koden tillhör ${existing.name}, som är avaktiverad i portalen. Återaktivera skolan först om den ska uppdateras`,
      );
    }

    let district: { id: string; name: string } | null = null;
    if (!existing) {
      if (row.district) {
        district = districtByName.get(word(row.district)) ?? null;
        if (!district) reasons.push(`Okänd stadsdelsförvaltning: ${row.district}`);
      } else {
        district = defaultDistrict;
        if (!district) reasons.push("Ingen förvaltning vald för nya skolor");
      }
    }

    if (reasons.length > 0 || !operatorType) return { ...base, status: "refused", reasons };

    if (!existing) {
      return {
        ...base,
        status: "create",
        values: {
          name: row.name,
          municipality: row.municipality || null,
          operatorType,
          operatorName: row.operatorName,
          schoolForms: forms,
        },
        districtId: district!.id,
        districtName: district!.name,
      };
    }
    // An empty cell leaves the portal's value as it is.
    const values: ImportValues = {
      name: row.name,
      municipality: row.municipality || existing.municipality,
      operatorType,
      operatorName: row.operatorName,
      schoolForms: forms,
    };
    const changes = (Object.keys(FIELD_LABELS) as (keyof ImportValues)[])
      .filter((field) => showValue(field, values[field]) !== showValue(field, existing[field]))
      .map((field) => ({
        field,
        label: FIELD_LABELS[field],
        from: showValue(field, existing[field]),
        to: showValue(field, values[field]),
      }));
    if (changes.length === 0) return { ...base, status: "unchanged", schoolId: existing.id };
    return { ...base, status: "update", schoolId: existing.id, values, changes };
  });

  const counts: Record<PlanStatus, number> = { create: 0, update: 0, unchanged: 0, refused: 0 };
  for (const row of planned) counts[row.status] += 1;
  return { rows: planned, counts };
}

/** A digest of a plan: equal digests mean the same rows would be saved the same way. */
export function planFingerprint(plan: ImportPlan, defaultDistrictId: string | null): string {
  return createHash("sha256")
    .update(JSON.stringify({ defaultDistrictId, rows: plan.rows }))
    .digest("base64url");
}

// ----- Preview and apply (database) ----------------------------------------------------------

type Executor = Kysely<Database> | Transaction<Database>;

/** The schools with the file's codes and the active districts; locked when `lock` is set. */
async function loadContext(
  executor: Executor,
  rows: RegisterRow[],
  defaultDistrictId: string | null,
  lock: boolean,
): Promise<PlanContext> {
  const codes = [...new Set(rows.map((r) => r.code).filter((c) => SCHOOL_UNIT_CODE.test(c)))];
  let schools = executor
    .selectFrom("organisations")
    .select([
      "id",
      "name",
      "schoolUnitCode",
      "municipality",
      "operatorType",
      "operatorName",
      "schoolForms",
      "deactivatedAt",
    ])
    .where("kind", "=", "school")
    .where(sql<boolean>`school_unit_code = any(${codes}::text[])`);
  let districts = executor
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("kind", "=", "district")
    .where("deactivatedAt", "is", null);
  if (lock) {
    // Schools that will be updated cannot change meanwhile; districts that receive new schools
    // cannot be deactivated meanwhile (deactivateDistrict takes FOR UPDATE on its row).
    schools = schools.forUpdate();
    districts = districts.forShare();
  }
  const [existing, active] = await Promise.all([
    codes.length > 0 ? schools.execute() : Promise.resolve([]),
    districts.orderBy("name").execute(),
  ]);
  return {
    existing: existing.map((s) => ({
      id: s.id,
      name: s.name,
      schoolUnitCode: s.schoolUnitCode!,
      municipality: s.municipality,
      operatorType: s.operatorType!,
      operatorName: s.operatorName!,
      schoolForms: s.schoolForms,
      deactivated: s.deactivatedAt !== null,
    })),
    districts: active,
    defaultDistrictId,
  };
}

export interface ImportInput {
  /** The file's text, as decoded by decodeCsvBytes. */
  csv: string;
  defaultDistrictId: string | null;
}

export type PreviewResult =
  { ok: true; plan: ImportPlan; fingerprint: string } | { ok: false; error: string };

/** What the import would do, row by row. Saves nothing. Null for anyone but an administrator. */
export async function previewSchoolImport(
  actor: Actor,
  input: ImportInput,
): Promise<PreviewResult | null> {
  if (!mayManageOrganisations(actor.membership)) return null;
  const parsed = parseSchoolRegister(input.csv);
  if (!parsed.ok) return parsed;
  const context = await loadContext(db, parsed.rows, input.defaultDistrictId, false);
  const plan = planSchoolImport(parsed.rows, context);
  return { ok: true, plan, fingerprint: planFingerprint(plan, input.defaultDistrictId) };
}

export type ApplyResult =
  | { kind: "applied"; counts: Record<PlanStatus, number> }
  | { kind: "changed"; plan: ImportPlan; fingerprint: string }
  | { kind: "error"; error: string };

const INSERT_CHUNK = 500;

/**
 * Saves the good rows of the file in one transaction, if the plan is still the one the
 * administrator saw (`fingerprint`); otherwise nothing is saved and the new plan comes back.
 * Imports run one at a time. A database error rolls the whole import back.
 */
export async function applySchoolImport(
  actor: Actor,
  input: ImportInput & { fingerprint: string },
): Promise<ApplyResult | null> {
  if (!mayManageOrganisations(actor.membership)) return null;
  const parsed = parseSchoolRegister(input.csv);
  if (!parsed.ok) return { kind: "error", error: parsed.error };
  try {
    return await db.transaction().execute(async (trx): Promise<ApplyResult> => {
      await lockKey(trx, "samverkan:school-import");
      const context = await loadContext(trx, parsed.rows, input.defaultDistrictId, true);
      const plan = planSchoolImport(parsed.rows, context);
      const fingerprint = planFingerprint(plan, input.defaultDistrictId);
      if (fingerprint !== input.fingerprint) return { kind: "changed", plan, fingerprint };
      for (const row of plan.rows) {
        if (row.status !== "update") continue;
        await trx
          .updateTable("organisations")
          .set({ ...row.values, updatedAt: sql`now()` })
          .where("id", "=", row.schoolId)
          .execute();
      }
      const creates = plan.rows.filter((r) => r.status === "create");
      for (let i = 0; i < creates.length; i += INSERT_CHUNK) {
        await trx
          .insertInto("organisations")
          .values(
            creates.slice(i, i + INSERT_CHUNK).map((row) => ({
              kind: "school" as const,
              schoolUnitCode: row.code,
              districtId: row.districtId,
              ...row.values,
            })),
          )
          .execute();
      }
      return { kind: "applied", counts: plan.counts };
    });
  } catch (error) {
    // A school with one of the codes was saved by hand meanwhile: show the plan as it is now.
    if (isUniqueViolation(error, "organisations_school_unit_code_key")) {
      const preview = await previewSchoolImport(actor, input);
      if (preview?.ok) return { kind: "changed", ...preview };
    }
    throw error;
  }
}
