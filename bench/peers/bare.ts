// The HTTP ceiling: a bare Hono POST route on @hono/node-server (parse JSON, answer 201 JSON), in a
// process of its own, loaded by the same generator and connections as Tollgate. Figures that are
// compared with it measure it before and after their own phases and take the mean, so a machine
// that slows down during the figure moves both ends of the ratio.
import type { BenchContext } from '../figure.js';
import { describeStatuses, rateOf, runLoad, type LoadResult } from '../load.js';
import { startJobsServer } from './process.js';

export const JOBS_BODY = JSON.stringify({ type: 'echo', input: { items: 1 } });

export async function loadJobsRoute(context: BenchContext, url: string, connections: number): Promise<LoadResult> {
  return runLoad({ url: `${url}/jobs`, method: 'POST', body: JOBS_BODY, connections, ...context.load });
}

export async function measureBareHono(context: BenchContext, connections: number, when: string): Promise<{ rps: number; result: LoadResult; note: string }> {
  context.log(`bare Hono ceiling (${when})`);
  const server = await startJobsServer(context, 'bare');
  try {
    const result = await loadJobsRoute(context, server.url, connections);
    const rps = rateOf(result, 201);
    if (rps === 0) throw new Error(`bare Hono answered no 201: ${describeStatuses(result)}`);
    return { rps, result, note: `bare Hono ${when}: ${Math.round(rps).toLocaleString('en-US')} req/s, statuses ${describeStatuses(result)}` };
  } finally {
    await server.stop();
  }
}
