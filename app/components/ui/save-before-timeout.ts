/**
 * What a page saves before the idle timeout logs its person out (the warning,
 * app/auth/components/SessionTimeout.tsx, calls saveBeforeTimeout when it opens). A form with
 * text worth keeping registers a saver while it is on the page: the school card's autosave
 * sends what is still waiting, the report form saves a draft. A saver answers where to come back
 * to after logging in again (the draft's own page), or null for the page itself.
 *
 * A save the page makes by itself sends AUTOMATIC_REQUEST_HEADER (~/lib/automatic-request), so that it does not count as
 * the person's activity: saving must not keep an unattended session alive.
 */
import { useEffect, useRef } from "react";

export type BeforeTimeoutSaver = () => Promise<{ resumeAt: string | null } | null>;

const savers = new Set<{ current: BeforeTimeoutSaver }>();

/** Registers `saver` while the component is on the page. */
export function useSaveBeforeTimeout(saver: BeforeTimeoutSaver) {
  const latest = useRef(saver);
  useEffect(() => {
    latest.current = saver;
  });
  useEffect(() => {
    const entry = latest;
    savers.add(entry);
    return () => {
      savers.delete(entry);
    };
  }, []);
}

/**
 * Runs every registered saver. `saved`: something was saved; `resumeAt`: the page to come back
 * to after logging in again, when a saver named one.
 */
export async function saveBeforeTimeout(): Promise<{ saved: boolean; resumeAt: string | null }> {
  const results = await Promise.all([...savers].map((entry) => entry.current().catch(() => null)));
  const saved = results.filter((result) => result !== null);
  return {
    saved: saved.length > 0,
    resumeAt: saved.find((result) => result.resumeAt)?.resumeAt ?? null,
  };
}
