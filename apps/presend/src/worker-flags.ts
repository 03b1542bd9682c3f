/**
 * V8 settings for the workers, measured with bench:presend and bench:presend-check:
 * - no allocation-site pretenuring: a what-if allocates from the same code that built the
 *   long-lived state, so V8 put its short-lived objects straight into the old generation
 *   (~70 KB a check, 20-30 ms young collections);
 * - young collections on the main thread only: two workers' parallel scavenger threads on two
 *   cores stalled each other. Full collections keep V8's concurrent marking and sweeping
 *   threads: made single-threaded too (--single-threaded-gc), a full collection of a worker's
 *   state stopped it for 40-80 ms; with them, 15-20 ms;
 * - a 32 MB young generation;
 * - the old generation may grow to 4x what was live after a full collection before the next
 *   one (V8 chose 1.1-1.5x here: a full collection every 3-7 s per worker at 500 checks/s, each
 *   holding requests for 100-400 ms while its marking steps shared the core). A worker's
 *   state is ~115 MB at scale 1, so it may use ~460 MB; a full collection every few minutes;
 * - no memory reducer: when a worker idles V8 collects to shrink the heap and sets the next
 *   limit low, so the first minute of load after a quiet spell brought a full collection;
 * - one background thread for V8 (default 4): concurrent marking with four threads took both
 *   cores from the other worker for ~150 ms;
 * - gc() exposed for the one collection after loading (main.ts).
 * Flags given to the primary come after these and win.
 */
export const WORKER_V8_FLAGS = [
  '--no-allocation-site-pretenuring',
  '--no-parallel-scavenge',
  '--max-semi-space-size=32',
  '--heap-growing-percent=300',
  '--no-memory-reducer',
  '--v8-pool-size=1',
  '--expose-gc',
];

