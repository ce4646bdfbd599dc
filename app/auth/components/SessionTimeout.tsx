/**
 * The warning a minute before the idle timeout logs the person out (issue 17; WCAG 2.2.1: they
 * can extend with one simple action, with far more than 20 seconds to do it).
 *
 * The page knows when its session ends from the root loader (how long is left, and the idle
 * timeout a request slides it to) and counts from its last contact with the server: every
 * navigation and every fetcher (the school card's autosave) moves the end to that request's start
 * plus the idle timeout, less the minute the server may leave unwritten (session-lifetime.ts), so
 * the page's count is never later than the server's. Other tabs may have been busy, so when the
 * warning is due the page first asks the server (GET /inloggad, which does not count as
 * activity): only a session that really ends within the minute is warned about.
 *
 * When the warning opens, the page saves what is typed (save-before-timeout.ts): the school
 * card's waiting autosave, a draft of the report form. "Fortsätt vara inloggad" (or Escape) posts
 * to /inloggad, which counts as activity. At the end the page asks once more and, if the session
 * is gone, goes to /login?redirectTo=… (the saved draft's page, if one was made) with a full load,
 * so nothing of the page stays in the tab.
 *
 * The clock (SessionClock) is a small object of its own, outside React: it owns the timers and the
 * dialog element; the component feeds it what Remix knows and renders what it tells.
 */
import { Form, useFetchers, useLocation, useNavigate, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { SessionTiming } from "~/auth/session.server";
import { saveBeforeTimeout } from "~/components/ui/save-before-timeout";

/** How long before the end the warning opens. */
const WARN_MS = 60_000;
/** What the server may leave unwritten of a slide (SLIDE_STEP_MS in session-lifetime.ts). */
const SLIDE_STEP_MS = 60_000;
/** An end further away than the warning by this much closes an open warning. */
const MARGIN_MS = 2_000;
const ENDPOINT = "/inloggad";

async function askServer(method: "GET" | "POST"): Promise<SessionTiming | null> {
  try {
    const response = await fetch(ENDPOINT, {
      method,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!response.ok) return null;
    return (await response.json()) as SessionTiming;
  } catch {
    return null;
  }
}

interface WarningState {
  open: boolean;
  /** The end is the absolute one: staying is not possible. */
  absolute: boolean;
  /** What was typed has been saved as a draft. */
  saved: boolean;
  /** Until the end, while the warning is open. */
  leftMs: number;
}

const CLOSED: WarningState = { open: false, absolute: false, saved: false, leftMs: WARN_MS };

class SessionClock {
  /** The end as this page counts it, and the absolute end, in the browser's Date.now(). */
  private end = 0;
  private absoluteEnd = 0;
  private idleMs = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private busySince: number | null = null;
  private resumeAt: string | null = null;
  private saving: Promise<void> = Promise.resolve();
  private state: WarningState = CLOSED;
  private listeners = new Set<() => void>();
  private dialog: HTMLDialogElement | null = null;
  /** The page's path and query, where the person comes back to after logging in again. */
  private here = "/";

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  snapshot = () => this.state;

  private set(next: Partial<WarningState>) {
    this.state = { ...this.state, ...next };
    for (const listener of this.listeners) listener();
  }

  /** What the root loader says: after every full load, and whenever it is loaded again. */
  setTiming(timing: SessionTiming) {
    const now = Date.now();
    this.end = now + timing.remainingMs;
    this.absoluteEnd = now + timing.absoluteMs;
    this.idleMs = timing.idleMs;
    if (timing.remainingMs > WARN_MS + MARGIN_MS) this.close();
    this.schedule();
  }

  /**
   * Remix is busy with a request (a navigation, a fetcher) or done: each one slid the session on
   * the server, from its start.
   */
  setBusy(busy: boolean) {
    if (busy) {
      this.busySince ??= Date.now();
      return;
    }
    if (this.busySince === null) return;
    const counted = Math.min(this.busySince + this.idleMs - SLIDE_STEP_MS, this.absoluteEnd);
    this.busySince = null;
    if (counted <= this.end) return;
    this.end = counted;
    if (counted - Date.now() > WARN_MS + MARGIN_MS) this.close();
    this.schedule();
  }

  private schedule() {
    clearTimeout(this.timer);
    const at = this.state.open ? this.end : this.end - WARN_MS;
    this.timer = setTimeout(() => void this.check(), Math.max(0, at - Date.now()));
  }

  /** The warning is due, or the end: ask the server how long is really left. */
  async check() {
    const answer = await askServer("GET");
    const now = Date.now();
    if (answer) {
      this.end = now + answer.remainingMs;
      this.absoluteEnd = now + answer.absoluteMs;
    }
    const left = this.end - now;
    if (left <= 0) return this.leave();
    // More left than the warning: someone was busy meanwhile (another tab, or this one).
    if (left > WARN_MS + MARGIN_MS) this.close();
    else this.open();
    this.schedule();
  }

  /** A timer may have run late (a sleeping laptop, a background tab): look again. */
  wake = () => {
    if (document.visibilityState !== "visible") return;
    if (Date.now() >= this.end - WARN_MS) void this.check();
  };

  private open() {
    const dialog = this.dialog;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    this.set({
      open: true,
      absolute: this.absoluteEnd - this.end < 1000,
      saved: false,
      leftMs: this.end - Date.now(),
    });
    this.ticker = setInterval(() => this.set({ leftMs: this.end - Date.now() }), 1000);
    this.saving = saveBeforeTimeout().then((result) => {
      if (result.resumeAt) this.resumeAt = result.resumeAt;
      if (result.saved) this.set({ saved: true });
    });
  }

  close = () => {
    clearInterval(this.ticker);
    if (this.dialog?.open) this.dialog.close();
    if (this.state.open) this.set({ open: false });
  };

  /**
   * "Fortsätt vara inloggad": counts as activity on the server. Answers the draft's page to go on
   * from, when a draft was made of what was typed (so the next save meets its version).
   */
  async stay(): Promise<string | null> {
    await this.saving;
    const answer = await askServer("POST");
    if (!answer || answer.remainingMs <= 0) {
      this.leave();
      return null;
    }
    const now = Date.now();
    this.end = now + answer.remainingMs;
    this.absoluteEnd = now + answer.absoluteMs;
    this.close();
    this.schedule();
    const resume = this.resumeAt;
    this.resumeAt = null;
    return resume && resume !== this.here ? resume : null;
  }

  private leave() {
    this.stop();
    const target = this.resumeAt ?? this.here;
    const search = new URLSearchParams({ inaktiv: "1" });
    if (target !== "/") search.set("redirectTo", target);
    window.location.assign(`/login?${search}`);
  }

  /** The page moved (its path and query): where to come back to after logging in again. */
  setHere(here: string) {
    this.here = here;
  }

  start(dialog: HTMLDialogElement | null) {
    this.dialog = dialog;
    document.addEventListener("visibilitychange", this.wake);
    window.addEventListener("focus", this.wake);
  }

  stop() {
    clearTimeout(this.timer);
    clearInterval(this.ticker);
    document.removeEventListener("visibilitychange", this.wake);
    window.removeEventListener("focus", this.wake);
  }
}

function secondsWords(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return seconds === 1 ? "1 sekund" : `${seconds} sekunder`;
}

export function SessionTimeout({ timing }: { timing: SessionTiming }) {
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const [clock] = useState(() => new SessionClock());
  const state = useSyncExternalStore(clock.subscribe, clock.snapshot, () => CLOSED);
  const dialog = useRef<HTMLDialogElement>(null);
  const firstButton = useRef<HTMLButtonElement>(null);
  const here = location.pathname + location.search;
  const busy = navigation.state !== "idle" || fetchers.some((f) => f.state !== "idle");

  useEffect(() => {
    clock.start(dialog.current);
    return () => clock.stop();
  }, [clock]);
  useEffect(() => clock.setTiming(timing), [clock, timing]);
  useEffect(() => clock.setBusy(busy), [clock, busy]);
  useEffect(() => clock.setHere(here), [clock, here]);
  // The first button has the focus when the warning opens (after its words are chosen).
  useEffect(() => {
    if (state.open) firstButton.current?.focus();
  }, [state.open, state.absolute]);

  const stay = async () => {
    const resume = await clock.stay();
    if (resume) navigate(resume, { replace: true });
  };

  return (
    <dialog
      ref={dialog}
      className="timeout-dialog"
      aria-labelledby="utloggning-rubrik"
      aria-describedby="utloggning-text"
      onCancel={(event) => {
        // Escape: the person is here, so it means "stay" (or, at the absolute end, "understood").
        event.preventDefault();
        if (state.absolute) clock.close();
        else void stay();
      }}
    >
      <h2 id="utloggning-rubrik">Du loggas snart ut</h2>
      <div id="utloggning-text">
        {state.absolute ? (
          <p>
            Av säkerhetsskäl loggas alla ut {timing.maxHours} timmar efter inloggningen. Du loggas
            ut om <span className="timeout-dialog__time">{secondsWords(state.leftMs)}</span> och kan
            logga in igen direkt.
          </p>
        ) : (
          <p>
            Du har inte använt portalen på en stund. Av säkerhetsskäl loggas du ut om{" "}
            <span className="timeout-dialog__time">{secondsWords(state.leftMs)}</span>.
          </p>
        )}
        {state.saved ? <p>Det du har skrivit är sparat som utkast.</p> : null}
      </div>
      <div className="actions">
        {state.absolute ? (
          <button ref={firstButton} type="button" className="button" onClick={clock.close}>
            Jag förstår
          </button>
        ) : (
          <form
            method="post"
            action={ENDPOINT}
            onSubmit={(event) => {
              event.preventDefault();
              void stay();
            }}
          >
            <button ref={firstButton} type="submit" className="button">
              Fortsätt vara inloggad
            </button>
          </form>
        )}
        <Form method="post" action="/logout" reloadDocument>
          <button type="submit" className="button button--outline">
            Logga ut nu
          </button>
        </Form>
      </div>
    </dialog>
  );
}
