/**
 * The server half of the import page: reads the posted form (a file upload, or the confirmed
 * file's text sent back from the preview), limits its size, and runs the preview or the import.
 * Both forms are multipart, so the page works the same with and without JavaScript.
 */
import {
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from "@remix-run/node";
import type { Actor } from "~/auth/session.server";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
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
  | { step: "upload"; fieldErrors: FieldErrors; districtId: string }
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

async function readForm(request: Request): Promise<FormData | "tooLarge" | "notMultipart"> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  // The confirmed text may be larger than the file (Windows-1252 letters take two bytes).
  if (length > 3 * MAX_IMPORT_BYTES + 100_000) return "tooLarge";
  try {
    return await parseMultipartFormData(
      request,
      composeUploadHandlers(
        createMemoryUploadHandler({
          filter: ({ name }) => name === "file",
          maxPartSize: MAX_IMPORT_BYTES,
        }),
        createMemoryUploadHandler({ maxPartSize: 3 * MAX_IMPORT_BYTES }),
      ),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return "tooLarge";
    if (error instanceof TypeError) return "notMultipart";
    throw error;
  }
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** Runs the step the form asks for; null when the actor may not import (the route: 404). */
export async function schoolImportFromRequest(
  actor: Actor,
  request: Request,
): Promise<ImportPageData | null> {
  const form = await readForm(request);
  if (form === "tooLarge")
    return { step: "upload", fieldErrors: { file: TOO_LARGE }, districtId: "" };
  if (form === "notMultipart") {
    return { step: "upload", fieldErrors: { file: "Välj en CSV-fil." }, districtId: "" };
  }
  const districtId = text(form, "districtId");
  const parsed = schoolImportSchema.safeParse({ districtId });
  if (!parsed.success) {
    return { step: "upload", fieldErrors: fieldErrorsFrom(parsed.error.issues), districtId: "" };
  }
  const defaultDistrictId = parsed.data.districtId || null;

  if (text(form, "intent") === "apply") {
    const csv = text(form, "csv");
    const fileName = text(form, "fileName");
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

  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return {
      step: "upload",
      fieldErrors: {
        file: file instanceof File && file.name ? "Filen är tom." : "Välj en CSV-fil.",
      },
      districtId,
    };
  }
  const csv = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
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
    fileName: file.name,
  };
}
