// Memory under load: the server's peak resident set while admitting at full speed, against its
// own resident set at idle a moment before. A ratio near 1 means admission holds no per-request
// state beyond the request; growth that does not come back shows up run over run.
import { authHeaders, createTenant, ECHO_ONE_ITEM, expect } from '../api.js';
import { assertMostly, DIALECT_NAMES, formatNumber, perDialect, withServer, type Figure } from '../figure.js';
import { describeStatuses, rateOf, runLoad } from '../load.js';
import { RssSampler, rssOfTree } from '../server.js';
import { median, sleep } from '../stats.js';

const CONNECTIONS = 50;
const MB = 1024 * 1024;

export const rss: Figure = {
  id: 'rss',
  title: 'Server memory under admission load',
  description:
    `Peak RSS of the server process tree (esbuild excluded) sampled every 100 ms during the admission load ` +
    `(${CONNECTIONS} connections, one-item echo jobs, WORKERS=0), against its idle RSS after setup.`,
  async run(context) {
    const notes: string[] = [];
    const rows = await perDialect(context, notes, (dialect) =>
      withServer(context, dialect, 'rss', { workers: 0 }, async (server) => {
        const name = DIALECT_NAMES[dialect];
        const tenant = await createTenant(server.url, 'bench rss tenant');
        await expect(server.url, 'POST', '/v1/jobs', 201, { token: tenant.key, body: ECHO_ONE_ITEM });
        await sleep(1000);
        const idleSamples: number[] = [];
        for (let index = 0; index < 10; index++) {
          idleSamples.push(rssOfTree(server.pid));
          await sleep(100);
        }
        const idle = median(idleSamples);

        context.log(`rss ${dialect}: admission load`);
        const sampler = new RssSampler(server.pid);
        const body = JSON.stringify(ECHO_ONE_ITEM);
        const load = await runLoad({
          url: `${server.url}/v1/jobs`,
          method: 'POST',
          headers: authHeaders(tenant.key),
          body,
          connections: CONNECTIONS,
          ...context.load,
          onSample: sampler.sample,
          sampleEveryMs: 100,
        });
        assertMostly(load, 201, `${name} POST /v1/jobs`);
        notes.push(
          `${name}: ${sampler.samples} samples during ${formatNumber(rateOf(load, 201))} admissions/s; statuses ${describeStatuses(load)}.`,
        );
        return [
          { label: `${name}: idle`, value: idle / MB, unit: 'MiB', isBaseline: true },
          {
            label: `${name}: peak under load`,
            value: sampler.peak / MB,
            unit: 'MiB',
            baseline: idle / MB,
            baselineLabel: 'idle',
            ratio: sampler.peak / idle,
          },
        ];
      }),
    );
    return { rows, notes };
  },
};
