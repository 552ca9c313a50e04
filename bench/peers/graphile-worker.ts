// graphile-worker 0.17 (PostgreSQL). Admission is `addJob` on long-lived WorkerUtils (quickAddJob
// would open a pool per call). The worker is `run` with a task list; its throughput settings are
// `concurrency`, the local queue (one query locks a batch of jobs for the whole pool) and
// `completeJobBatchDelay` (completions batched into one statement). A completed job is deleted.
import { Logger, makeWorkerUtils, run, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';

import { QUEUE, until, type Peer, type PeerPlace, type PeerQueue, type Tuning } from './peer.js';

const FILL_CHUNK = 1000;
const silent = new Logger(() => () => {});

export const graphileWorker: Peer = {
  id: 'graphile-worker',
  call: 'graphile-worker `addJob`',
  worker: 'graphile-worker `run`',
  store: 'PostgreSQL',
  tuningDoc: '`concurrency` jobs at once, a `localQueue` of that many jobs locked per fetch, completions batched over `completeJobBatchDelay` ms, a pool of `concurrency` + 2 connections (at least 10)',
  tunings: [
    { concurrency: 200, localQueue: 1000, completeJobBatchDelay: 10 },
    { concurrency: 400, localQueue: 2000, completeJobBatchDelay: 20 },
  ],
  async open(place: PeerPlace): Promise<PeerQueue> {
    const utils: WorkerUtils = await makeWorkerUtils({ connectionString: place.pgUrl, schema: place.schema, logger: silent });
    await utils.migrate();
    const remaining = async (client: pg.Client): Promise<number> => {
      const result = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${place.schema}"._private_jobs`);
      return result.rows[0]?.n ?? 0;
    };
    return {
      async add(payload) {
        const job = await utils.addJob(QUEUE, payload);
        return String(job.id);
      },
      async fill(total) {
        for (let done = 0; done < total; done += FILL_CHUNK) {
          const size = Math.min(FILL_CHUNK, total - done);
          await utils.addJobs(Array.from({ length: size }, () => ({ identifier: QUEUE, payload: { noop: true } })));
        }
      },
      async drain(total, tuning: Tuning) {
        let firstAt: number | undefined;
        let handled = 0;
        const concurrency = Number(tuning.concurrency ?? 1);
        const watcher = new pg.Client({ connectionString: place.pgUrl });
        await watcher.connect();
        const runner = await run({
          connectionString: place.pgUrl,
          schema: place.schema,
          concurrency,
          maxPoolSize: Math.max(10, concurrency + 2),
          noHandleSignals: true,
          logger: silent,
          taskList: {
            [QUEUE]: async () => {
              firstAt ??= performance.now();
              handled += 1;
            },
          },
          preset: {
            worker: {
              localQueue: { size: Number(tuning.localQueue ?? -1) },
              completeJobBatchDelay: Number(tuning.completeJobBatchDelay ?? -1),
            },
          },
        });
        let settledAt: number;
        try {
          await until(async () => handled >= total, 2, 300_000, 'graphile-worker tasks');
          // A completed job is deleted, in batches when completeJobBatchDelay is set: wait until none is left.
          await until(async () => (await remaining(watcher)) === 0, 5, 60_000, 'graphile-worker completions');
          settledAt = performance.now();
        } finally {
          await runner.stop();
        }
        const left = await remaining(watcher);
        await watcher.end();
        return { spanMs: settledAt - (firstAt ?? settledAt), handled, completed: total - left, notCompleted: left };
      },
      async close() {
        await utils.release();
      },
    };
  },
};
