import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppDeps } from '../deps.js';

/** Liveness says the process runs; readiness says it can reach its database (checked with a deadline). */
export function healthRoutes(deps: Pick<AppDeps, 'store'>) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        sql`SELECT 1`.execute(deps.store.db),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('database check timed out')), 2000))),
      ]);
      return c.json({ status: 'ready', database: deps.store.dialect });
    } catch (error) {
      return c.json({ status: 'not_ready', database: deps.store.dialect, error: (error as Error).message }, 503);
    } finally {
      // Cleared rather than unref'd: Workers' timers have no unref().
      clearTimeout(timer);
    }
  });
  return app;
}
