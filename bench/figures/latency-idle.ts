// Admission-to-start latency on an idle server: how long a job waits before a worker picks it up
// when nothing else is queued. It is bounded by how workers learn of new jobs (polling interval,
// LISTEN/NOTIFY, an in-process signal). Both timestamps come from the server's job record; the
// baseline is the median ping round trip, the floor of anything a client can observe.
import { authHeaders, createTenant, ECHO_ONE_ITEM, expect, field, lookup, timeOf } from '../api.js';
import { DIALECT_NAMES, formatNumber, pingMedianMs, perDialect, withServer, type Figure } from '../figure.js';
import { waitForEvent } from '../sse.js';
import { median, sleep } from '../stats.js';

const TARGET_MS = 50;
/** Pause between jobs so every admission meets an idle worker, not one still settling the last job. */
const IDLE_PAUSE_MS = 250;

export const latencyIdle: Figure = {
  id: 'latency-idle',
  title: 'Admission-to-start latency at idle',
  description:
    '`started_at − created_at` of a one-item echo job on an idle server with one worker (WORKERS=1), read from the ' +
    '`job` event of `GET /v1/jobs/{id}/events`, median of sequential jobs, against the median ping round trip.',
  async run(context) {
    const notes: string[] = [];
    const runs = context.quick ? 5 : 20;
    const rows = await perDialect(context, notes, (dialect) =>
      withServer(context, dialect, 'latency_idle', { workers: 1 }, async (server) => {
        const name = DIALECT_NAMES[dialect];
        const tenant = await createTenant(server.url, 'bench latency tenant');
        const baseline = await pingMedianMs(server, tenant.key, runs);
        context.log(`latency-idle ${dialect}: ${runs} jobs`);
        const latencies: number[] = [];
        for (let index = 0; index < runs; index++) {
          await sleep(IDLE_PAUSE_MS);
          const job = await expect(server.url, 'POST', '/v1/jobs', 201, { token: tenant.key, body: ECHO_ONE_ITEM });
          const id = field(job.body, 'id');
          const event = await waitForEvent(
            `${server.url}/v1/jobs/${encodeURIComponent(id)}/events`,
            '/v1/jobs/{id}/events',
            authHeaders(tenant.key),
            (candidate) => candidate.event === 'job' && timeOf(lookup(parse(candidate.data), 'started_at')) !== undefined,
            10_000,
          );
          const data = parse(event.data);
          const created = timeOf(lookup(data, 'created_at'));
          const started = timeOf(lookup(data, 'started_at'));
          if (created === undefined || started === undefined) throw new Error(`job event without timestamps: ${event.data}`);
          latencies.push(started - created);
        }
        const value = median(latencies);
        notes.push(
          `${name}: ${runs} jobs, ${IDLE_PAUSE_MS} ms apart; fastest ${formatNumber(Math.min(...latencies), 1)} ms, ` +
            `slowest ${formatNumber(Math.max(...latencies), 1)} ms.`,
        );
        return [
          { label: `${name}: ping round trip (median)`, value: baseline, unit: 'ms', isBaseline: true },
          {
            label: `${name}: admission to start (median)`,
            value,
            unit: 'ms',
            baseline,
            baselineLabel: 'ping median',
            ratio: value / baseline,
            target: { text: `≤ ${TARGET_MS} ms`, met: value <= TARGET_MS },
          },
        ];
      }),
    );
    return { rows, notes };
  },
};

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}
