// BullMQ 6 (Redis). Admission is `Queue.add`; the worker is a `Worker` whose `concurrency` is how
// many jobs one process runs at once. Completed jobs are kept (BullMQ's default), as Tollgate and
// pg-boss keep theirs; the drain ends at the worker's `completed` event of the last job, which
// fires once the job is moved to the completed set.
import { Queue, Worker } from 'bullmq';

import { QUEUE, until, type Peer, type PeerPlace, type PeerQueue, type Tuning } from './peer.js';

const FILL_CHUNK = 1000;

export const bullmq: Peer = {
  id: 'bullmq',
  call: 'BullMQ `Queue.add`',
  worker: 'BullMQ `Worker`',
  store: 'Redis',
  tuningDoc: '`concurrency` jobs at once in one `Worker`, completed jobs kept',
  tunings: [{ concurrency: 200 }, { concurrency: 500 }, { concurrency: 1000 }],
  async open(place: PeerPlace): Promise<PeerQueue> {
    const connection = { host: place.redisHost, port: place.redisPort };
    const queue = new Queue(QUEUE, { connection, prefix: place.prefix });
    queue.on('error', (error) => console.error(`bullmq: ${error.message}`));
    await queue.waitUntilReady();
    return {
      async add(payload) {
        const job = await queue.add(QUEUE, payload);
        return String(job.id);
      },
      async fill(total) {
        for (let done = 0; done < total; done += FILL_CHUNK) {
          const size = Math.min(FILL_CHUNK, total - done);
          await queue.addBulk(Array.from({ length: size }, () => ({ name: QUEUE, data: { noop: true } })));
        }
      },
      async drain(total, tuning: Tuning) {
        let firstAt: number | undefined;
        let settledAt: number | undefined;
        let handled = 0;
        let completed = 0;
        const worker = new Worker(
          QUEUE,
          async () => {
            firstAt ??= performance.now();
            handled += 1;
          },
          { connection, prefix: place.prefix, concurrency: Number(tuning.concurrency ?? 1) },
        );
        worker.on('error', (error) => console.error(`bullmq worker: ${error.message}`));
        worker.on('completed', () => {
          completed += 1;
          if (completed === total) settledAt = performance.now();
        });
        try {
          await until(async () => settledAt !== undefined, 2, 300_000, 'BullMQ completions');
        } finally {
          await worker.close();
        }
        const counts = await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed', 'prioritized');
        const kept = counts.completed ?? 0;
        return {
          spanMs: (settledAt ?? 0) - (firstAt ?? 0),
          handled,
          completed: kept,
          notCompleted: total - kept,
        };
      },
      async close() {
        await queue.close();
      },
    };
  },
};
