import { Hono } from 'hono';
import { deepestQueues, jobCounts } from '../../store/housekeeping.store.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { requireAdmin } from '../tenant.js';

const TOP_TENANTS = 10;

/** Prometheus text. Needs an admin key: it names tenants. */
export function metricsRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => {
    requireAdmin(c);
    const now = deps.clock.now();
    const [counts, queues] = await Promise.all([jobCounts(deps.store.db), deepestQueues(deps.store.db, TOP_TENANTS)]);
    const lines: string[] = [];
    lines.push('# HELP tollgate_jobs Jobs in the database, by status and type', '# TYPE tollgate_jobs gauge');
    for (const r of counts) lines.push(`tollgate_jobs{status="${r.status}",type="${r.type}"} ${Number(r.n)}`);
    lines.push(`# HELP tollgate_queue_depth Pending items of the ${TOP_TENANTS} deepest tenant queues`, '# TYPE tollgate_queue_depth gauge');
    for (const q of queues) lines.push(`tollgate_queue_depth{tenant="${q.tenant_id}"} ${Number(q.pending)}`);
    lines.push('# HELP tollgate_queue_oldest_age_seconds Age of the oldest pending item, per tenant (deepest queues)', '# TYPE tollgate_queue_oldest_age_seconds gauge');
    for (const q of queues) lines.push(`tollgate_queue_oldest_age_seconds{tenant="${q.tenant_id}"} ${Math.max(0, (now - Number(q.oldest)) / 1000)}`);
    const m = deps.metrics;
    lines.push(m.admissions.render(), m.refusals.render(), m.itemsSettled.render(), m.processingSeconds.render());
    return c.body(`${lines.join('\n')}\n`, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  return app;
}
