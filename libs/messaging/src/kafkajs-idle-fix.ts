/*
 * kafkajs 2.2.4 (the last release) re-arms a timer on every broker connection after each
 * check of its pending-request queue, even when nothing is pending and nothing is throttled:
 * `setTimeout(check, throttledUntil - now)` with a negative delay, i.e. every 1 ms, forever
 * (kafkajs issues #1556 and #1704; the fixes were never released). Measured here: ~1,600
 * wake-ups a second and 3-4% of a core per idle service, and the same loop runs inside the
 * pre-send workers between requests.
 *
 * This replaces that one method on kafkajs' RequestQueue with the version proposed upstream:
 * a check is scheduled only when requests are pending or the broker asked us to back off.
 * Everything else about the queue is unchanged: a request pushed while nothing can be sent
 * schedules its own check, and each response that frees a slot checks the queue.
 */

const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10; // kafkajs' own constant

interface RequestQueueInternals {
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

interface RequestQueueClass {
  prototype: RequestQueueInternals & { __closegapIdleFix?: true };
}

export function scheduleCheckPendingRequestsWhenNeeded(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  let delay: number;
  if (this.pending.length > 0) delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  else if (untilUnthrottled > 0) delay = untilUnthrottled;
  else return; // nothing waits and nothing is throttled: the next push or response checks the queue
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delay);
}

/** The kafkajs RequestQueue class, patched (idempotent). Exported for the test. */
export function patchKafkajsRequestQueue(): RequestQueueClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs does not export the class; the path is stable across 2.x
  const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;
  if (!RequestQueue.prototype.__closegapIdleFix) {
    RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequestsWhenNeeded;
    RequestQueue.prototype.__closegapIdleFix = true;
  }
  return RequestQueue;
}

patchKafkajsRequestQueue();
