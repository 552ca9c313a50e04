// Admissions per second against the ceiling of the same server in the same minute: `POST /v1/ping`
// goes through the same HTTP stack, auth and JSON parsing but writes nothing, so the ratio is the
// share of the request budget that admission's transaction (charge + job + items + ledger) leaves.
import { authHeaders, createTenant, createTenants, ECHO_ONE_ITEM, expect, type BenchTenant } from '../api.js';
import {
  assertMostly,
  DIALECT_NAMES,
  formatNumber,
  loadPing,
  perDialect,
  withServer,
  type BenchContext,
  type Figure,
  type Row,
} from '../figure.js';
import { describeStatuses, rateOf, runLoad, type LoadResult } from '../load.js';
import type { RunningServer } from '../server.js';

const CONNECTIONS = 50;
const P99_TARGET_MS = 25;
const TARGET_SHARE: Record<string, number> = { sqlite: 0.6, 'postgres:spread': 0.35, 'postgres:hot': 0.25 };
const JOB_BODY = JSON.stringify(ECHO_ONE_ITEM);

export const admission: Figure = {
  id: 'admission',
  title: 'Admission throughput',
  description:
    `Admissions/s of \`POST /v1/jobs\` (echo, one item), ${CONNECTIONS} connections, ` +
    'as a share of the ceiling: `POST /v1/ping` on the same server in the same run. Server started with WORKERS=0, so ' +
    'nothing drains the queue while admitting. The targets apply to plain admission; one more row per database ' +
    'shows the idempotent path (a unique Idempotency-Key per request: one more statement to take the key).',
  async run(context) {
    const notes: string[] = [];
    const rows = await perDialect(context, notes, (dialect) =>
      withServer(context, dialect, 'admission', { workers: 0 }, async (server) => {
        const name = DIALECT_NAMES[dialect];
        const hot = await createTenant(server.url, 'bench hot tenant');
        await expect(server.url, 'POST', '/v1/jobs', 201, { token: hot.key, body: ECHO_ONE_ITEM });

        context.log(`admission ${dialect}: ceiling`);
        const ceiling = await loadPing(context, server, hot.key, CONNECTIONS);
        assertMostly(ceiling, 200, `${name} POST /v1/ping`);
        notes.push(`${name} ceiling statuses: ${describeStatuses(ceiling)}.`);
        const ceilingRps = rateOf(ceiling, 200);
        const result: Row[] = [
          { label: `${name}: ceiling (POST /v1/ping)`, value: ceilingRps, unit: 'req/s', p99: ceiling.p99, isBaseline: true },
        ];

        const phases: { key: string; label: string; tenants: () => Promise<BenchTenant[]> }[] =
          dialect === 'sqlite'
            ? [{ key: 'sqlite', label: 'one tenant', tenants: async () => [hot] }]
            : [
                {
                  key: 'postgres:spread',
                  label: `${formatNumber(context.quick ? 100 : 1000)} tenants`,
                  tenants: () => createTenants(server.url, context.quick ? 100 : 1000),
                },
                { key: 'postgres:hot', label: 'one hot tenant', tenants: async () => [hot] },
              ];
        for (const phase of phases) {
          context.log(`admission ${dialect}: ${phase.label}`);
          const tenants = await phase.tenants();
          const load = await admit(context, server, tenants, `${dialect}-${phase.key}`, false);
          assertMostly(load, 201, `${name} POST /v1/jobs (${phase.label})`);
          notes.push(`${name}, ${phase.label}: statuses ${describeStatuses(load)}.`);
          const rps = rateOf(load, 201);
          const share = TARGET_SHARE[phase.key] ?? 0;
          const ratio = rps / ceilingRps;
          result.push({
            label: `${name}: admissions, ${phase.label}`,
            value: rps,
            unit: 'jobs/s',
            baseline: ceilingRps,
            baselineLabel: 'ceiling',
            baselineUnit: 'req/s',
            ratio,
            p99: load.p99,
            target: {
              text: `≥ ${Math.round(share * 100)} % of ceiling, p99 ≤ ${P99_TARGET_MS} ms`,
              met: ratio >= share && load.p99 <= P99_TARGET_MS,
              ratio: share,
            },
          });
        }
        context.log(`admission ${dialect}: with Idempotency-Key`);
        const keyed = await admit(context, server, [hot], `${dialect}-keyed`, true);
        assertMostly(keyed, 201, `${name} POST /v1/jobs with Idempotency-Key`);
        result.push({
          label: `${name}: admissions with Idempotency-Key, one tenant`,
          value: rateOf(keyed, 201),
          unit: 'jobs/s',
          baseline: ceilingRps,
          baselineLabel: 'ceiling',
          baselineUnit: 'req/s',
          ratio: rateOf(keyed, 201) / ceilingRps,
          p99: keyed.p99,
        });
        return result;
      }),
    );
    return { rows, notes };
  },
};

function admit(context: BenchContext, server: RunningServer, tenants: BenchTenant[], tag: string, withKeys: boolean): Promise<LoadResult> {
  const headers = tenants.map((tenant) => authHeaders(tenant.key));
  return runLoad({
    url: `${server.url}/v1/jobs`,
    method: 'POST',
    headers: (sequence) => ({
      ...(headers[sequence % headers.length] as Record<string, string>),
      ...(withKeys ? { 'idempotency-key': `bench-${context.runId}-${tag}-${sequence}` } : {}),
    }),
    body: JOB_BODY,
    connections: CONNECTIONS,
    ...context.load,
  });
}
