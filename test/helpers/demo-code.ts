/**
 * The code a seeded demo user's authenticator app shows, as the portal will accept it now: of a
 * step after the last one used (one step of drift is allowed), waiting for the next step when
 * this one and the next were both used. The browser tests have their own copy over their
 * database file (test/e2e/helpers.ts).
 */
import { generateHOTP } from "@oslojs/otp";
import { demoTotpSecret } from "../../scripts/seed/demo-users";

export async function demoCode(
  email: string,
  lastUsedStep: () => Promise<bigint | null>,
  secret: Uint8Array = demoTotpSecret(email),
): Promise<string> {
  for (;;) {
    const now = BigInt(Math.floor(Date.now() / 30_000));
    const last = await lastUsedStep();
    const step = last === null || last < now ? now : last === now ? now + 1n : null;
    if (step !== null) return generateHOTP(secret, step, 6);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
