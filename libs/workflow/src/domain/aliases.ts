import { Document, parseDocument } from 'yaml';
import { WorkflowError } from './errors';

/** The rules file's alias maps (contract section 1): external name -> CRM id. */
export const ALIAS_SYSTEMS = ['timesheets', 'invoices', 'credit_notes', 'pay_lines', 'workers'] as const;
export type AliasSystem = (typeof ALIAS_SYSTEMS)[number];

export function isAliasSystem(value: string): value is AliasSystem {
  return (ALIAS_SYSTEMS as readonly string[]).includes(value);
}

export interface ConfirmedAlias {
  system: AliasSystem;
  external: string;
  target_id: string;
}

/** The key a worker alias is looked up by: the external id when there is one ("id|name"), else the name. */
export function aliasKey(system: AliasSystem, external: string): string {
  if (system !== 'workers') return external.trim();
  const bar = external.indexOf('|');
  return (bar > 0 ? external.slice(0, bar) : external).trim();
}

/** identity decisions are made per system; worker decisions all map to the `workers` alias table */
export function aliasSystemFor(kind: 'client' | 'worker', system: string): AliasSystem {
  if (kind === 'worker') return 'workers';
  if (!isAliasSystem(system) || system === 'workers') throw new WorkflowError(`unknown system "${system}"`);
  return system;
}

/**
 * Merges confirmed aliases into a rules file's text (recon.yaml), keeping its comments and
 * every other key; an existing alias for the same name is replaced. Returns the new text.
 */
export function mergeAliasesIntoRules(rulesText: string | undefined, aliases: readonly ConfirmedAlias[]): string {
  const blank = !rulesText || parseDocument(rulesText).contents === null;
  const doc = blank ? new Document({}) : parseDocument(rulesText);
  if (doc.errors.length > 0) throw new WorkflowError(`the rules file is not valid YAML: ${doc.errors[0].message}`);
  if (blank && rulesText) doc.commentBefore = rulesText.replace(/^#\s?/gm, '').trimEnd() || null;
  const sorted = [...aliases].sort((a, b) => a.system.localeCompare(b.system) || a.external.localeCompare(b.external));
  for (const alias of sorted) doc.setIn(['aliases', alias.system, aliasKey(alias.system, alias.external)], alias.target_id);
  return doc.toString();
}
