// pg-boss 10 (PostgreSQL). Admission is `send`; the worker is `work`, which in pg-boss 10 fetches
// `batchSize` jobs per poll and hands them to one handler call. pg-boss 10 removed `teamSize`: its
// replacement is several `work` registrations on the same queue, tuned here as `workers`. Each
// worker polls again at once when a fetch took longer than its interval, else after the interval
// (0.5 s at least), and completes a batch without awaiting it.
import PgBoss from 'pg-boss';

import { QUEUE, until, type Peer, type PeerPlace, type PeerQueue, type Tuning } from './peer.js';

const FILL_CHUNK = 1000;

export const pgBoss: Peer = {
  id: 'pg-boss',
  call: 'pg-boss `send`',
  worker: 'pg-boss `work`',
  store: 'PostgreSQL',
  tuningDoc: '`workers` = `work` registrations (pg-boss 10 has no `teamSize`), `batchSize` jobs per fetch, polling every 0.5 s (the minimum)',
  tunings: [
    { workers: 4, batchSize: 500 },
    { workers: 4, batchSize: 1000 },
    { workers: 2, batchSize: 2000 },
  ],
  async open(place: PeerPlace): Promise<PeerQueue> {
    // A send-only or work-only process: no maintenance or cron timers beside what is measured.
    const boss = new PgBoss({ connectionString: place.pgUrl, schema: place.schema, supervise: false, schedule: false, migrate: true });
    boss.on('error', (error) => console.error(`pg-boss: ${(error as Error).message}`));
    await boss.start();
    await boss.createQueue(QUEUE);
    const db = boss.getDb();
    const count = async (where: string): Promise<number> => {
      const result = (await db.executeSql(`SELECT count(*)::int AS n FROM "${place.schema}".job WHERE name = $1 AND ${where}`, [QUEUE])) as {
        rows: { n: number }[];
      };
      return result.rows[0]?.n ?? 0;
    };
    return {
      async add(payload) {
        const id = await boss.send(QUEUE, payload);
        if (id === null) throw new Error('pg-boss send returned no id');
        return id;
      },
      async fill(total) {
        for (let done = 0; done < total; done += FILL_CHUNK) {
          const size = Math.min(FILL_CHUNK, total - done);
          await boss.insert(Array.from({ length: size }, () => ({ name: QUEUE, data: { noop: true } })));
        }
      },
      async drain(total, tuning: Tuning) {
        let firstAt: number | undefined;
        let handled = 0;
        for (let index = 0; index < Number(tuning.workers ?? 1); index++) {
          await boss.work(QUEUE, { batchSize: Number(tuning.batchSize ?? 1), pollingIntervalSeconds: 0.5 }, async (jobs) => {
            firstAt ??= performance.now();
            handled += jobs.length;
          });
        }
        await until(async () => handled >= total, 2, 300_000, 'pg-boss handlers');
        // Completion is written after the handler returns, without being awaited: wait for the store.
        await until(async () => (await boss.getQueueSize(QUEUE, { before: 'completed' })) === 0, 5, 60_000, 'pg-boss completions');
        const settledAt = performance.now();
        await boss.offWork(QUEUE);
        return {
          spanMs: settledAt - (firstAt ?? settledAt),
          handled,
          completed: await count(`state = 'completed'`),
          notCompleted: await count(`state <> 'completed'`),
        };
      },
      async close() {
        await boss.stop({ graceful: false, wait: true });
      },
    };
  },
};
