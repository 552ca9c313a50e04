import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

// Reads only: what `tollgate verify` checks of holds and of the entries written per item (refunds,
// releases, charged overages). The writers are settle/ and cancel/.

export interface HoldProblem {
  id: string;
  problem: string;
}

/**
 * Items whose own ledger entries disagree with how they ended, and meters holding more than they use:
 * - an open item (pending, running) is an open hold, charged in full: no entry of its own yet, no actual cost;
 * - a succeeded item of a job that settles to actual was charged its hold plus a charged overage,
 *   less its release, and that is its `actual_cost`; a capped item (`uncharged` > 0) kept exactly its hold;
 * - a failed item was refunded its cost, nothing else; a succeeded item of a fixed job and a cancelled
 *   item (refunded with their job) have no entry of their own;
 * - no item is released or refunded twice, no job refunded twice for a cancel;
 * - held, the sum of a tenant's open holds per meter and period, is part of `used`: never more than
 *   what its jobs were charged net of refunds and releases.
 */
export async function findHoldProblems(db: Kysely<Database>): Promise<HoldProblem[]> {
  const perItem = db
    .selectFrom('ledger_entries as l')
    .where('l.item_id', 'is not', null)
    .groupBy('l.item_id')
    .select((eb) => {
      const sumOf = (kind: 'charge' | 'refund' | 'release') => eb.fn.coalesce(eb.fn.sum<number | string>(eb.case().when('l.kind', '=', kind).then(eb.ref('l.amount')).end()), eb.lit(0));
      return [
        'l.item_id',
        sumOf('charge').as('overcharged'),
        sumOf('refund').as('refunded'),
        sumOf('release').as('released'),
        eb.fn.sum<number | string>(eb.case().when('l.kind', 'in', ['refund', 'release']).then(eb.lit(1)).else(eb.lit(0)).end()).as('givebacks'),
      ];
    })
    .as('e');
  const [items, cancels, held, charged] = await Promise.all([
    db
      .selectFrom('job_items as i')
      .innerJoin('jobs as j', 'j.id', 'i.job_id')
      .leftJoin(perItem, 'e.item_id', 'i.id')
      .select(['i.id', 'i.job_id', 'i.status', 'i.cost', 'i.actual_cost', 'i.uncharged', 'j.settle', 'e.overcharged', 'e.refunded', 'e.released', 'e.givebacks'])
      .where((eb) => eb.or([eb('j.settle', '=', 'actual'), eb('e.item_id', 'is not', null)]))
      .execute(),
    db
      .selectFrom('ledger_entries')
      .select(['job_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('kind', '=', 'refund')
      .where('item_id', 'is', null)
      .groupBy('job_id')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .limit(100)
      .execute(),
    db
      .selectFrom('job_items as i')
      .innerJoin('jobs as j', 'j.id', 'i.job_id')
      .select(['j.tenant_id', 'j.meter', 'j.period', (eb) => eb.fn.sum<number | string>('i.cost').as('held')])
      .where('j.settle', '=', 'actual')
      .where('i.status', 'in', ['pending', 'running'])
      .groupBy(['j.tenant_id', 'j.meter', 'j.period'])
      .execute(),
    // What jobs account for in `used`: their charges net of refunds and releases (adjustments are not a job's).
    db
      .selectFrom('ledger_entries')
      .select(['tenant_id', 'meter', 'period', (eb) => eb.fn.sum<number | string>('amount').as('net')])
      .where('job_id', 'is not', null)
      .groupBy(['tenant_id', 'meter', 'period'])
      .execute(),
  ]);
  const problems: HoldProblem[] = [];
  for (const r of items) {
    const problem = itemProblem(r);
    if (problem) problems.push({ id: r.job_id, problem: `item ${Number(r.id)} ${problem}` });
    if (problems.length >= 100) return problems;
  }
  for (const c of cancels) problems.push({ id: c.job_id ?? '', problem: `refunded ${Number(c.n)} times for its cancel` });
  const key = (r: { tenant_id: string; meter: string; period: string }) => `${r.tenant_id}\u0000${r.meter}\u0000${r.period}`;
  const net = new Map(charged.map((r) => [key(r), Number(r.net)]));
  for (const h of held) {
    const used = net.get(key(h)) ?? 0;
    if (Number(h.held) > used) problems.push({ id: h.tenant_id, problem: `${h.meter} ${h.period}: held ${Number(h.held)} is more than its jobs' net charges ${used}` });
  }
  return problems;
}

interface ItemRow {
  status: string;
  settle: string;
  cost: number;
  actual_cost: number | null;
  uncharged: number;
  overcharged: number | string | null;
  refunded: number | string | null;
  released: number | string | null;
  givebacks: number | string | null;
}

/** What is wrong with one item's entries given how it ended, or undefined. */
function itemProblem(r: ItemRow): string | undefined {
  const size = (n: number | string | null) => Math.abs(Number(n ?? 0));
  const [cost, overcharged, refunded, released, uncharged] = [size(r.cost), size(r.overcharged), size(r.refunded), size(r.released), size(r.uncharged)];
  const actual = r.actual_cost === null ? null : Number(r.actual_cost);
  const moved = overcharged + refunded + released > 0;
  const said = `(hold or cost ${cost}, overage charged ${overcharged}, released ${released}, refunded ${refunded}, actual ${actual ?? 'none'}, uncharged ${uncharged})`;
  if (Number(r.givebacks ?? 0) > 1) return `was released or refunded ${Number(r.givebacks)} times ${said}`;
  if (r.status === 'pending' || r.status === 'running') return moved || actual !== null ? `is an open hold but was already settled ${said}` : undefined;
  if (r.status === 'failed') return refunded !== cost || overcharged + released > 0 ? `failed but was not refunded exactly its cost ${said}` : undefined;
  if (r.status === 'cancelled') return moved ? `was cancelled but has entries of its own (its job's refund covers it) ${said}` : undefined;
  if (r.settle === 'fixed') return moved ? `settled at a fixed cost but has entries of its own ${said}` : undefined;
  // Succeeded, settling to actual; a hold never settled is findInconsistentJobs' to report.
  if (actual === null) return undefined;
  if (refunded > 0 || cost + overcharged - released !== actual) return `succeeded: charged − released ≠ actual cost ${said}`;
  if (uncharged > 0 && (actual !== cost || released > 0)) return `succeeded above its hold and was capped, but did not keep exactly its hold ${said}`;
  return undefined;
}
