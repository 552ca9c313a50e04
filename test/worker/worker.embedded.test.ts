import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { admitEcho, getJob, sleep } from './helpers.js';

// `tollgate serve` runs the workers in the API's process. Draining a backlog of items that finish at
// once must not hold the API (or the process's timers) hostage until the queue is empty.
describe.each(DIALECTS)('workers embedded in the API process (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  it('leave the API answering while they drain 5,000 items', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const tenant = await h.tenant({ limits: { credits: 10_000 } });
    const jobs = [];
    for (let i = 0; i < 5; i++) jobs.push(await admitEcho(h, tenant.key, { items: 1000 }));
    h.tollgate.startWorkers({ batchSize: 50, concurrency: 50, pollMs: 10 });

    const answers: { ms: number; done: number }[] = [];
    for (;;) {
      const asked = performance.now();
      const job = await getJob(h, tenant.key, jobs[4]!.id);
      answers.push({ ms: performance.now() - asked, done: job.progress.items_done });
      if (job.status === 'completed') break;
      await sleep(10);
    }
    // The API saw the last job part-way through, more than once, not only before and after.
    expect(answers.filter((a) => a.done > 0 && a.done < 1000).length, JSON.stringify(answers)).toBeGreaterThan(1);
  });
});
