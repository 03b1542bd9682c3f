import { roundCents } from '@closegap/domain';
import { addDays } from '../days';
import type { Ctx } from '../context';
import type { ClientRec, InvLine, Placement } from '../model';
import type { Rng } from '../prng';
import { weekLabel } from '../activity';
import { unknownPerson } from '../people';
import { initialKey, personKey } from '../text';
import { itemName } from '../vocab';
import { addTruth, weekOfInvoice } from './common';

/** A contract candidate from another client, whose name no placement of this client shares. */
function strangerFrom(ctx: Ctx, rng: Rng, client: ClientRec, keys: Map<Placement, string[]>): Placement | undefined {
  const here = new Set(ctx.placements.filter((p) => p.client === client).flatMap((p) => keys.get(p) ?? []));
  for (let attempt = 0; attempt < 50; attempt++) {
    const p = rng.pick(ctx.placements);
    if (p.client !== client && p.type === 'contract' && !(keys.get(p) ?? []).some((k) => here.has(k))) return p;
  }
  return undefined;
}

export function injectWithoutPlacement(ctx: Ctx, rng: Rng, n: number): void {
  const pool = rng.shuffle(ctx.invoices.filter((i) => i.client && !i.touched && (i.status === 'sent' || i.status === 'paid') && weekOfInvoice(i)));
  const keys = new Map(ctx.placements.map((p) => [p, [personKey(p.cand.name), initialKey(p.cand.first, p.cand.last)]]));
  let made = 0;
  for (const inv of pool) {
    if (made >= n) return;
    const client = inv.client;
    const week = weekOfInvoice(inv);
    const model = inv.lines.find((l) => l.rt === 'standard' && l.placement);
    if (!client || !week || !model?.placement) continue;
    const variant = made % 3;
    const unit = model.placement.job.unit;
    const qty = unit === 'day' ? rng.int(1, 5) : rng.int(2, 5) * 8;
    const label = itemName(client, 'standard', unit);
    const line: InvLine = {
      inv,
      week,
      rt: 'standard',
      item: client.lineStyle === 'rt' ? undefined : label,
      showRt: client.lineStyle !== 'item',
      qty,
      price: model.price,
      amount: roundCents(model.price.times(qty)),
      desc: '',
      periodStart: client.periodCols ? addDays(week, -6) : undefined,
      periodEnd: client.periodCols ? week : undefined,
    };
    let note: string;
    if (variant === 2) {
      line.placementRef = 'PLC-' + rng.int(90000, 99999);
      line.desc = `Temporary labour cover ${weekLabel(client.ukDates, week)}`;
      note = `unknown placement_ref ${line.placementRef} and no worker named`;
    } else {
      const stranger = variant === 1 ? strangerFrom(ctx, rng, client, keys) : undefined;
      const person = stranger ? { name: stranger.cand.invName, short: stranger.cand.short } : shortOf(unknownPerson(rng));
      line.workerName = person.name;
      line.desc = `${person.short} - ${label} ${weekLabel(client.ukDates, week)}`;
      note = stranger ? `worker placed at ${stranger.client.id}, not at this client` : 'worker with no placement at this client';
    }
    inv.lines.push(line);
    inv.touched = true;
    addTruth(ctx, {
      category: 'INVOICE_WITHOUT_PLACEMENT',
      refs: () => ({ invoice_number: inv.number ?? '', line_no: String(line.lineNo ?? '') }),
      value: line.amount,
      currency: inv.currency,
      note,
      clientId: client.id,
    });
    made++;
  }
}

function shortOf(p: { first: string; last: string; name: string }): { name: string; short: string } {
  return { name: p.name, short: `${p.first[0]}. ${p.last}` };
}
