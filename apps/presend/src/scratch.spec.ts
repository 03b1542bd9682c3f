import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from '@closegap/contract';
import { ReconEngine } from '@closegap/engine';
import { generateSample, writeSample } from '@closegap/generator';

it('nest loads', async () => {
  const core = await import('@nestjs/core');
  expect(typeof core.NestFactory.create).toBe('function');
});

it('whatIf perf', () => {
  for (const scale of [0.2, 1]) {
    const root = mkdtempSync(join(tmpdir(), 'pp-'));
    const { bundleDir } = writeSample(root, generateSample({ seed: 3, scale }));
    const bundle = readBundle(bundleDir);
    const engine = new ReconEngine({ rules: bundle.rules });
    let t = performance.now();
    engine.load(bundle.bundle);
    engine.evaluate();
    const loadMs = performance.now() - t;
    const invs = bundle.bundle.invoices ?? [];
    const byNum = new Map<string, typeof invs>();
    for (const l of invs) byNum.set(l.invoiceNumber, [...(byNum.get(l.invoiceNumber) ?? []), l]);
    const big = [...byNum.values()].sort((a, b) => b.length - a.length)[0];
    const draft = big.map((l) => ({ ...l, invoiceNumber: 'DRAFT-X', invoiceDate: '2026-03-30' }));
    const times: number[] = [];
    for (let i = 0; i < 50; i++) { t = performance.now(); engine.whatIf(draft); times.push(performance.now() - t); }
    times.sort((a, b) => a - b);
    console.log(`scale ${scale} lines ${invs.length} exceptions ${engine.exceptions().length} load ${loadMs.toFixed(0)}ms draftLines ${draft.length} p50 ${times[25].toFixed(2)} max ${times[49].toFixed(2)} first ${times.join(',').slice(0,0)}`);
  }
});
