import { defaultRules } from '@closegap/contract';
import type { Bundle, ExceptionRecord, RulesConfig } from '@closegap/domain';
import { aClient, aPlacement, aRate } from '@closegap/testing';
import { ReconEngine } from '../recon-engine';

export function reconcile(bundle: Partial<Bundle>, rules: Partial<RulesConfig> = {}): ExceptionRecord[] {
  const engine = new ReconEngine({ rules: { ...defaultRules(), asOf: '2026-03-15', dataFrom: '2026-03-09', ...rules } });
  engine.load({
    clients: bundle.clients ?? [aClient().build()],
    placements: bundle.placements ?? [aPlacement().build()],
    rates: bundle.rates ?? [aRate().build()],
    timesheets: bundle.timesheets ?? [],
    invoices: bundle.invoices ?? [],
    creditNotes: bundle.creditNotes ?? [],
    payLines: bundle.payLines ?? [],
  });
  engine.evaluate();
  return engine.exceptions();
}

export const only = (exceptions: ExceptionRecord[], category: string): ExceptionRecord[] => exceptions.filter((e) => e.category === category);
export const categories = (exceptions: ExceptionRecord[]): string[] => [...new Set(exceptions.map((e) => e.category))].sort();
