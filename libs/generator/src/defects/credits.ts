import { addDays } from '../days';
import type { Ctx } from '../context';
import { nextSeq } from '../context';
import type { Credit } from '../model';
import type { Rng } from '../prng';
import { addTruth } from './common';

export function injectDuplicateCredits(ctx: Ctx, rng: Rng, n: number): void {
  const shuffled = rng.shuffle(ctx.credits.filter((c) => c.client));
  const seen = new Set<string>();
  const firsts = shuffled.filter((c) => !seen.has(c.client?.id ?? '') && seen.add(c.client?.id ?? ''));
  const pool = [...firsts, ...shuffled.filter((c) => !firsts.includes(c))];
  const blank = pool.filter((c) => !c.invoice);
  const linked = pool.filter((c) => c.invoice);
  let made = 0;
  while (made < n && (blank.length > 0 || linked.length > 0)) {
    const orig = made % 3 === 2 && blank.length > 0 ? blank.shift() : (linked.shift() ?? blank.shift());
    if (!orig?.client) break;
    const copy: Credit = {
      ...orig,
      seq: nextSeq(ctx, 'credit'),
      date: addDays(orig.date, rng.int(3, 20)),
      customerName: made % 3 === 1 ? orig.client.name : orig.customerName,
    };
    ctx.credits.push(copy);
    addTruth(ctx, {
      category: 'DUPLICATE_CREDIT',
      refs: () => ({ credit_number: copy.number ?? '' }),
      value: copy.amount,
      currency: copy.currency,
      note: `repeats an earlier credit${orig.invoice ? ' for the same invoice' : ' (no invoice recorded on either)'}: ${orig.memo}`,
      clientId: orig.client.id,
    });
    made++;
  }
}
