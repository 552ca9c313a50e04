// Listing stays flat as history grows: the first page of `GET /v1/jobs` for a tenant that owns a
// million jobs, loaded at 10 connections, against the ping route on the same server. All clones
// belong to one tenant, the worst case for a per-tenant listing index.
import { authHeaders, call, createTenant, ECHO_ONE_ITEM, expect, listOf } from '../api.js';
import { cloneJobs } from '../clone-jobs.js';
import {
  assertMostly,
  DIALECT_NAMES,
  formatNumber,
  loadPing,
  perDialect,
  withDatabase,
  withServerOutput,
  type Figure,
  type Row,
} from '../figure.js';
import { describeStatuses, rateOf, runLoad } from '../load.js';
import { startServer, type RunningServer } from '../server.js';

const CONNECTIONS = 10;
const PAGE = 50;

export const list1m: Figure = {
  id: 'list-1m',
  title: 'Listing with a million jobs',
  description:
    `\`GET /v1/jobs?limit=${PAGE}\` at ${CONNECTIONS} connections for a tenant owning 1,000,000 jobs (cloned in SQL from one ` +
    'admitted job while the server is stopped), against `POST /v1/ping` at the same concurrency on the same server.',
  async run(context) {
    const notes: string[] = [];
    const clones = context.quick ? 100_000 : 999_999;
    const rows = await perDialect(context, notes, (dialect) =>
      withDatabase(context, dialect, 'list_1m', async (database) => {
        const name = DIALECT_NAMES[dialect];
        const start = (): Promise<RunningServer> => startServer({ repoRoot: context.repoRoot, database, workers: 0 });

        let server = await start();
        let key: string;
        try {
          const tenant = await createTenant(server.url, 'bench list tenant');
          key = tenant.key;
          await expect(server.url, 'GET', `/v1/jobs?limit=${PAGE}`, 200, { token: key });
          await expect(server.url, 'POST', '/v1/jobs', 201, { token: key, body: ECHO_ONE_ITEM });
        } catch (error) {
          throw await withServerOutput(error, server);
        } finally {
          await server.stop();
        }

        context.log(`list-1m ${dialect}: cloning ${formatNumber(clones)} jobs`);
        const begun = performance.now();
        const total = await cloneJobs(database, clones, context.log);
        notes.push(`${name}: ${formatNumber(total)} jobs in the table, cloned in ${formatNumber((performance.now() - begun) / 1000, 1)} s.`);

        server = await start();
        try {
          const page = await call(server.url, 'GET', `/v1/jobs?limit=${PAGE}`, { headers: authHeaders(key) });
          const listed = listOf(page.body)?.length;
          if (page.status !== 200 || listed !== PAGE) {
            throw new Error(`GET /v1/jobs?limit=${PAGE} answered ${page.status} with ${listed ?? 'no list of'} jobs, expected ${PAGE}`);
          }
          context.log(`list-1m ${dialect}: ping, then list`);
          const ping = await loadPing(context, server, key, CONNECTIONS);
          assertMostly(ping, 200, `${name} POST /v1/ping`);
          const list = await runLoad({
            url: `${server.url}/v1/jobs?limit=${PAGE}`,
            headers: authHeaders(key),
            connections: CONNECTIONS,
            ...context.load,
          });
          assertMostly(list, 200, `${name} GET /v1/jobs`);
          notes.push(`${name} statuses: ping ${describeStatuses(ping)}; list ${describeStatuses(list)}.`);
          const pingRps = rateOf(ping, 200);
          const listRps = rateOf(list, 200);
          const result: Row[] = [
            { label: `${name}: ping`, value: pingRps, unit: 'req/s', p99: ping.p99, isBaseline: true },
            {
              label: `${name}: list, requests/s`,
              value: listRps,
              unit: 'req/s',
              baseline: pingRps,
              baselineLabel: 'ping',
              ratio: listRps / pingRps,
              p99: list.p99,
            },
            {
              label: `${name}: list, p99`,
              value: list.p99,
              unit: 'ms',
              baseline: ping.p99,
              baselineLabel: 'ping p99',
              ratio: list.p99 / ping.p99,
            },
          ];
          return result;
        } catch (error) {
          throw await withServerOutput(error, server);
        } finally {
          await server.stop();
        }
      }),
    );
    return { rows, notes };
  },
};
