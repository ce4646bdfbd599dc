import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { attemptLogin } from "~/auth/login.server";
import { LOGIN_LIMITS } from "~/auth/rate-limit.server";
import { confirmStepUp } from "~/auth/step-up.server";
import { createUser, TEST_PASSWORD } from "../helpers/factories";

const minutes = (n: number) => n * 60_000;

describe("attemptLogin", () => {
  it("accepts the right password, whatever the case of the address", async () => {
    const user = await createUser({ email: "karin@skola.example" });
    const result = await attemptLogin({
      email: "  Karin@Skola.EXAMPLE ",
      password: TEST_PASSWORD,
      clientAddress: "10.0.0.1",
    });
    expect(result).toEqual({ ok: true, userId: user.id });
  });

  it("answers an unknown address exactly as a wrong password", async () => {
    await createUser({ email: "finns@skola.example" });
    const wrong = await attemptLogin({
      email: "finns@skola.example",
      password: "fel-losenord",
      clientAddress: "10.0.0.2",
    });
    const unknown = await attemptLogin({
      email: "finns-inte@skola.example",
      password: "fel-losenord",
      clientAddress: "10.0.0.2",
    });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("refuses an account after 10 failures, even with the right password, and lifts the limit when the window has passed", async () => {
    await createUser({ email: "gissad@skola.example" });
    const start = new Date("2026-11-23T09:00:00Z");
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAccount; i++) {
      const result = await attemptLogin({
        email: "gissad@skola.example",
        password: `gissning-${i}`,
        clientAddress: `10.1.0.${i}`, // spread over addresses: the account limit still holds
        now: new Date(start.getTime() + i * 1000),
      });
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const eleventh = await attemptLogin({
      email: "gissad@skola.example",
      password: TEST_PASSWORD,
      clientAddress: "10.1.1.1",
      now: new Date(start.getTime() + minutes(1)),
    });
    expect(eleventh.ok).toBe(false);
    expect(eleventh).toMatchObject({ reason: "throttled" });
    if (eleventh.ok || eleventh.reason !== "throttled") throw new Error("not throttled");
    expect(eleventh.retryAt.getTime()).toBe(start.getTime() + minutes(LOGIN_LIMITS.windowMinutes));

    const stillRefused = await attemptLogin({
      email: "gissad@skola.example",
      password: TEST_PASSWORD,
      clientAddress: "10.1.1.1",
      now: new Date(start.getTime() + minutes(LOGIN_LIMITS.windowMinutes) - 1000),
    });
    expect(stillRefused).toMatchObject({ ok: false, reason: "throttled" });

    const afterWindow = await attemptLogin({
      email: "gissad@skola.example",
      password: TEST_PASSWORD,
      clientAddress: "10.1.1.1",
      now: new Date(start.getTime() + minutes(LOGIN_LIMITS.windowMinutes) + minutes(1)),
    });
    expect(afterWindow.ok).toBe(true);
  });

  it("forgets an account's earlier failures after a successful login", async () => {
    await createUser({ email: "slarvig@skola.example" });
    const start = new Date("2026-11-23T10:00:00Z");
    const at = (s: number) => new Date(start.getTime() + s * 1000);
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAccount - 1; i++) {
      await attemptLogin({
        email: "slarvig@skola.example",
        password: "fel",
        clientAddress: "10.2.0.1",
        now: at(i),
      });
    }
    const success = await attemptLogin({
      email: "slarvig@skola.example",
      password: TEST_PASSWORD,
      clientAddress: "10.2.0.1",
      now: at(20),
    });
    expect(success.ok).toBe(true);
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAccount - 1; i++) {
      await attemptLogin({
        email: "slarvig@skola.example",
        password: "fel",
        clientAddress: "10.2.0.1",
        now: at(30 + i),
      });
    }
    const again = await attemptLogin({
      email: "slarvig@skola.example",
      password: TEST_PASSWORD,
      clientAddress: "10.2.0.1",
      now: at(60),
    });
    expect(again.ok).toBe(true);
  });

  it("refuses an address that has failed too often across many accounts", async () => {
    await createUser({ email: "offer@skola.example" });
    const start = new Date("2026-11-23T11:00:00Z");
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAddress; i++) {
      await attemptLogin({
        email: `konto-${i}@skola.example`,
        password: "fel",
        clientAddress: "192.0.2.66",
        now: new Date(start.getTime() + i * 100),
      });
    }
    const fromThatAddress = await attemptLogin({
      email: "offer@skola.example",
      password: TEST_PASSWORD,
      clientAddress: "192.0.2.66",
      now: new Date(start.getTime() + minutes(2)),
    });
    expect(fromThatAddress).toMatchObject({ ok: false, reason: "throttled" });
    const fromElsewhere = await attemptLogin({
      email: "offer@skola.example",
      password: TEST_PASSWORD,
      clientAddress: "192.0.2.67",
      now: new Date(start.getTime() + minutes(2)),
    });
    expect(fromElsewhere.ok).toBe(true);
  });

  it("refuses a deactivated user with the same answer as a wrong password", async () => {
    const { db } = await import("../../db/client.server");
    const user = await createUser({ email: "slutat@skola.example" });
    await db
      .updateTable("users")
      .set({ deactivatedAt: new Date() })
      .where("id", "=", user.id)
      .execute();
    const result = await attemptLogin({
      email: "slutat@skola.example",
      password: TEST_PASSWORD,
      clientAddress: "10.3.0.1",
    });
    expect(result).toEqual({ ok: false, reason: "invalid" });
  });

  it("holds the account limit when 40 wrong passwords arrive at once", async () => {
    await createUser({ email: "storm@skola.example" });
    const now = new Date("2026-11-23T12:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attemptLogin({
          email: "storm@skola.example",
          password: `gissning-${i}`,
          clientAddress: `10.4.${i}.1`, // each from its own address: only the account limit holds
          now,
        }),
      ),
    );
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    const throttled = results.filter((r) => !r.ok && r.reason === "throttled").length;
    expect(checked).toBe(LOGIN_LIMITS.failuresPerAccount);
    expect(throttled).toBe(40 - LOGIN_LIMITS.failuresPerAccount);
    const recorded = await db
      .selectFrom("loginAttempts")
      .select("id")
      .where("email", "=", "storm@skola.example")
      .execute();
    expect(recorded).toHaveLength(LOGIN_LIMITS.failuresPerAccount);
  });

  it("holds the address limit when many accounts are tried from one address at once", async () => {
    const now = new Date("2026-11-23T13:00:00Z");
    const tries = LOGIN_LIMITS.failuresPerAddress + 30;
    const results = await Promise.all(
      Array.from({ length: tries }, (_, i) =>
        attemptLogin({
          email: `spray-${i}@skola.example`,
          password: "Sommar2026!",
          clientAddress: "198.51.100.7",
          now,
        }),
      ),
    );
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(checked).toBe(LOGIN_LIMITS.failuresPerAddress);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(30);
  });

  it("holds the same limit for step-up passwords sent at once", async () => {
    const user = await createUser({ email: "steg@skola.example" });
    const now = new Date("2026-11-23T14:00:00Z");
    const actor = {
      user: { id: user.id, email: user.email, name: user.name, title: null, phone: null },
      // Authenticated long ago: every act asks for the password.
      session: {
        id: "ingen-session",
        activeMembershipId: null,
        authenticatedAt: new Date("2026-11-23T08:00:00Z"),
      },
    };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        confirmStepUp(actor, `gissning-${i}`, `10.5.${i}.1`, now),
      ),
    );
    expect(results.filter((r) => r === "invalid")).toHaveLength(LOGIN_LIMITS.failuresPerAccount);
    expect(results.filter((r) => r === "throttled")).toHaveLength(
      40 - LOGIN_LIMITS.failuresPerAccount,
    );
  });
});
