/** Anything with a cheap round trip to its server. */
export interface Pingable {
  ping(): Promise<void>;
}

export type ProbeResult = { up: true; ms: number } | { up: false; message: string };

/** One health probe: the dependency answers within the timeout, or it is down with the reason. */
export async function probe(target: Pingable, timeoutMs: number): Promise<ProbeResult> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      target.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { up: true, ms: Date.now() - t0 };
  } catch (err) {
    return { up: false, message: (err as Error).message };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
