import { EventLoopDelay } from './event-loop';

describe('EventLoopDelay', () => {
  it('shows a blocked event loop in the current window, then as the last minute once the window rolls', async () => {
    const delay = new EventLoopDelay(400, 5);
    try {
      await new Promise((r) => setTimeout(r, 50));
      const quiet = delay.figures().current;
      expect(quiet.max_ms).toBeLessThan(60);
      const until = performance.now() + 120;
      while (performance.now() < until); // the loop held for 120 ms
      await new Promise((r) => setTimeout(r, 30));
      const blocked = delay.figures();
      expect(blocked.current.max_ms).toBeGreaterThanOrEqual(100);
      expect(blocked.last_minute).toBeUndefined();
      await new Promise((r) => setTimeout(r, 400));
      const rolled = delay.figures();
      expect(rolled.last_minute?.max_ms).toBeGreaterThanOrEqual(100);
      expect(rolled.current.max_ms).toBeLessThan(100);
    } finally {
      delay.stop();
    }
  });
});
