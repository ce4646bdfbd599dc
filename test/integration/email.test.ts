import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { deliverEmail, getOutboxMessage, queueEmail, startEmailWorker } from "~/lib/email.server";
import { createActor, createEducationAdmin } from "../helpers/factories";
import { stopBoss } from "~/lib/jobs.server";
import { freePort } from "../helpers/postgres";

afterAll(async () => {
  await stopBoss();
});

const resetProps = {
  name: "Sara Holm",
  url: "http://localhost:3000/aterstall/abc",
  validMinutes: 60,
};

describe("e-mail", () => {
  it("records the message in the outbox and queues it in the caller's transaction", async () => {
    const id = await db
      .transaction()
      .execute((trx) =>
        queueEmail(trx, { to: "sara@skola.example", template: "passwordReset", props: resetProps }),
      );
    const email = await db
      .selectFrom("emails")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(email).toMatchObject({
      recipient: "sara@skola.example",
      status: "queued",
      template: "passwordReset",
    });
    expect(email.subject).toBe("Återställ ditt lösenord i Samverkansportalen");
    expect(email.textBody).toContain(resetProps.url);
    const jobs = await db
      .selectFrom("pgboss.job" as never)
      .select(["data" as never])
      .where("name" as never, "=", "email" as never)
      .execute();
    expect(jobs.map((j) => (j as { data: { emailId: string } }).data.emailId)).toContain(id);
  });

  it("queues nothing when the transaction that caused the message rolls back", async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await queueEmail(trx, {
          to: "aterkallad@skola.example",
          template: "passwordReset",
          props: resetProps,
        });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const rows = await db
      .selectFrom("emails")
      .select("id")
      .where("recipient", "=", "aterkallad@skola.example")
      .execute();
    expect(rows).toEqual([]);
  });

  it("without SMTP_URL, delivery leaves the message readable in the outbox", async () => {
    const id = await queueEmail(db, {
      to: "outbox@skola.example",
      template: "passwordReset",
      props: resetProps,
    });
    await deliverEmail(id);
    const email = await db
      .selectFrom("emails")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(email).toMatchObject({ status: "sent", transport: "outbox", attempts: 1 });
    expect(email.html).toContain("Välj nytt lösenord");
  });

  it("without SMTP_URL, an administrator reads the message's text in the outbox; no one else", async () => {
    const admin = await createActor((await createEducationAdmin()).id, "admin");
    const manager = await createActor((await createEducationAdmin()).id, "educationManager");
    const id = await queueEmail(db, {
      to: "las@skola.example",
      template: "passwordReset",
      props: resetProps,
    });
    expect((await getOutboxMessage(admin, id))?.textBody).toContain(resetProps.url);
    expect(await getOutboxMessage(manager, id)).toBeNull();
  });
});

describe("e-mail over SMTP", () => {
  it("the worker delivers through a real SMTP server, which receives the message", async () => {
    const received: string[] = [];
    const port = await freePort();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let data = "";
        stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
        stream.on("end", () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const { env } = await import("~/lib/env.server");
    // The configuration is read once per process; this file is its own process.
    (env() as { SMTP_URL?: string }).SMTP_URL = process.env.SMTP_URL;
    try {
      await startEmailWorker();
      const id = await queueEmail(db, {
        to: "smtp@skola.example",
        template: "passwordReset",
        props: resetProps,
      });
      // The worker also delivers what earlier tests left queued; wait for this message.
      const arrived = () => received.find((m) => m.includes("To: smtp@skola.example"));
      for (let i = 0; i < 100 && !arrived(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(arrived()).toBeDefined();
      expect(arrived()).toContain("From: Samverkansportalen <no-reply@");
      expect(arrived()).toContain("Subject: =?UTF-8?");
      let email;
      for (let i = 0; i < 50; i++) {
        email = await db
          .selectFrom("emails")
          .selectAll()
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        if (email.status === "sent") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(email).toMatchObject({
        status: "sent",
        transport: "smtp",
        html: null,
        textBody: null,
      });
      // A message still waiting for SMTP holds its link; the outbox does not show it.
      const admin = await createActor((await createEducationAdmin()).id, "admin");
      // Recorded but not handed to the queue, so the worker cannot deliver it during the check.
      const { id: waiting } = await db
        .insertInto("emails")
        .values({
          recipient: "vantar@skola.example",
          subject: "Återställ ditt lösenord i Samverkansportalen",
          template: "passwordReset",
          textBody: `Länk: ${resetProps.url}`,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const shown = await getOutboxMessage(admin, waiting);
      expect(shown?.recipient).toBe("vantar@skola.example");
      expect(shown?.textBody).toBeNull();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
