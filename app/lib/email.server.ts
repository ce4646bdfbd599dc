/**
 * E-mail: every message is rendered from a template in emails/, recorded in the `emails` table
 * (the outbox) and handed to the `email` job queue in the same transaction, so a message is
 * sent if and only if the change that caused it is saved. The worker delivers by SMTP when
 * SMTP_URL is set, else leaves the message in the outbox that administrators read at
 * /admin/outbox and tests read directly.
 *
 * Infrastructure under the capabilities (auth and every module send e-mail through it), so it
 * takes the reader of the outbox as the one thing it asks of them: a membership with a role.
 */
import type { Kysely } from "kysely";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "~/lib/env.server";
import { onTransaction, queueReady } from "~/lib/jobs.server";
import { logger } from "~/lib/logger.server";
import { db } from "~db/client.server";
import type { Database, Role } from "~db/schema";
import { renderEmail, type EmailProps, type EmailTemplate } from "../../emails";

const EMAIL_QUEUE = "email";

const emailQueue = () =>
  queueReady(EMAIL_QUEUE, {
    retryLimit: 10,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 3_600,
  });

/** Renders and records a message, and queues its delivery in the caller's transaction. */
export async function queueEmail<K extends EmailTemplate>(
  executor: Kysely<Database>,
  message: { to: string; template: K; props: EmailProps[K] },
): Promise<string> {
  const rendered = await renderEmail(message.template, message.props);
  const { id } = await executor
    .insertInto("emails")
    .values({
      recipient: message.to,
      subject: rendered.subject,
      template: message.template,
      html: rendered.html,
      textBody: rendered.text,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const boss = await emailQueue();
  await boss.send(EMAIL_QUEUE, { emailId: id }, { db: onTransaction(executor) });
  return id;
}

let transport: { url: string; transporter: Transporter } | undefined;
function smtpTransport(): Transporter | null {
  const url = env().SMTP_URL;
  if (!url) return null;
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  return transport.transporter;
}

/** Delivers one recorded message; throws on failure so that the queue retries it. */
export async function deliverEmail(emailId: string): Promise<void> {
  const email = await db
    .selectFrom("emails")
    .selectAll()
    .where("id", "=", emailId)
    .executeTakeFirst();
  if (!email || email.status === "sent") return;
  const smtp = smtpTransport();
  try {
    if (smtp) {
      await smtp.sendMail({
        from: env().MAIL_FROM,
        to: email.recipient,
        subject: email.subject,
        html: email.html ?? undefined,
        text: email.textBody ?? undefined,
      });
    }
    await db
      .updateTable("emails")
      .set((eb) => ({
        status: "sent",
        transport: smtp ? "smtp" : "outbox",
        attempts: eb("attempts", "+", 1),
        sentAt: new Date(),
        lastError: null,
        // Links in a delivered message (invitations, resets) are not kept where others read.
        ...(smtp ? { html: null, textBody: null } : {}),
      }))
      .where("id", "=", emailId)
      .execute();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await db
      .updateTable("emails")
      .set((eb) => ({
        status: "failed",
        attempts: eb("attempts", "+", 1),
        lastError: reason.slice(0, 500),
      }))
      .where("id", "=", emailId)
      .execute();
    logger.warn({ emailId, err: reason }, "e-mail delivery failed; the queue will retry");
    throw error;
  }
}

/** Starts delivering queued messages in this process. */
export async function startEmailWorker(): Promise<void> {
  const boss = await emailQueue();
  await boss.work<{ emailId: string }>(EMAIL_QUEUE, { batchSize: 5 }, async (jobs) => {
    for (const job of jobs) await deliverEmail(job.data.emailId);
  });
}

/** Who reads the outbox: an Actor (~/auth/session.server) is one. */
export interface OutboxReader {
  membership: { role: Role };
}

export interface OutboxEntry {
  id: string;
  recipient: string;
  subject: string;
  template: string;
  status: "queued" | "sent" | "failed";
  transport: "outbox" | "smtp" | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The outbox, newest first; administrators only. */
export async function listOutbox(actor: OutboxReader, limit = 100): Promise<OutboxEntry[]> {
  if (actor.membership.role !== "admin") return [];
  return db
    .selectFrom("emails")
    .select([
      "id",
      "recipient",
      "subject",
      "template",
      "status",
      "transport",
      "attempts",
      "lastError",
      "createdAt",
      "sentAt",
    ])
    .orderBy("createdAt", "desc")
    .limit(limit)
    .execute();
}

/**
 * One message, for reading in the outbox; administrators only. Its text is shown only in
 * outbox mode (no SMTP_URL: development and tests). With SMTP, a message waiting for delivery
 * may hold someone's reset or invitation link, which an administrator must not be able to use.
 */
export async function getOutboxMessage(actor: OutboxReader, id: string) {
  if (actor.membership.role !== "admin") return null;
  const email = await db
    .selectFrom("emails")
    .select([
      "id",
      "recipient",
      "subject",
      "status",
      "textBody",
      "createdAt",
      "sentAt",
      "transport",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!email) return null;
  return env().SMTP_URL ? { ...email, textBody: null } : email;
}
