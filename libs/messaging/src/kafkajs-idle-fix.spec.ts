import { patchKafkajsRequestQueue } from './kafkajs-idle-fix';

/** A RequestQueue as kafkajs builds it for a connection, without a socket. */
function queue(): { q: Record<string, unknown> & { checkPendingRequests(): void; scheduleCheckPendingRequests(): void }; stop: () => void } {
  const RequestQueue = patchKafkajsRequestQueue() as unknown as new (o: Record<string, unknown>) => Record<string, unknown> & { checkPendingRequests(): void; scheduleCheckPendingRequests(): void; destroy(): void };
  const noop = (): void => undefined;
  const logger = { debug: noop, info: noop, warn: noop, error: noop, namespace: () => logger };
  const q = new RequestQueue({ instrumentationEmitter: null, maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 't', broker: 'b', logger, isConnected: () => true });
  return { q, stop: () => q.destroy() };
}

describe('kafkajs RequestQueue idle loop', () => {
  it('an idle, unthrottled queue schedules no timer after a check', () => {
    const { q, stop } = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
    stop();
  });

  it('a pending request while throttled is checked when the throttle ends', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const { q, stop } = queue();
    const sent: string[] = [];
    q.throttledUntil = Date.now() + 50;
    (q.pending as unknown[]).push({ send: () => sent.push('r1'), expectResponse: false, correlationId: 1, completed: () => undefined, pendingDuration: 0 });
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    jest.advanceTimersByTime(49);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(2);
    expect(sent).toEqual(['r1']);
    expect(q.throttleCheckTimeoutId).toBeNull(); // nothing left: no timer re-armed
    stop();
    jest.useRealTimers();
  });

  it('throttled with nothing pending: one check at the end of the throttle, then quiet', () => {
    jest.useFakeTimers({ now: 2_000_000 });
    const { q, stop } = queue();
    q.throttledUntil = Date.now() + 20;
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    jest.advanceTimersByTime(21);
    expect(q.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
    stop();
    jest.useRealTimers();
  });
});
