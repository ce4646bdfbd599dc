/**
 * The one reader of posted forms that carry files (issue 14). Every upload route reads its body
 * here, through busboy: a streaming multipart parser that reads quoted parameters with `;` and
 * `=` in them and the RFC 5987 `filename*=UTF-8''…` form, and prefers the latter as RFC 6266
 * asks. Remix's own unstable_parseMultipartFormData split the header on every `;` and threw an
 * error that quoted the whole header, file name and all, into the log.
 *
 * What it guarantees to the routes:
 * - Limits: per file (each file field named in `files`, at most one file each), per text field,
 *   for all text together, and on the number of parts. Anything over a limit, a file in a field
 *   the form does not have, a second file in a field, a part without a name or a body that is
 *   not a well-formed form is a refusal (`ok: false`), never an exception.
 * - A file is hashed (SHA-256) as it streams in. With `keep: false` its bytes are never held: a
 *   10 MB upload costs a chunk of memory, not 10 MB.
 * - Text fields and file names pass through cleanText (no NUL or other control characters,
 *   CRLF as LF); a file name also loses any path, line breaks and tabs, and is cut to 200
 *   characters keeping its extension.
 * - Nothing that came from the client is logged: a refusal is logged (warn) with its kind only,
 *   and busboy's errors, which may quote a header, are never logged or rethrown.
 */
import busboy from "busboy";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { cleanText } from "./clean-text";
import { logger } from "./logger.server";

interface FileSpec {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** False: only the hash and size are kept, never the bytes. Default true. */
  keep?: boolean;
}

export interface ReadFormOptions {
  /** The form's file fields; a file in any other field refuses the form. */
  files: Record<string, FileSpec>;
  /** Largest single text field, in bytes (default 64 KB). */
  maxFieldBytes?: number;
  /** All text fields together, in bytes (default: maxFieldBytes). */
  maxTextBytes?: number;
  /** Most parts (text fields and files) in all (default 100). */
  maxParts?: number;
  /** Also read an application/x-www-form-urlencoded body (text fields only). */
  urlEncoded?: boolean;
  /** For the log line of a refusal. */
  requestId?: string;
  /** Called with each file's byte count so far as its chunks arrive. */
  onProgress?: (field: string, bytes: number) => void;
}

interface UploadedFile {
  field: string;
  /** The name the user's file had, cleaned; may be empty. Never log it. */
  fileName: string;
  /** What the browser claimed; judge the type by the content instead. */
  declaredType: string;
  byteSize: number;
  sha256: string;
  /** The content, unless the spec said keep: false. */
  bytes: Uint8Array | null;
}

type FormRefusal =
  /** Not multipart (nor urlencoded, where that is allowed), or no body at all. */
  | "notForm"
  /** Not a well-formed form: no boundary, a broken part header, cut off, a part without name. */
  | "malformed"
  | "fileTooLarge"
  | "fieldTooLarge"
  | "tooManyParts"
  /** A file the form does not have: in another field, or a second one in the same field. */
  | "unexpectedFile";

export type ReadFormResult =
  | { ok: true; fields: FormData; files: Map<string, UploadedFile> }
  | {
      ok: false;
      refusal: FormRefusal;
      /** The field over its limit. */
      field?: string;
      /** For a file over its limit only: the text fields, all read, to show the form again. */
      fields?: FormData;
    };

const DEFAULT_MAX_FIELD_BYTES = 64 * 1024;
const DEFAULT_MAX_PARTS = 100;
const MAX_FILE_NAME_CHARACTERS = 200;

/** The media type of the request's body, lower case, without parameters. */
export function bodyMediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * A file name as it may be stored and shown: no path, no control characters or line breaks,
 * spaces collapsed, at most 200 characters with the extension kept.
 */
export function cleanFileName(name: string): string {
  const base = cleanText(name.split(/[\\/]/).pop() ?? "")
    .replace(/\s+/gu, " ")
    .trim();
  const characters = [...base];
  if (characters.length <= MAX_FILE_NAME_CHARACTERS) return base;
  const extension = /\.[\p{L}\p{N}]{1,10}$/u.exec(base)?.[0] ?? "";
  return (
    characters
      .slice(0, MAX_FILE_NAME_CHARACTERS - extension.length)
      .join("")
      .trimEnd() + extension
  );
}

export async function readMultipartForm(
  request: Request,
  options: ReadFormOptions,
): Promise<ReadFormResult> {
  const refuse = refuser(options.requestId);
  const mediaType = bodyMediaType(request);
  const multipart = mediaType === "multipart/form-data";
  // An unread body is left as it is, never cancelled: cancelling destroys the connection, and the
  // client would get no answer. The server reads and drops it after the response.
  if (!multipart && !(options.urlEncoded && mediaType === "application/x-www-form-urlencoded")) {
    return refuse("notForm");
  }
  if (!request.body) {
    return multipart ? refuse("notForm") : { ok: true, fields: new FormData(), files: new Map() };
  }
  const parser = openParser(request, options);
  if (!parser) return refuse("malformed");
  const source = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  return readParts(source, parser, options, refuse);
}

type Refuse = (refusal: FormRefusal, field?: string) => ReadFormResult;

/** A refusal as the routes get it; the kinds that are not a user's honest mistake are logged. */
function refuser(requestId: string | undefined): Refuse {
  return (refusal, field) => {
    if (refusal === "notForm" || refusal === "malformed" || refusal === "unexpectedFile") {
      logger.warn({ requestId, refusal }, "form refused");
    }
    return field === undefined ? { ok: false, refusal } : { ok: false, refusal, field };
  };
}

/** A busboy parser with the form's limits, or null when the content type cannot be read. */
function openParser(request: Request, options: ReadFormOptions): busboy.Busboy | null {
  const maxFieldBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const largestFile = Math.max(0, ...Object.values(options.files).map((s) => s.maxBytes));
  try {
    return busboy({
      headers: { "content-type": request.headers.get("Content-Type") ?? "" },
      // Browsers send a file name's UTF-8 bytes as they are inside the quotes.
      defParamCharset: "utf8",
      defCharset: "utf8",
      preservePath: false,
      limits: {
        // One byte more than allowed, so that "too large" is seen here, not as a silent cut.
        fieldSize: maxFieldBytes + 1,
        fileSize: largestFile + 1,
        parts: options.maxParts ?? DEFAULT_MAX_PARTS,
        fieldNameSize: 200,
        headerPairs: 20,
      },
    });
  } catch {
    // No boundary, or a content type busboy does not read: the message may quote the header.
    return null;
  }
}

/** What one body's parts have given so far, shared by the handlers of its fields and files. */
interface Reading {
  readonly options: ReadFormOptions;
  /** The form's file fields; a Map, so a field named like an object's own key finds nothing. */
  readonly specs: Map<string, FileSpec>;
  readonly maxTextBytes: number;
  readonly fields: FormData;
  readonly files: Map<string, UploadedFile>;
  /** The file fields that have had their file, so that a second one is refused. */
  readonly fileParts: Set<string>;
  textBytes: number;
  /** The file field whose file went over its limit. */
  tooLarge: string | null;
  /** An answer is given; later events change nothing. */
  settled: boolean;
  fail: (refusal: FormRefusal, field?: string) => void;
}

function readParts(
  source: Readable,
  parser: busboy.Busboy,
  options: ReadFormOptions,
  refuse: Refuse,
): Promise<ReadFormResult> {
  return new Promise<ReadFormResult>((resolve) => {
    const finish = (result: ReadFormResult) => {
      if (reading.settled) return;
      reading.settled = true;
      if (!result.ok) {
        // Stop parsing; whatever is left of the body is read and dropped, never kept.
        source.unpipe(parser);
        source.resume();
      }
      resolve(result);
    };
    const reading: Reading = {
      options,
      specs: new Map(Object.entries(options.files)),
      maxTextBytes: options.maxTextBytes ?? options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
      fields: new FormData(),
      files: new Map(),
      fileParts: new Set(),
      textBytes: 0,
      tooLarge: null,
      settled: false,
      // The first refusal counts (and is logged); a parser error after it changes nothing.
      fail: (refusal, field) => {
        if (!reading.settled) finish(refuse(refusal, field));
      },
    };

    // A client that goes away mid-upload: an error on the body, never an unhandled one.
    source.on("error", () => reading.fail("malformed"));
    parser.on("error", () => reading.fail("malformed"));
    parser.on("partsLimit", () => reading.fail("tooManyParts"));
    parser.on("field", (name, value, info) => readField(reading, name, value, info));
    parser.on("file", (name, stream, info) => readFile(reading, name, stream, info));
    parser.on("close", () => {
      const { fields, files, tooLarge } = reading;
      if (!tooLarge) return finish({ ok: true, fields, files });
      finish({ ok: false, refusal: "fileTooLarge", field: tooLarge, fields });
    });
    source.pipe(parser);
  });
}

function readField(reading: Reading, name: string, value: string, info: busboy.FieldInfo) {
  if (reading.settled) return;
  if (!name || info.nameTruncated) return reading.fail("malformed");
  if (info.valueTruncated) return reading.fail("fieldTooLarge", cleanText(name));
  reading.textBytes += Buffer.byteLength(value);
  if (reading.textBytes > reading.maxTextBytes) {
    return reading.fail("fieldTooLarge", cleanText(name));
  }
  reading.fields.append(cleanText(name), cleanText(value));
}

function readFile(reading: Reading, name: string, stream: Readable, info: busboy.FileInfo) {
  stream.on("error", () => reading.fail("malformed"));
  if (reading.settled) return stream.resume();
  if (!name) {
    stream.resume();
    return reading.fail("malformed");
  }
  const spec = reading.specs.get(name);
  if (!spec || reading.fileParts.has(name)) {
    stream.resume();
    return reading.fail("unexpectedFile");
  }
  reading.fileParts.add(name);
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  const keep = spec.keep ?? true;
  let size = 0;
  stream.on("data", (chunk: Buffer) => {
    if (reading.settled || reading.tooLarge) return;
    size += chunk.byteLength;
    if (size > spec.maxBytes) {
      // The rest of the file is read and dropped, so that the fields after it still count.
      chunks.length = 0;
      reading.tooLarge = name;
      return;
    }
    hash.update(chunk);
    if (keep) chunks.push(chunk);
    reading.options.onProgress?.(name, size);
  });
  stream.on("limit", () => {
    reading.tooLarge = name;
  });
  stream.on("end", () => {
    if (reading.settled || reading.tooLarge) return;
    const fileName = cleanFileName(info.filename ?? "");
    // A file input left empty: the browser sends a part with no name and no content.
    if (size === 0 && fileName === "") return;
    reading.files.set(name, {
      field: name,
      fileName,
      declaredType: info.mimeType,
      byteSize: size,
      sha256: hash.digest("hex"),
      bytes: keep ? new Uint8Array(Buffer.concat(chunks)) : null,
    });
  });
}
