// The edge (issue 17): admissions/s against `npm run edge:dev` (the Worker in workerd with a local D1)
// as a ratio to `tollgate serve` on SQLite, with the same load (one-item echo jobs, 50 connections,
// 100 tenants), in the same run. workerd on this machine is not Cloudflare's edge and its local D1 is
// SQLite behind workerd's own I/O: the figure guards against regressions, it predicts nothing there.
import { authHeaders, createTenants, ECHO_ONE_ITEM, type BenchTenant } from '../api.js';
import { formatNumber, withServer, type BenchContext, type Figure } from '../figure.js';
import { describeStatuses, rateOf, runLoad } from '../load.js';
import { startEdge, type RunningServer } from '../server.js';
import { Unavailable } from '../unavailable.js';

const TENANTS = 100;
const CONNECTIONS = 50;

export const edge: Figure = {
  id: 'edge',
  title: 'The edge: admission on workerd with D1',
  description:
    `Admissions/s of one-item echo jobs at ${CONNECTIONS} connections over ${TENANTS} tenants against \`npm run edge:dev\` ` +
    '(workerd, local D1), as a ratio to `tollgate serve` on SQLite measured the same way in the same run. A regression guard: ' +
    "workerd on this machine is not Cloudflare's edge.",
  async run(context) {
    const notes: string[] = [];
    if (!context.dialects.includes('sqlite')) throw new Unavailable('the edge figure compares with SQLite, which this run leaves out');
    const node = await withServer(context, 'sqlite', 'edge_node', { workers: 0 }, (server) => admit(context, server, 'Node, SQLite', notes));
    const server = await startEdge(context.repoRoot);
    let onEdge: number;
    try {
      onEdge = await admit(context, server, 'workerd, D1', notes);
    } finally {
      await server.stop();
    }
    return {
      rows: [
        { label: 'tollgate serve, SQLite', value: node, unit: 'jobs/s', isBaseline: true },
        { label: 'npm run edge:dev, workerd with D1', value: onEdge, unit: 'jobs/s', baseline: node, baselineLabel: 'tollgate serve, SQLite', ratio: onEdge / node },
      ],
      notes,
    };
  },
};

async function admit(context: BenchContext, server: RunningServer, name: string, notes: string[]): Promise<number> {
  const tenants: BenchTenant[] = await createTenants(server.url, TENANTS);
  const headers = tenants.map((tenant) => authHeaders(tenant.key));
  const result = await runLoad({
    url: `${server.url}/v1/jobs`,
    method: 'POST',
    headers: (sequence) => headers[sequence % headers.length] as Record<string, string>,
    body: JSON.stringify(ECHO_ONE_ITEM),
    connections: CONNECTIONS,
    ...context.load,
  });
  notes.push(`${name}: ${describeStatuses(result)}, p99 ${formatNumber(result.p99)} ms.`);
  return rateOf(result, 201);
}
