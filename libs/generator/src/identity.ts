import type { Ctx } from './context';
import type { FinNameForm, TsNameForm } from './model';

export interface Aliases {
  timesheets: Record<string, string>;
  invoices: Record<string, string>;
  credit_notes: Record<string, string>;
}

/** Names any engine should resolve: equal after case/punctuation/legal-suffix normalisation, or a unique acronym. */
const STRONG_TS = new Set<TsNameForm>(['base', 'upper', 'acronym']);
const STRONG_FIN = new Set<FinNameForm>(['base', 'crm', 'comma', 'upper']);

/**
 * Aliases only where needed: a weak external name (a code, a short name, "L.L.C.") gets one
 * unless some record of the same system carries a placement_ref under that name.
 */
export function computeAliases(ctx: Ctx): Aliases {
  const tsUsed = new Set<string>();
  const tsLearn = new Set<string>();
  for (const s of ctx.sheets) {
    if (s.lines.length === 0) continue;
    tsUsed.add(s.clientRef);
    if (s.placementRef && s.placement) tsLearn.add(s.clientRef);
  }
  const invUsed = new Set<string>();
  const invLearn = new Set<string>();
  for (const inv of ctx.invoices) {
    if (inv.status === 'void' || inv.lines.length === 0) continue;
    invUsed.add(inv.customerName);
    if (inv.lines.some((l) => l.placementRef && l.placement)) invLearn.add(inv.customerName);
  }
  const creditUsed = new Set(ctx.credits.map((c) => c.customerName));
  const aliases: Aliases = { timesheets: {}, invoices: {}, credit_notes: {} };
  for (const c of ctx.clients) {
    if (tsUsed.has(c.tsName) && !STRONG_TS.has(c.tsForm) && !tsLearn.has(c.tsName)) aliases.timesheets[c.tsName] = c.id;
    if (invUsed.has(c.finName) && !STRONG_FIN.has(c.finForm) && !invLearn.has(c.finName)) aliases.invoices[c.finName] = c.id;
    if (creditUsed.has(c.creditName) && !STRONG_FIN.has(c.creditForm)) aliases.credit_notes[c.creditName] = c.id;
  }
  return aliases;
}
