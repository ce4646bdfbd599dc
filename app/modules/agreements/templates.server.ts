/**
 * Agreement templates and their revisions: listing, reading, creating and revising them (a
 * change is saved as the next revision, never in place).
 */
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "~db/client.server";
import type { AgreementSection } from "~db/schema";
import { mayManageTemplates } from "./policy";
import type { TemplateValues } from "./schema";
import { json, type Executor } from "./shared.server";

export interface TemplateRevisionView {
  id: string;
  templateId: string;
  revisionNumber: number;
  title: string;
  introduction: string;
  sections: AgreementSection[];
  changeNote: string | null;
  createdAt: Date;
  createdByName: string | null;
}

function revisionsQuery(executor: Executor) {
  return executor
    .selectFrom("agreementTemplateRevisions as r")
    .leftJoin("users as u", "u.id", "r.createdBy")
    .select([
      "r.id",
      "r.templateId",
      "r.revisionNumber",
      "r.title",
      "r.introduction",
      "r.sections",
      "r.changeNote",
      "r.createdAt",
      "u.name as createdByName",
    ]);
}

export function latestRevisions(executor: Executor) {
  return revisionsQuery(executor).where(({ eb, selectFrom }) =>
    eb(
      "r.revisionNumber",
      "=",
      selectFrom("agreementTemplateRevisions as l")
        .select((e) => e.fn.max("l.revisionNumber").as("n"))
        .whereRef("l.templateId", "=", "r.templateId"),
    ),
  );
}

/** Templates with their current revision: administrators manage them, district managers use them. */
export async function listTemplates(actor: Actor): Promise<TemplateRevisionView[]> {
  const role = actor.membership.role;
  if (role !== "admin" && role !== "districtManager") throw new NotFoundError();
  return latestRevisions(db).orderBy("r.title").execute();
}

export async function getTemplate(actor: Actor, templateId: string) {
  if (!mayManageTemplates(actor.membership)) throw new NotFoundError();
  const revisions = await revisionsQuery(db)
    .where("r.templateId", "=", templateId)
    .orderBy("r.revisionNumber", "desc")
    .execute();
  if (revisions.length === 0) throw new NotFoundError();
  const inUse = await db
    .selectFrom("agreements")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("templateId", "=", templateId)
    .executeTakeFirstOrThrow();
  return { latest: revisions[0]!, revisions, agreementCount: Number(inUse.n) };
}

export async function getTemplateRevision(
  actor: Actor,
  templateId: string,
  revisionNumber: number,
): Promise<TemplateRevisionView> {
  if (!mayManageTemplates(actor.membership)) throw new NotFoundError();
  const revision = await revisionsQuery(db)
    .where("r.templateId", "=", templateId)
    .where("r.revisionNumber", "=", revisionNumber)
    .executeTakeFirst();
  if (!revision) throw new NotFoundError();
  return revision;
}

export async function createTemplate(actor: Actor, input: TemplateValues): Promise<string> {
  if (!mayManageTemplates(actor.membership)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("agreementTemplates")
      .values({ createdBy: actor.user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("agreementTemplateRevisions")
      .values({
        templateId: id,
        revisionNumber: 1,
        title: input.title,
        introduction: input.introduction,
        sections: json(input.sections),
        changeNote: input.changeNote || null,
        createdBy: actor.user.id,
      })
      .execute();
    return id;
  });
}

export type ReviseResult = { kind: "revised"; revisionNumber: number } | { kind: "stale" };

/**
 * Saves a change to a template as its next revision. `basedOn` is the revision the form showed:
 * if someone saved another revision meanwhile, nothing is saved and the form says so.
 */
export async function reviseTemplate(
  actor: Actor,
  templateId: string,
  input: TemplateValues & { basedOn: number },
): Promise<ReviseResult> {
  if (!mayManageTemplates(actor.membership)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const template = await trx
      .selectFrom("agreementTemplates")
      .select("id")
      .where("id", "=", templateId)
      .forUpdate()
      .executeTakeFirst();
    if (!template) throw new NotFoundError();
    const latest = await trx
      .selectFrom("agreementTemplateRevisions")
      .select((eb) => eb.fn.max("revisionNumber").as("n"))
      .where("templateId", "=", templateId)
      .executeTakeFirstOrThrow();
    if (Number(latest.n) !== input.basedOn) return { kind: "stale" };
    const revisionNumber = input.basedOn + 1;
    await trx
      .insertInto("agreementTemplateRevisions")
      .values({
        templateId,
        revisionNumber,
        title: input.title,
        introduction: input.introduction,
        sections: json(input.sections),
        changeNote: input.changeNote || null,
        createdBy: actor.user.id,
      })
      .execute();
    return { kind: "revised", revisionNumber };
  });
}
