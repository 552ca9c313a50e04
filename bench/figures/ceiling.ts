// How much of the HTTP ceiling Tollgate's request path leaves before any database work. The ceiling
// is a bare Hono POST route that parses JSON (bench/peers/bare.ts), measured before and after
// Tollgate's own phases; `GET /healthz` is Tollgate's app with no auth and no body, and
// `POST /v1/ping` adds key verification and JSON parsing, still writing nothing.
import { createTenant } from '../api.js';
import { assertMostly, atLeast, formatNumber, loadPing, withServer, type Figure, type Row } from '../figure.js';
import { describeStatuses, rateOf, runLoad } from '../load.js';
import { measureBareHono } from '../peers/bare.js';

const CONNECTIONS = 50;
const PING_TARGET = 0.7;

export const ceiling: Figure = {
  id: 'ceiling',
  title: 'The HTTP ceiling and the request path',
  description:
    `Requests/s at ${CONNECTIONS} connections of a bare Hono server (\`@hono/node-server\`, one POST route that parses JSON and ` +
    'answers 201 JSON: the HTTP ceiling, measured before and after, baseline = mean), against Tollgate on SQLite (WORKERS=0): ' +
    '`GET /healthz` (the app, no auth) and authenticated `POST /v1/ping` (key lookup and JSON parsing, no write).',
  async run(context) {
    const notes: string[] = [];
    const before = await measureBareHono(context, CONNECTIONS, 'before');
    const tollgate = await withServer(context, 'sqlite', 'ceiling', { workers: 0 }, async (server) => {
      const tenant = await createTenant(server.url, 'bench ceiling tenant');
      context.log('ceiling: GET /healthz');
      const healthz = await runLoad({ url: `${server.url}/healthz`, connections: CONNECTIONS, ...context.load });
      assertMostly(healthz, 200, 'GET /healthz');
      context.log('ceiling: POST /v1/ping');
      const ping = await loadPing(context, server, tenant.key, CONNECTIONS);
      assertMostly(ping, 200, 'POST /v1/ping');
      return { healthz, ping };
    });
    const after = await measureBareHono(context, CONNECTIONS, 'after');
    const bare = (before.rps + after.rps) / 2;
    notes.push(`${before.note}; ${after.note}.`);
    notes.push(`Tollgate statuses: healthz ${describeStatuses(tollgate.healthz)}; ping ${describeStatuses(tollgate.ping)}.`);

    const healthzRps = rateOf(tollgate.healthz, 200);
    const pingRps = rateOf(tollgate.ping, 200);
    const versus = (value: number) => ({ baseline: bare, baselineLabel: 'bare Hono', baselineUnit: 'req/s', ratio: value / bare });
    const rows: Row[] = [
      { label: 'bare Hono POST (the HTTP ceiling)', value: bare, unit: 'req/s', p99: (before.result.p99 + after.result.p99) / 2, isBaseline: true },
      { label: 'Tollgate GET /healthz', value: healthzRps, unit: 'req/s', p99: tollgate.healthz.p99, ...versus(healthzRps), summary: true },
      {
        label: 'Tollgate authenticated POST /v1/ping',
        value: pingRps,
        unit: 'req/s',
        p99: tollgate.ping.p99,
        ...versus(pingRps),
        summary: true,
        target: {
          text: `≥ ${PING_TARGET}× bare Hono`,
          met: pingRps / bare >= PING_TARGET,
          ratio: PING_TARGET,
          by: atLeast(pingRps / bare, PING_TARGET),
        },
      },
    ];
    notes.push(`Bare Hono spread between before and after: ${formatNumber((Math.abs(before.rps - after.rps) / bare) * 100)} % of the mean.`);
    return { rows, notes };
  },
};
