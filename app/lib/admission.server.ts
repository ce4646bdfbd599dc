/**
 * Admission control for page requests: at most `concurrency` are answered at once, the next
 * wait in line (first come, first served) and, when the line is full or a request has waited
 * too long, the request is refused with 503 and Retry-After. A burst larger than the process
 * can answer then costs those who came last a "try again", not everyone a 500 or a process that
 * stops answering (with 50 users on a page that held a connection for seconds, the pool ran dry,
 * requests failed after 5 s with 500, and /healthz went silent).
 */
import type { NextFunction, Request, Response } from "express";

export interface AdmissionOptions {
  concurrency: number;
  /** How many may wait; more are refused at once. */
  maxQueued: number;
  /** How long one may wait before it is refused. */
  maxWaitMs: number;
  /** Answers a refused request (503). */
  refuse: (req: Request, res: Response, reason: "queue full" | "waited too long") => void;
}

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

export function admissionControl(options: AdmissionOptions) {
  let inFlight = 0;
  const line: Waiter[] = [];

  function release() {
    inFlight--;
    const next = line.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admit();
    }
  }

  function admit(res: Response, next: NextFunction) {
    inFlight++;
    let released = false;
    // "close" comes after "finish" and also when the client goes away mid-answer.
    res.once("close", () => {
      if (released) return;
      released = true;
      release();
    });
    next();
  }

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (inFlight < options.concurrency && line.length === 0) return admit(res, next);
    if (line.length >= options.maxQueued) return options.refuse(req, res, "queue full");
    const waiter: Waiter = {
      admit: () => admit(res, next),
      timer: setTimeout(() => {
        const index = line.indexOf(waiter);
        if (index >= 0) line.splice(index, 1);
        options.refuse(req, res, "waited too long");
      }, options.maxWaitMs),
    };
    line.push(waiter);
    // A client that leaves while waiting gives up its place.
    res.once("close", () => {
      const index = line.indexOf(waiter);
      if (index >= 0) {
        line.splice(index, 1);
        clearTimeout(waiter.timer);
      }
    });
  };
  return Object.assign(middleware, {
    stats: () => ({ inFlight, queued: line.length }),
  });
}
