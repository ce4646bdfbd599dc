/**
 * Every multipart form of the portal (issue 14), driven through the real route actions with real
 * Requests against the real database: the agreement check (/verifiera), a school card's
 * attachments, a consent's scanned form and the school import. File names with `;`, `=`, quotes,
 * RFC 5987 `filename*=` forms, CR/LF/NUL and 300 characters; malformed bodies, non-multipart
 * posts, parts without a name, duplicate files, huge text fields, files over the limit and files
 * whose content is not what their name says. Never a 500 (an action that throws anything but a
 * Response fails the test), nothing stored for a refused post, no file name in the log. And the
 * shared reader itself: it hashes a file as it streams, without holding it, and /verifiera is
 * throttled per address and capped in concurrent uploads.
 */
import { COMPLETE_SIGN_IN } from "../helpers/sign-in";
import { createHash, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../db/client.server";
import { startSession } from "~/auth/session.server";
import { addToDate, stockholmDate } from "~/lib/dates";
import { parseEnv } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { readMultipartForm } from "~/lib/multipart.server";
import {
  countVerification,
  VERIFICATION_LIMITS,
} from "~/modules/agreements/verification-limits.server";
import { action as importAction } from "~/routes/admin.skolor.import";
import { action as consentAction } from "~/routes/barn.$childId.samtycke.ny";
import { action as attachmentAction } from "~/routes/skolkort.$cardId.bilagor";
import { action as verifyAction } from "~/routes/verifiera";
import { createChildWithIdentityNumber } from "../helpers/factories";
import {
  districtWithStaff,
  schoolWithStaff,
  educationWithStaff,
  consentedChild,
  requestCard,
} from "../helpers/worlds";
import { freePort } from "../helpers/postgres";
import { startPortal, type RunningPortal } from "../../server";

// --- Bodies ----------------------------------------------------------------------------------

const BOUNDARY = "----SamverkanTest7MA4YWxkTrZu0gW";
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const ascii = (text: string) => new TextEncoder().encode(text);
const PDF = ascii("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n");
const ELF = new Uint8Array([
  0x7f,
  0x45,
  0x4c,
  0x46,
  0x02,
  0x01,
  0x01,
  0x00,
  ...new Array(56).fill(0),
]);
const CSV = ascii(
  "Skolenhetskod;Skolenhetsnamn;Kommun;Huvudmannatyp;Huvudman;Skolformer\n" +
    "96020001;Uppladdningsskolan;Ådalsvik;Kommun;Ådalsviks kommun;Grundskola\n",
);

/** The names the issue found: each holds what a user may well put in a file name. */
const HOSTILE_NAME = "Protokoll; elevhälsomöte Signe=19000101-0000.pdf";
const NAME_MARKERS = ["Protokoll", "elevhälsomöte", "Signe", "19000101"];

interface Part {
  /** The whole Content-Disposition value, when a test needs it exactly. */
  disposition?: string;
  name?: string;
  fileName?: string;
  type?: string;
  content: string | Uint8Array;
}

function multipart(parts: Part[], boundary = BOUNDARY): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    const disposition =
      p.disposition ??
      `form-data${p.name !== undefined ? `; name="${p.name}"` : ""}${
        p.fileName !== undefined ? `; filename="${p.fileName}"` : ""
      }`;
    const type = p.type ?? (p.fileName !== undefined ? "application/octet-stream" : undefined);
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n` +
          (type ? `Content-Type: ${type}\r\n` : "") +
          "\r\n",
        "utf8",
      ),
      typeof p.content === "string" ? Buffer.from(p.content, "utf8") : p.content,
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

/** What a test posts: Node's fetch takes bytes of any buffer; the DOM types want more. */
type Body = BodyInit | Uint8Array | null;

function post(
  path: string,
  body: Body,
  options: { contentType?: string | null; cookie?: string } = {},
) {
  const headers = new Headers();
  const contentType = options.contentType === undefined ? MULTIPART : options.contentType;
  if (contentType) headers.set("Content-Type", contentType);
  if (options.cookie) headers.set("Cookie", options.cookie);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers,
    body: body as BodyInit | null,
    // Node's fetch needs it for a stream body.
    duplex: "half",
  } as RequestInit);
}

let addressCounter = 0;
/** Each call its own client address, so that the throttle of one test touches no other. */
function context(clientAddress = `192.0.2.${++addressCounter}`) {
  return { requestId: randomUUID(), clientAddress, nonce: "test" };
}

interface Outcome {
  status: number;
  data: unknown;
  location: string | null;
  headers: Headers;
}

/**
 * What the browser would get: a thrown or returned Response (a redirect, a refusal), a
 * `data(…, { status })`, or plain action data (200). Anything else thrown is a 500 and fails.
 */
async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    if (thrown instanceof Response) value = thrown;
    else throw thrown;
  }
  if (value instanceof Response) {
    return {
      status: value.status,
      data: await value.text(),
      location: value.headers.get("Location"),
      headers: value.headers,
    };
  }
  if (
    value &&
    typeof value === "object" &&
    (value as { type?: unknown }).type === "DataWithResponseInit"
  ) {
    const { data, init } = value as { data: unknown; init: ResponseInit | null };
    return {
      status: init?.status ?? 200,
      data,
      location: null,
      headers: new Headers(init?.headers),
    };
  }
  return { status: 200, data: value, location: null, headers: new Headers() };
}

// --- The log ---------------------------------------------------------------------------------

const logLines: { level: string; text: string }[] = [];
beforeEach(() => {
  logLines.length = 0;
  for (const level of ["fatal", "error", "warn", "info", "debug"] as const) {
    vi.spyOn(logger, level).mockImplementation(((...args: unknown[]) => {
      logLines.push({
        level,
        text: JSON.stringify(args, (_k, v: unknown) =>
          v instanceof Error ? { message: v.message, stack: v.stack, cause: v.cause } : v,
        ),
      });
    }) as never);
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

function expectCleanLog() {
  expect(logLines.filter((l) => l.level === "error" || l.level === "fatal")).toEqual([]);
  for (const line of logLines) {
    for (const marker of NAME_MARKERS) expect(line.text).not.toContain(marker);
  }
}

// --- The world -------------------------------------------------------------------------------

const today = stockholmDate(new Date());
const day = (days: number) => addToDate(today, { days });

let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const { district, caseworker } = await districtWithStaff({ staff: { caseworker: "caseworker" } });
  const { school, mentor } = await schoolWithStaff({
    districtId: district.id,
    staff: { mentor: "mentor" },
  });
  const { admin } = await educationWithStaff();
  const cookie = async (userId: string) =>
    (await startSession(userId, null, COMPLETE_SIGN_IN)).cookie;
  return {
    district,
    school,
    caseworker,
    mentor,
    admin,
    cookies: {
      caseworker: await cookie(caseworker.user.id),
      mentor: await cookie(mentor.user.id),
      admin: await cookie(admin.user.id),
    },
  };
}

/** A child of the caseworker's with consent for the card, and a card with the school. */
async function childWithCard() {
  const { child } = await consentedChild(w.caseworker, {
    schoolId: w.school.id,
    firstName: "Test",
    lastName: `Barn ${randomUUID().slice(0, 8)}`,
  });
  const { cardId } = await requestCard(w.caseworker, child.id, {
    schoolId: w.school.id,
    mentorUserId: w.mentor.user.id,
  });
  return { childId: child.id, cardId };
}

beforeAll(async () => {
  w = await world();
});

// --- School card attachments -----------------------------------------------------------------

describe("a school card's attachments", () => {
  let cardId: string;
  beforeAll(async () => {
    ({ cardId } = await childWithCard());
  });

  const upload = (body: Body, contentType?: string | null) =>
    outcome(() =>
      attachmentAction({
        request: post(`/skolkort/${cardId}/bilagor`, body, {
          contentType,
          cookie: w.cookies.mentor,
        }),
        params: { cardId },
        context: context(),
      }),
    );
  const stored = () =>
    db
      .selectFrom("schoolCardAttachments")
      .select(["id", "fileName", "byteSize"])
      .where("schoolCardId", "=", cardId)
      .where("removedAt", "is", null)
      .orderBy("uploadedAt")
      .execute();
  const refusedWith = async (result: Outcome, code: string, before: number) => {
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/skolkort/${cardId}?bilagefel=${code}#bilagor`);
    expect(await stored()).toHaveLength(before);
  };
  const intent = { name: "intent", content: "upload" };

  it("stores a file whose name has ; and = and quotes, under that very name, and logs no name", async () => {
    const before = (await stored()).length;
    const result = await upload(
      multipart([
        intent,
        { name: "file", fileName: HOSTILE_NAME, type: "application/pdf", content: PDF },
      ]),
    );
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/skolkort/${cardId}?bilaga=uppladdad#bilagor`);
    const rows = await stored();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ fileName: HOSTILE_NAME, byteSize: PDF.byteLength });
    expectCleanLog();
  });

  it("reads an RFC 5987 filename*=UTF-8'' name, and prefers it to the plain one (RFC 6266)", async () => {
    const result = await upload(
      multipart([
        intent,
        {
          disposition: `form-data; name="file"; filename="fallback.pdf"; filename*=UTF-8''%C3%85tg%C3%A4rder%3B%20v%C3%A5r%3D2026.pdf`,
          type: "application/pdf",
          content: PDF,
        },
      ]),
    );
    expect(result.location).toBe(`/skolkort/${cardId}?bilaga=uppladdad#bilagor`);
    expect((await stored()).at(-1)?.fileName).toBe("Åtgärder; vår=2026.pdf");
  });

  it("stores a name with CR, LF, NUL and other controls without them, and a 300-character name cut to 200 with its extension", async () => {
    await upload(
      multipart([
        intent,
        {
          disposition: `form-data; name="file"; filename*=UTF-8''rad%0D%0Aett%00%07%1Btv%C3%A5.pdf`,
          content: PDF,
        },
      ]),
    );
    // Line breaks become a space; the other controls go.
    expect((await stored()).at(-1)?.fileName).toBe("rad etttvå.pdf");
    // Raw in the header (no browser sends them so): not a header, 400, nothing stored.
    const before = (await stored()).length;
    for (const raw of ["rad\u0000ett.pdf", "rad\rett.pdf", "rad\nett.pdf", "rad\u001bett.pdf"]) {
      const result = await upload(
        multipart([intent, { name: "file", fileName: raw, content: PDF }]),
      );
      expect(result.status).toBe(400);
    }
    expect(await stored()).toHaveLength(before);
    const long = `${"ö".repeat(150)}${"😀".repeat(150)}.pdf`;
    const result = await upload(
      multipart([intent, { name: "file", fileName: long, content: PDF }]),
    );
    expect(result.location).toBe(`/skolkort/${cardId}?bilaga=uppladdad#bilagor`);
    const name = (await stored()).at(-1)!.fileName;
    expect([...name]).toHaveLength(200);
    expect(name).toBe(`${"ö".repeat(150)}${"😀".repeat(46)}.pdf`);
  });

  it("answers 400 to a malformed body, with one warn line at most and no name in it", async () => {
    const before = (await stored()).length;
    const whole = multipart([intent, { name: "file", fileName: HOSTILE_NAME, content: PDF }]);
    for (const [body, contentType] of [
      // Cut off in the middle of the file: no closing boundary.
      [whole.slice(0, whole.length - 60), undefined],
      // A part header that is not a header.
      [
        Buffer.from(`--${BOUNDARY}\r\nthis is: no\0 header at all ${HOSTILE_NAME}\r\n\r\n`),
        undefined,
      ],
      // A boundary that never comes.
      [Buffer.from(`just some bytes ${HOSTILE_NAME}`), undefined],
      // multipart without a boundary parameter.
      [PDF, "multipart/form-data"],
    ] as const) {
      logLines.length = 0;
      const result = await upload(body, contentType);
      expect(result.status).toBe(400);
      expect(logLines.map((l) => l.level)).toEqual(["warn"]);
      expectCleanLog();
    }
    expect(await stored()).toHaveLength(before);
  });

  it("answers 400 to an upload posted urlencoded, as text or with no body, and still removes urlencoded", async () => {
    const before = (await stored()).length;
    const urlencoded = await upload(
      new URLSearchParams({ intent: "upload", file: HOSTILE_NAME }),
      "application/x-www-form-urlencoded",
    );
    expect(urlencoded.status).toBe(400);
    expect((await upload(`intent=upload`, "text/plain")).status).toBe(400);
    expect((await upload(null, null)).status).toBe(400);
    expect(await stored()).toHaveLength(before);
    expectCleanLog();
    const victim = (await stored()).at(-1)!;
    const removed = await upload(
      new URLSearchParams({ intent: "remove", attachmentId: victim.id }),
      "application/x-www-form-urlencoded",
    );
    expect(removed.location).toBe(`/skolkort/${cardId}?bilaga=borttagen#bilagor`);
    expect(await stored()).toHaveLength(before - 1);
  });

  it("refuses, storing nothing: an empty file, no file, zero parts, a part without a name, two files", async () => {
    const before = (await stored()).length;
    await refusedWith(
      await upload(multipart([intent, { name: "file", fileName: "tom.pdf", content: "" }])),
      "empty",
      before,
    );
    await refusedWith(
      await upload(multipart([intent, { name: "file", fileName: "", content: "" }])),
      "empty",
      before,
    );
    expect((await upload(multipart([]))).status).toBe(400);
    expect(
      (await upload(multipart([intent, { fileName: "utan-namn.pdf", content: PDF }]))).status,
    ).toBe(400);
    expect(
      (
        await upload(
          multipart([
            intent,
            { name: "file", fileName: "ett.pdf", content: PDF },
            { name: "file", fileName: "tva.pdf", content: PDF },
          ]),
        )
      ).status,
    ).toBe(400);
    expect(
      (await upload(multipart([intent, { name: "annan", fileName: "annan.pdf", content: PDF }])))
        .status,
    ).toBe(400);
    expect(await stored()).toHaveLength(before);
  });

  it("refuses, storing nothing: a huge text field, too many parts, a file over 10 MB, content that is not PDF/JPEG/PNG", async () => {
    const before = (await stored()).length;
    await refusedWith(
      await upload(
        multipart([
          intent,
          { name: "note", content: "x".repeat(200_000) },
          { name: "file", fileName: "a.pdf", content: PDF },
        ]),
      ),
      "tooBig",
      before,
    );
    await refusedWith(
      await upload(
        multipart([
          intent,
          ...Array.from({ length: 500 }, (_, i) => ({ name: `f${i}`, content: "x" })),
          { name: "file", fileName: "a.pdf", content: PDF },
        ]),
      ),
      "tooBig",
      before,
    );
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    await refusedWith(
      await upload(multipart([intent, { name: "file", fileName: HOSTILE_NAME, content: big }])),
      "tooLarge",
      before,
    );
    await refusedWith(
      await upload(
        multipart([
          intent,
          { name: "file", fileName: "intyg.pdf", type: "application/pdf", content: ELF },
        ]),
      ),
      "type",
      before,
    );
    expectCleanLog();
  });
});

// --- A consent's scanned form ----------------------------------------------------------------

describe("a consent's scanned form", () => {
  let childId: string;
  beforeAll(async () => {
    const child = await createChildWithIdentityNumber({
      districtId: w.district.id,
      caseworkerUserId: w.caseworker.user.id,
      schoolId: w.school.id,
    });
    childId = child.id;
  });

  const fields = (overrides: Record<string, string> = {}): Part[] =>
    Object.entries({
      givenBy: "guardian1",
      giverName: "Anna Andersson",
      method: "signedPaper",
      obtainedOn: today,
      categories: "attendance",
      schoolId: w.school.id,
      validFrom: today,
      validTo: day(180),
      ...overrides,
    }).map(([name, content]) => ({ name, content }));
  const record = (body: Body, contentType?: string | null) =>
    outcome(() =>
      consentAction({
        request: post(`/barn/${childId}/samtycke/ny`, body, {
          contentType,
          cookie: w.cookies.caseworker,
        }),
        params: { childId },
        context: context(),
      }),
    );
  const counts = async () => ({
    consents: (
      await db.selectFrom("consents").select("id").where("childId", "=", childId).execute()
    ).length,
    documents: (
      await db.selectFrom("consentDocuments").select("id").where("childId", "=", childId).execute()
    ).length,
  });
  const errorsOf = (result: Outcome) =>
    result.data as { fieldErrors: Record<string, string>; formError?: string };

  it("records a scan whose name has ; and =, and keeps the name's letters, and no name in the log", async () => {
    const before = await counts();
    const result = await record(
      multipart([...fields(), { name: "document", fileName: HOSTILE_NAME, content: PDF }]),
    );
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/barn/${childId}?klart=samtycke-registrerat#samtycken`);
    expect(await counts()).toEqual({
      consents: before.consents + 1,
      documents: before.documents + 1,
    });
    const row = await db
      .selectFrom("consentDocuments")
      .select(["fileName", "mediaType"])
      .where("childId", "=", childId)
      .orderBy("uploadedAt", "desc")
      .executeTakeFirstOrThrow();
    expect(row.mediaType).toBe("application/pdf");
    expect(row.fileName).toMatch(/^Protokoll elevhälsomöte/);
    expectCleanLog();
  });

  it("drops NUL and other controls from the text fields before they are stored", async () => {
    const result = await record(
      multipart([...fields({ giverName: "Anna\u0000 \u0007Bengtsson\r\n", method: "oral" })]),
    );
    expect(result.status).toBe(302);
    const row = await db
      .selectFrom("consents")
      .select("giverName")
      .where("childId", "=", childId)
      .orderBy("recordedAt", "desc")
      .executeTakeFirstOrThrow();
    expect(row.giverName).toBe("Anna Bengtsson");
  });

  it("answers 400 with the form's message to a malformed body and to a post that is not multipart", async () => {
    const before = await counts();
    const whole = multipart([
      ...fields(),
      { name: "document", fileName: HOSTILE_NAME, content: PDF },
    ]);
    for (const result of [
      await record(whole.slice(0, whole.length - 40)),
      await record(Buffer.from(`--${BOUNDARY}\r\nnonsense ${HOSTILE_NAME}\r\n\r\n`)),
      await record(PDF, "multipart/form-data"),
      await record(
        new URLSearchParams({ givenBy: "guardian1", giverName: "Anna", method: "oral" }),
        "application/x-www-form-urlencoded",
      ),
      await record("{}", "application/json"),
      await record(null, null),
    ]) {
      expect(result.status).toBe(400);
      expect(errorsOf(result).formError).toMatch(/Formuläret/);
    }
    expect(await counts()).toEqual(before);
    expectCleanLog();
  });

  it("refuses, storing nothing: two scans, a nameless part, a huge field, too many parts, a scan over 10 MB, an ELF, an empty scan", async () => {
    const before = await counts();
    const twoScans = await record(
      multipart([
        ...fields(),
        { name: "document", fileName: "a.pdf", content: PDF },
        { name: "document", fileName: "b.pdf", content: PDF },
      ]),
    );
    expect(twoScans.status).toBe(400);
    expect((await record(multipart([...fields(), { content: "x" }]))).status).toBe(400);
    const hugeField = await record(multipart(fields({ giverName: "x".repeat(200_000) })));
    expect(hugeField.status).toBe(400);
    expect(errorsOf(hugeField).formError).toMatch(/för stort/);
    const manyParts = await record(
      multipart([
        ...fields(),
        ...Array.from({ length: 500 }, () => ({ name: "categories", content: "attendance" })),
      ]),
    );
    expect(manyParts.status).toBe(400);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const tooLarge = await record(
      multipart([...fields(), { name: "document", fileName: HOSTILE_NAME, content: big }]),
    );
    expect(tooLarge.status).toBe(400);
    expect(errorsOf(tooLarge).fieldErrors.document).toMatch(/större än 10 MB/);
    const elf = await record(
      multipart([...fields(), { name: "document", fileName: "blankett.pdf", content: ELF }]),
    );
    expect(errorsOf(elf).fieldErrors.document).toMatch(/inte en PDF/);
    const empty = await record(
      multipart([...fields(), { name: "document", fileName: "", content: "" }]),
    );
    expect(errorsOf(empty).fieldErrors.document).toMatch(/Ladda upp/);
    const zero = await record(multipart([]));
    expect(zero.status).toBeLessThan(500);
    expect(Object.keys(errorsOf(zero).fieldErrors).length).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
    expectCleanLog();
  });
});

// --- The school import -----------------------------------------------------------------------

describe("the school import", () => {
  const send = (body: Body, contentType?: string | null) =>
    outcome(() =>
      importAction({
        request: post("/admin/skolor/import", body, { contentType, cookie: w.cookies.admin }),
        params: {},
        context: context(),
      }),
    );
  type Page = { step: string; fieldErrors?: Record<string, string>; fileName?: string };
  const schools = async () =>
    (await db.selectFrom("organisations").select("id").where("kind", "=", "school").execute())
      .length;

  it("previews a file whose name has ; and =, under its name, and logs no name", async () => {
    const result = await send(
      multipart([
        { name: "intent", content: "preview" },
        { name: "districtId", content: "" },
        { name: "file", fileName: "Skolor; export=2026 Signe.csv", type: "text/csv", content: CSV },
      ]),
    );
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({
      step: "preview",
      fileName: "Skolor; export=2026 Signe.csv",
    });
    expectCleanLog();
  });

  it("answers 400 with the form's message to a malformed or non-multipart post, and to refusals of the reader", async () => {
    const before = await schools();
    const whole = multipart([
      { name: "intent", content: "preview" },
      { name: "file", fileName: HOSTILE_NAME, content: CSV },
    ]);
    const big = new Uint8Array(2 * 1024 * 1024 + 1).fill(0x41);
    for (const result of [
      await send(whole.slice(0, whole.length - 30)),
      await send(PDF, "multipart/form-data"),
      await send(
        new URLSearchParams({ intent: "apply", csv: "x" }),
        "application/x-www-form-urlencoded",
      ),
      await send(null, null),
      await send(multipart([{ fileName: "x.csv", content: CSV }])),
      await send(
        multipart([
          { name: "file", fileName: "a.csv", content: CSV },
          { name: "file", fileName: "b.csv", content: CSV },
        ]),
      ),
      await send(multipart([{ name: "file", fileName: HOSTILE_NAME, content: big }])),
      await send(
        multipart([
          { name: "intent", content: "apply" },
          { name: "csv", content: "x".repeat(7 * 1024 * 1024) },
        ]),
      ),
    ]) {
      expect(result.status).toBe(400);
      const page = result.data as Page;
      expect(page.step).toBe("upload");
      expect(page.fieldErrors?.file).toBeTruthy();
    }
    expect(await schools()).toBe(before);
    expectCleanLog();
  });

  it("answers an empty file and zero parts with the form's message", async () => {
    const empty = await send(
      multipart([
        { name: "intent", content: "preview" },
        { name: "file", fileName: "tom.csv", content: "" },
      ]),
    );
    expect((empty.data as Page).fieldErrors?.file).toBe("Filen är tom.");
    const zero = await send(multipart([]));
    expect((zero.data as Page).fieldErrors?.file).toBe("Välj en CSV-fil.");
  });
});

// --- /verifiera ------------------------------------------------------------------------------

describe("the public agreement check", () => {
  const verify = (body: Body, contentType?: string | null, address?: string) =>
    outcome(() =>
      verifyAction({
        request: post("/verifiera", body, { contentType }),
        params: {},
        context: context(address),
      }),
    );
  const pdfForm = (fileName: string, content: Uint8Array = PDF) =>
    multipart([
      { name: "intent", content: "pdf" },
      { name: "file", fileName, type: "application/pdf", content },
    ]);

  it("checks a PDF whose name has ; and =, and logs no name", async () => {
    const result = await verify(pdfForm(HOSTILE_NAME));
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ result: { matched: false }, fieldErrors: {} });
    expectCleanLog();
  });

  it("answers 400 to a malformed body, an urlencoded PDF check, and a body that is no form, but checks a pasted hash", async () => {
    const whole = pdfForm(HOSTILE_NAME);
    for (const result of [
      await verify(whole.slice(0, whole.length - 30)),
      await verify(PDF, "multipart/form-data"),
      await verify(new URLSearchParams({ intent: "pdf" }), "application/x-www-form-urlencoded"),
      await verify("intent=pdf", "text/plain"),
      await verify(null, null),
      await verify(
        multipart([
          { name: "intent", content: "pdf" },
          { name: "file", fileName: "a.pdf", content: PDF },
          { name: "file", fileName: "b.pdf", content: PDF },
        ]),
      ),
    ]) {
      expect(result.status).toBe(400);
      expect(Object.values((result.data as { fieldErrors: object }).fieldErrors).join()).toMatch(
        /[a-zåäö]/,
      );
    }
    const hash = await verify(
      new URLSearchParams({ intent: "hash", hash: "ab".repeat(32) }),
      "application/x-www-form-urlencoded",
    );
    expect(hash.status).toBe(200);
    expect(hash.data).toMatchObject({ result: { matched: false } });
    expectCleanLog();
  });

  it("refuses a file over 10 MB and an empty one with the field's message", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    const tooLarge = await verify(pdfForm(HOSTILE_NAME, big));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.data).toMatchObject({ fieldErrors: { file: expect.stringMatching(/10 MB/) } });
    const empty = await verify(pdfForm("", new Uint8Array()));
    expect(empty.data).toMatchObject({ fieldErrors: { file: expect.stringMatching(/Välj/) } });
    expectCleanLog();
  });

  it(`allows ${VERIFICATION_LIMITS.perAddress} checks per address in ${VERIFICATION_LIMITS.windowMinutes} minutes, then 429 with Retry-After`, async () => {
    const address = "198.51.100.7";
    for (let i = 0; i < VERIFICATION_LIMITS.perAddress; i++) {
      const result = await verify(
        i % 2 ? pdfForm("a.pdf") : new URLSearchParams({ intent: "hash", hash: "cd".repeat(32) }),
        i % 2 ? undefined : "application/x-www-form-urlencoded",
        address,
      );
      expect(result.status).toBe(200);
    }
    const refused = await verify(pdfForm("a.pdf"), undefined, address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.data).toMatchObject({
      fieldErrors: { file: expect.stringMatching(/Försök igen/) },
    });
    // Another address is not affected.
    expect((await verify(pdfForm("a.pdf"), undefined, "198.51.100.8")).status).toBe(200);
  });

  it("counts in one statement, so parallel checks cannot pass the limit, and lifts it when the window has passed", async () => {
    const address = "198.51.100.77";
    const start = new Date("2026-03-02T09:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 60 }, () => countVerification(address, start)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(VERIFICATION_LIMITS.perAddress);
    const later = new Date(start.getTime() + 9 * 60_000);
    const refused = await countVerification(address, later);
    expect(refused).toEqual({
      allowed: false,
      retryAt: new Date(start.getTime() + VERIFICATION_LIMITS.windowMinutes * 60_000),
    });
    const after = new Date(start.getTime() + VERIFICATION_LIMITS.windowMinutes * 60_000);
    expect(await countVerification(address, after)).toEqual({ allowed: true });
  });

  it(`holds at most ${VERIFICATION_LIMITS.concurrentUploads} uploads at once: the next gets 503 with Retry-After`, async () => {
    const body = pdfForm("a.pdf");
    const held: { release: () => void; started: Promise<void> }[] = [];
    const running: Promise<Outcome>[] = [];
    for (let i = 0; i < VERIFICATION_LIMITS.concurrentUploads; i++) {
      let release!: () => void;
      let started!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const startedPromise = new Promise<void>((r) => (started = r));
      let sent = false;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!sent) {
            sent = true;
            started();
            controller.enqueue(body.slice(0, 100));
            return;
          }
          await gate;
          controller.enqueue(body.slice(100));
          controller.close();
        },
      });
      held.push({ release, started: startedPromise });
      running.push(verify(stream, undefined, `203.0.113.${10 + i}`));
    }
    await Promise.all(held.map((h) => h.started));
    const fifth = await verify(pdfForm("a.pdf"), undefined, "203.0.113.50");
    expect(fifth.status).toBe(503);
    expect(Number(fifth.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(fifth.data).toMatchObject({
      fieldErrors: { file: expect.stringMatching(/Försök igen/) },
    });
    // A pasted hash needs no upload slot.
    const hash = await verify(
      new URLSearchParams({ intent: "hash", hash: "ef".repeat(32) }),
      "application/x-www-form-urlencoded",
      "203.0.113.51",
    );
    expect(hash.status).toBe(200);
    for (const h of held) h.release();
    for (const result of await Promise.all(running)) expect(result.status).toBe(200);
    // The slots are free again.
    expect((await verify(pdfForm("a.pdf"), undefined, "203.0.113.52")).status).toBe(200);
  });
});

// --- The shared reader -----------------------------------------------------------------------

describe("the shared multipart reader", () => {
  it("hashes a 12 MB file as it streams in, never holding it", async () => {
    const size = 12 * 1024 * 1024;
    const chunk = new Uint8Array(64 * 1024).map((_, i) => (i * 31) % 251);
    const expected = createHash("sha256");
    for (let sent = 0; sent < size; sent += chunk.length) expected.update(chunk);
    const head = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${HOSTILE_NAME}"\r\n` +
        "Content-Type: application/pdf\r\n\r\n",
    );
    const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
    let progressed = 0;
    let seenBeforeEnd = -1;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent < size) {
          controller.enqueue(chunk);
          sent += chunk.length;
          return;
        }
        // Before the part ends, the reader has already seen (and hashed) most of the file.
        seenBeforeEnd = progressed;
        controller.enqueue(tail);
        controller.close();
      },
    });
    const result = await readMultipartForm(post("/x", body), {
      files: { file: { maxBytes: size, keep: false } },
      onProgress: (_field, bytes) => {
        progressed = bytes;
      },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const file = result.files.get("file")!;
    expect(file.sha256).toBe(expected.digest("hex"));
    expect(file.byteSize).toBe(size);
    expect(file.bytes).toBeNull();
    expect(file.fileName).toBe(HOSTILE_NAME);
    expect(seenBeforeEnd).toBeGreaterThan(size / 2);
  });

  it("keeps a file it may keep, with the same hash, and refuses one byte over the cap", async () => {
    const body = multipart([{ name: "file", fileName: "a.pdf", content: PDF }]);
    const kept = await readMultipartForm(post("/x", body), {
      files: { file: { maxBytes: PDF.length } },
    });
    expect(kept.ok && kept.files.get("file")).toMatchObject({
      bytes: PDF,
      sha256: createHash("sha256").update(PDF).digest("hex"),
    });
    const over = await readMultipartForm(post("/x", body), {
      files: { file: { maxBytes: PDF.length - 1 } },
    });
    expect(over).toMatchObject({ ok: false, refusal: "fileTooLarge", field: "file" });
  });
});

// --- Over HTTP -------------------------------------------------------------------------------

describe("over HTTP, through the built server (npm test builds it first)", () => {
  let portal: RunningPortal;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    portal = await startPortal(
      parseEnv({
        DATABASE_URL: process.env.DATABASE_URL!,
        PORT: String(port),
        HOST: "127.0.0.1",
        NODE_ENV: "production",
        LOG_LEVEL: "silent",
      }),
    );
    base = `http://localhost:${port}`;
  });
  afterAll(async () => {
    await portal?.close();
  });

  const send = (body: Body, contentType: string) =>
    fetch(`${base}/verifiera`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, "Content-Type": contentType },
      body: body as BodyInit,
    });

  it("checks a file with a hostile name, and answers a malformed or non-multipart post 400 with the page", async () => {
    const form = multipart([
      { name: "intent", content: "pdf" },
      { name: "file", fileName: HOSTILE_NAME, type: "application/pdf", content: PDF },
    ]);
    const checked = await send(form, MULTIPART);
    expect(checked.status).toBe(200);
    expect(await checked.text()).toContain("Dokumentet stämmer inte");
    for (const [body, contentType, message] of [
      [form.slice(0, form.length - 30), MULTIPART, "Formuläret kunde inte läsas"],
      [PDF, "multipart/form-data", "Formuläret kunde inte läsas"],
      ["intent=pdf", "application/x-www-form-urlencoded", "Välj den PDF-fil"],
      ["intent=pdf", "text/plain", "Formuläret kunde inte läsas"],
      [`intent=pdf&x=${"x".repeat(5_000_000)}`, "text/plain", "Formuläret kunde inte läsas"],
    ] as const) {
      const response = await send(body, contentType);
      expect(response.status).toBe(400);
      const page = await response.text();
      expect(page).toContain(message);
      expect(page).not.toContain("Protokoll");
    }
  });
});
