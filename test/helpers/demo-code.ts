/**
 * The code a demo user's authenticator app shows, as the portal will accept it now
 * (scripts/seed/demo-users.ts: nextTotpCode): the seeded demo secret unless another is given.
 */
import { demoTotpSecret, nextTotpCode } from "../../scripts/seed/demo-users";

export async function demoCode(
  email: string,
  lastUsedStep: () => Promise<bigint | null>,
  secret: Uint8Array = demoTotpSecret(email),
): Promise<string> {
  return (await nextTotpCode(lastUsedStep, secret)).code;
}
