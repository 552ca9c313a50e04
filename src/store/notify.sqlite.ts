import type { Logger } from 'pino';
import { createLocalBus, type EventBus } from '../events.js';
import type { SqliteStore } from './db.js';

/** How far back each look reaches: a change committed late with an older `updated_at` is still seen. */
const OVERLAP_MS = 2000;

/**
 * Job events across processes on SQLite, which has no NOTIFY: publishes are delivered locally at
 * once, and while anyone listens, the jobs changed since the last look are read every `pollMs` and
 * published too, so `serve` streams what a separate `tollgate worker` did, and its runner learns of a
 * cancel made by another process. A change seen twice is published twice; that is harmless, since
 * subscribers re-read the job (the database stays the truth).
 */
export function createSqliteBus(store: SqliteStore, logger: Logger, options: { pollMs?: number; now?: () => number } = {}): EventBus {
  const local = createLocalBus();
  const pollMs = options.pollMs ?? 200;
  const now = options.now ?? Date.now;
  let listeners = 0;
  let timer: NodeJS.Timeout | undefined;
  let watermark = now();
  /** `updated_at` of each job published within the overlap window, so one change is published once. */
  let seen = new Map<string, number>();

  const look = async () => {
    try {
      const since = watermark - OVERLAP_MS;
      const rows = await store.db
        .selectFrom('jobs')
        .select(['id', 'tenant_id', 'type', 'status', 'updated_at'])
        .where('updated_at', '>', since)
        .orderBy('updated_at')
        .limit(1000)
        .execute();
      const next = new Map<string, number>();
      for (const row of rows) {
        const at = Number(row.updated_at);
        watermark = Math.max(watermark, at);
        next.set(row.id, at);
        if (seen.get(row.id) === at) continue;
        local.publish({ tenantId: row.tenant_id, jobId: row.id, type: row.type, ...(row.status === 'cancelled' ? { status: 'cancelled' as const } : {}) });
      }
      seen = next;
    } catch (error) {
      logger.debug({ err: error }, 'reading job changes failed');
    } finally {
      if (listeners > 0) timer = setTimeout(() => void look(), pollMs).unref();
      else timer = undefined;
    }
  };

  return {
    publish: (event) => local.publish(event),
    subscribe(listener) {
      const unsubscribe = local.subscribe(listener);
      listeners++;
      if (!timer) {
        watermark = Math.max(watermark, now() - OVERLAP_MS);
        timer = setTimeout(() => void look(), pollMs).unref();
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        listeners--;
        unsubscribe();
      };
    },
    async close() {
      listeners = 0;
      clearTimeout(timer);
      timer = undefined;
      await local.close();
    },
  };
}
