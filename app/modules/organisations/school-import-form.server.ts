/**
 * The server half of the import page: reads the posted form (a file upload, or the confirmed
 * file's text sent back from the preview), limits its size, and runs the preview or the import.
 * Both forms are multipart, so the page works the same with and without JavaScript.
 */
import type { Actor } from "~/auth/session.server";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import { cleanFileName, readMultipartForm } from "~/lib/multipart.server";
import { schoolImportSchema } from "./schema";
import {
  applySchoolImport,
  decodeCsvBytes,
  MAX_IMPORT_BYTES,
  previewSchoolImport,
  type ImportPlan,
  type PlanStatus,
} from "./school-import.server";

export type ImportPageData =
  | {
      step: "upload";
      fieldErrors: FieldErrors;
      districtId: string;
      /** The body itself was refused (not a form of ours, or over a limit): answer 400. */
      refused?: true;
    }
  | {
      step: "preview";
      /** True when the plan differs from the one the administrator confirmed. */
      changed: boolean;
      plan: ImportPlan;
      fingerprint: string;
      csv: string;
      districtId: string;
      fileName: string;
    }
  | { step: "done"; counts: Record<PlanStatus, number>; fileName: string };

const TOO_LARGE = `Filen är för stor. Den får vara högst ${MAX_IMPORT_BYTES / 1024 / 1024} MB; dela upp den i flera filer.`;
const UNREADABLE = "Filen kunde inte läsas. Välj filen igen och försök på nytt.";

/** The confirmed text may be larger than the file (Windows-1252 letters take two bytes). */
const MAX_CSV_TEXT_BYTES = 3 * MAX_IMPORT_BYTES;

async function readImportForm(request: Request, requestId?: string) {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_CSV_TEXT_BYTES + 100_000) return { ok: false, refusal: "tooLarge" } as const;
  const read = await readMultipartForm(request, {
    files: { file: { maxBytes: MAX_IMPORT_BYTES } },
    maxFieldBytes: MAX_CSV_TEXT_BYTES,
    maxTextBytes: MAX_CSV_TEXT_BYTES + 64 * 1024,
    // intent, districtId, fingerprint, fileName, csv and the file.
    maxParts: 12,
    requestId,
  });
  if (read.ok) return read;
  const tooLarge = ["fileTooLarge", "fieldTooLarge", "tooManyParts"].includes(read.refusal);
  return { ok: false, refusal: tooLarge ? "tooLarge" : "unreadable" } as const;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** Runs the step the form asks for; null when the actor may not import (the route: 404). */
export async function schoolImportFromRequest(
  actor: Actor,
  request: Request,
  requestId?: string,
): Promise<ImportPageData | null> {
  const read = await readImportForm(request, requestId);
  if (!read.ok) {
    const message = read.refusal === "tooLarge" ? TOO_LARGE : UNREADABLE;
    return { step: "upload", fieldErrors: { file: message }, districtId: "", refused: true };
  }
  const form = read.fields;
  const districtId = text(form, "districtId");
  const parsed = schoolImportSchema.safeParse({ districtId });
  if (!parsed.success) {
    return { step: "upload", fieldErrors: fieldErrorsFrom(parsed.error.issues), districtId: "" };
  }
  const defaultDistrictId = parsed.data.districtId || null;

  if (text(form, "intent") === "apply") {
    const csv = text(form, "csv");
    const fileName = cleanFileName(text(form, "fileName"));
    const result = await applySchoolImport(actor, {
      csv,
      defaultDistrictId,
      fingerprint: text(form, "fingerprint"),
    });
    if (!result) return null;
    if (result.kind === "applied") return { step: "done", counts: result.counts, fileName };
    if (result.kind === "error") {
      return { step: "upload", fieldErrors: { file: result.error }, districtId };
    }
    return { step: "preview", changed: true, ...result, csv, districtId, fileName };
  }

  const file = read.files.get("file");
  if (!file?.bytes || file.byteSize === 0) {
    return {
      step: "upload",
      fieldErrors: { file: file ? "Filen är tom." : "Välj en CSV-fil." },
      districtId,
    };
  }
  const csv = decodeCsvBytes(file.bytes);
  const preview = await previewSchoolImport(actor, { csv, defaultDistrictId });
  if (!preview) return null;
  if (!preview.ok) return { step: "upload", fieldErrors: { file: preview.error }, districtId };
  return {
    step: "preview",
    changed: false,
    plan: preview.plan,
    fingerprint: preview.fingerprint,
    csv,
    districtId,
    fileName: file.fileName,
  };
}
