import type { Config } from '../config.js';
import type { Store } from '../store/db.js';
import { heldForPeriod, usageForPeriod } from '../store/ledger.store.js';
import type { Tenant } from '../store/schema.js';
import { limitFor, meterNames, meterView, type MeterView } from './meters.js';
import { periodOf } from './period.js';

/** Every meter of the tenant for the period that contains `now`. */
export async function usageOf(deps: { store: Store; config: Pick<Config, 'tiers' | 'meters'> }, tenant: Tenant, now: number): Promise<{ period: string; meters: MeterView[] }> {
  const period = periodOf(now);
  const [rows, held] = await Promise.all([usageForPeriod(deps.store.db, tenant.id, period), heldForPeriod(deps.store.db, tenant.id, period)]);
  const used = new Map(rows.map((r) => [r.meter, Number(r.used)]));
  const names = meterNames(deps.config, tenant, [...used.keys()]);
  return {
    period,
    meters: names.map((name) => meterView(deps.config, name, used.get(name) ?? 0, limitFor(deps.config, tenant, name), period, held.get(name) ?? 0)),
  };
}
