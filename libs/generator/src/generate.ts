import { isIsoDate } from '@closegap/domain';
import { buildContractTime } from './activity';
import { addVoidReissues, buildCredits, buildPermFees } from './activity-extra';
import { makeCalendar } from './calendar';
import { newCtx } from './context';
import { emitCsvs, emitRules } from './emit';
import { finalise } from './finalise';
import { computeAliases } from './identity';
import { injectDefects } from './inject';
import { buildPlacements } from './placements';
import { rngFor } from './prng';
import type { TruthRecord } from './truth';
import { materialise } from './truth';
import { buildClients } from './world-clients';
import { buildRates } from './world-rates';

export interface GenerateOptions {
  seed: number;
  scale: number;
  /** default true; false = a clean bundle that must give zero exceptions */
  defects?: boolean;
  /** default '2026-03-29' (a Sunday) */
  asOf?: string;
}

export interface GeneratedSample {
  /** 'clients.csv' -> CSV text, ... and 'recon.yaml' */
  files: Record<string, string>;
  truth: TruthRecord[];
  stats: { lines: number; placements: number; clients: number };
}

export const DEFAULT_AS_OF = '2026-03-29';

export function generateSample(opts: GenerateOptions): GeneratedSample {
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  if (!isIsoDate(asOf)) throw new Error(`generator: asOf must be YYYY-MM-DD, got "${asOf}"`);
  if (!(opts.scale > 0) || !Number.isFinite(opts.scale)) throw new Error(`generator: scale must be a positive number, got ${opts.scale}`);
  const root = rngFor(opts.seed);
  const ctx = newCtx(root.fork('ids'), opts.scale, makeCalendar(asOf));
  buildClients(ctx, root.fork('clients'));
  buildPlacements(ctx, root.fork('placements'));
  buildRates(ctx, root.fork('rates'));
  buildContractTime(ctx, root.fork('time'));
  buildPermFees(ctx, root.fork('perm'));
  addVoidReissues(ctx, root.fork('voids'));
  buildCredits(ctx, root.fork('credits'));
  if (opts.defects !== false) injectDefects(ctx, root.fork('defects'));
  const aliases = computeAliases(ctx);
  finalise(ctx, root.fork('numbers'));
  const { files, lines } = emitCsvs(ctx);
  files['recon.yaml'] = emitRules(ctx, aliases, opts.seed, opts.scale);
  return {
    files,
    truth: materialise(ctx.truth),
    stats: { lines, placements: ctx.placements.length, clients: ctx.clients.length },
  };
}
