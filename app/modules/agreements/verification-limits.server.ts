/**
 * Limits on the public agreement check (/verifiera, issue 14), which anyone may use without
 * logging in:
 * - per client address, at most 20 checks (uploads and pasted hashes alike) in 10 minutes,
 *   counted in the database (request_throttles, migration 0016) so that the limit holds across
 *   restarts and several processes, and in one upsert so that parallel requests cannot all pass;
 * - in this process, at most 4 uploads read at once. A slot is process memory by nature: it
 *   guards this process's memory and CPU, and is freed the moment the upload has been read.
 * The window is fixed (it starts with the address's first check), so an address may make up to
 * twice the limit around a window's end: enough to stop a flood, simple to count atomically.
 */
import { sql } from "kysely";
import { db } from "~db/client.server";

export const VERIFICATION_LIMITS = {
  perAddress: 20,
  windowMinutes: 10,
  concurrentUploads: 4,
  /** Seconds a client is asked to wait when every upload slot is taken. */
  busyRetrySeconds: 10,
} as const;

export type VerificationThrottle = { allowed: true } | { allowed: false; retryAt: Date };

/** Counts one check from the address and says whether it is within the limit. */
export async function countVerification(
  clientAddress: string,
  now = new Date(),
): Promise<VerificationThrottle> {
  const windowMs = VERIFICATION_LIMITS.windowMinutes * 60_000;
  const windowStart = new Date(now.getTime() - windowMs);
  const address = clientAddress.slice(0, 100) || "unknown";
  // A window that has passed starts again at 1; otherwise the count goes up by one. The row lock
  // taken by the upsert orders parallel checks from one address.
  const row = await sql<{ count: number; windowStartedAt: Date }>`
    insert into request_throttles as t (scope, client_address, window_started_at, count)
    values ('verify', ${address}, ${now}, 1)
    on conflict (scope, client_address) do update set
      count = case when t.window_started_at <= ${windowStart} then 1
                   else least(t.count + 1, ${VERIFICATION_LIMITS.perAddress + 1}) end,
      window_started_at = case when t.window_started_at <= ${windowStart} then excluded.window_started_at
                               else t.window_started_at end
    returning count, window_started_at
  `.execute(db);
  const { count, windowStartedAt } = row.rows[0]!;
  if (count === 1) {
    // A new window for this address: a moment to forget addresses not seen for a day.
    await db
      .deleteFrom("requestThrottles")
      .where("windowStartedAt", "<", new Date(now.getTime() - 24 * 60 * 60_000))
      .execute();
  }
  if (count <= VERIFICATION_LIMITS.perAddress) return { allowed: true };
  return { allowed: false, retryAt: new Date(new Date(windowStartedAt).getTime() + windowMs) };
}

let uploadsInFlight = 0;

/**
 * Takes one of the process's upload slots: a function that frees it (call it exactly once, when
 * the upload has been read), or null when every slot is taken.
 */
export function takeUploadSlot(): (() => void) | null {
  if (uploadsInFlight >= VERIFICATION_LIMITS.concurrentUploads) return null;
  uploadsInFlight++;
  let freed = false;
  return () => {
    if (freed) return;
    freed = true;
    uploadsInFlight--;
  };
}
