import pg from 'pg';
import type { Logger } from 'pino';
import { createLocalBus, type EventBus, type JobEvent } from '../events.js';
import type { PostgresStore } from './db.js';

const CHANNEL = 'tollgate_jobs';
/** NOTIFY payloads are limited to 8,000 bytes; stay well below. */
const MAX_PAYLOAD = 7000;

/**
 * Job events across processes. Publishes are delivered locally at once and, coalesced over a few
 * milliseconds, sent as one NOTIFY: every NOTIFY takes a global lock at commit, so one per admission
 * would serialise admissions. The listener reconnects by itself after a database restart; missed
 * events are harmless because subscribers re-read the database (and workers also poll).
 */
export function createPostgresBus(store: PostgresStore, logger: Logger, options: { coalesceMs?: number } = {}): EventBus {
  const local = createLocalBus();
  const origin = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  let queued = new Map<string, JobEvent>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let listener: pg.Client | undefined;

  const send = async () => {
    timer = undefined;
    const events = [...queued.values()];
    queued = new Map();
    const chunks: string[] = [];
    let current = origin;
    for (const e of events) {
      const piece = [e.tenantId, e.jobId, e.status ?? '', e.type ?? ''].join('\u001f');
      if (current.length + piece.length + 1 > MAX_PAYLOAD) {
        chunks.push(current);
        current = origin;
      }
      current += `\u001e${piece}`;
    }
    chunks.push(current);
    for (const payload of chunks) {
      await store.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]).catch((error) => logger.debug({ err: error }, 'notify failed'));
    }
  };

  const listen = async () => {
    if (closed) return;
    const client = new pg.Client({ connectionString: store.connectionString });
    client.on('error', () => {});
    client.on('end', () => {
      // Only a connection that was established reconnects here; a failed connect retries below.
      if (listener !== client) return;
      listener = undefined;
      if (!closed) setTimeout(() => void listen(), 500).unref();
    });
    client.on('notification', (message) => {
      const [from, ...pieces] = (message.payload ?? '').split('\u001e');
      if (from === origin) return;
      for (const piece of pieces) {
        const [tenantId, jobId, status, type] = piece.split('\u001f');
        if (tenantId && jobId) local.publish({ tenantId, jobId, ...(status === 'cancelled' ? { status } : {}), ...(type ? { type } : {}) });
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      listener = client;
    } catch {
      await client.end().catch(() => {});
      if (!closed) setTimeout(() => void listen(), 1000).unref();
    }
  };
  void listen();

  return {
    publish(event) {
      local.publish(event);
      // Coalescing must not lose a cancel to a later plain "changed".
      const earlier = queued.get(event.jobId);
      const status = event.status ?? earlier?.status;
      const type = event.type ?? earlier?.type;
      queued.set(event.jobId, { ...event, ...(status ? { status } : {}), ...(type ? { type } : {}) });
      timer ??= setTimeout(() => void send(), options.coalesceMs ?? 5);
    },
    subscribe: (fn) => local.subscribe(fn),
    async close() {
      closed = true;
      clearTimeout(timer);
      if (queued.size > 0) await send();
      await listener?.end().catch(() => {});
      await local.close();
    },
  };
}
