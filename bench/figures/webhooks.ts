// Webhooks (issue 14): deliveries per second to a loopback receiver, and what webhooks cost admission.
// Deliveries: 8 endpoints of 8 tenants on one server, 250 test events each sent as fast as the API
// takes them (POST /v1/webhook-endpoints/{id}/test, 8 at a time); the figure is 2,000 deliveries over
// the span from the first request to the last delivery received, so event creation is inside it.
// Admission: one-item echo jobs at 50 connections over 100 tenants without an endpoint, then over
// 100 tenants each with an endpoint subscribed to every event (the outbox then writes usage
// thresholds in the admission's transaction), then without again (baseline: the mean of the two).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authHeaders, createTenants, ECHO_ONE_ITEM, expect, field, mapConcurrent, type BenchTenant } from '../api.js';
import type { Dialect } from '../database.js';
import { DIALECT_NAMES, formatNumber, perDialect, withServer, type BenchContext, type Figure, type Row } from '../figure.js';
import { describeStatuses, rateOf, runLoad } from '../load.js';
import type { RunningServer } from '../server.js';

const ENDPOINTS = 8;
const EVENTS = 2000;
const TENANTS = 100;
const CONNECTIONS = 50;
const TARGET_RATIO = 0.9;
const ALL_EVENTS = ['job.completed', 'job.partially_completed', 'job.failed', 'job.cancelled', 'usage.threshold'];
const ENV = { WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_MS: '50' };

export const webhooks: Figure = {
  id: 'webhooks',
  title: 'Webhooks: deliveries, and admission with endpoints configured',
  description:
    `Deliveries/s of ${EVENTS.toLocaleString('en-US')} events to ${ENDPOINTS} endpoints on a loopback receiver (the span from the first ` +
    `test event requested to the last delivery received); admissions/s of one-item echo jobs at ${CONNECTIONS} connections over ` +
    `${TENANTS} tenants that each have an endpoint subscribed to every event, as a ratio to ${TENANTS} tenants without one ` +
    `(the mean of a phase before and after), in the same run.`,
  async run(context) {
    const notes: string[] = [];
    const rows = await perDialect(context, notes, (dialect) => measure(context, dialect, notes));
    return { rows, notes };
  },
};

async function measure(context: BenchContext, dialect: Dialect, notes: string[]): Promise<Row[]> {
  const name = DIALECT_NAMES[dialect];
  const receiver = await startReceiver();
  try {
    return await withServer(context, dialect, 'webhooks', { workers: 0, env: ENV }, async (server) => {
      const deliveries = await deliver(server, receiver, notes, name);
      const admission = await admit(context, server, receiver.url, notes, name);
      return [
        { label: `${name}: deliveries to a loopback receiver`, value: deliveries, unit: 'deliveries/s' },
        { label: `${name}: admission, no endpoints`, value: admission.without, unit: 'jobs/s', isBaseline: true },
        {
          label: `${name}: admission, every tenant with an endpoint`,
          value: admission.with,
          unit: 'jobs/s',
          baseline: admission.without,
          baselineLabel: 'no endpoints',
          ratio: admission.with / admission.without,
          target: { text: `≥ ${TARGET_RATIO}× without`, met: admission.with / admission.without >= TARGET_RATIO, ratio: TARGET_RATIO },
        },
      ];
    });
  } finally {
    await receiver.close();
  }
}

async function endpointFor(server: RunningServer, tenant: BenchTenant, url: string): Promise<string> {
  return field((await expect(server.url, 'POST', '/v1/webhook-endpoints', 201, { token: tenant.key, body: { url, events: ALL_EVENTS } })).body, 'id');
}

async function deliver(server: RunningServer, receiver: Receiver, notes: string[], name: string): Promise<number> {
  const tenants = await createTenants(server.url, ENDPOINTS);
  const endpoints = await Promise.all(tenants.map(async (tenant) => ({ tenant, id: await endpointFor(server, tenant, receiver.url) })));
  receiver.reset();
  const began = performance.now();
  const sends = endpoints.flatMap((e) => Array.from({ length: EVENTS / ENDPOINTS }, () => e));
  await mapConcurrent(sends, ENDPOINTS, (e) => expect(server.url, 'POST', `/v1/webhook-endpoints/${e.id}/test`, 202, { token: e.tenant.key }));
  const created = performance.now();
  await receiver.waitFor(EVENTS, 5 * 60_000);
  const spanMs = receiver.lastAt() - began;
  notes.push(
    `${name}: ${EVENTS} test events requested in ${formatNumber(created - began)} ms; the last of ${receiver.count()} deliveries ` +
      `(${receiver.distinctIds()} distinct webhook-ids) arrived ${formatNumber(spanMs)} ms after the first request.`,
  );
  return (EVENTS / spanMs) * 1000;
}

async function admit(context: BenchContext, server: RunningServer, url: string, notes: string[], name: string) {
  const plain = await createTenants(server.url, TENANTS);
  const hooked = await createTenants(server.url, TENANTS);
  await mapConcurrent(hooked, 8, (tenant) => endpointFor(server, tenant, url));
  const phase = async (tenants: BenchTenant[], label: string) => {
    const headers = tenants.map((tenant) => authHeaders(tenant.key));
    const result = await runLoad({
      url: `${server.url}/v1/jobs`,
      method: 'POST',
      headers: (sequence) => headers[sequence % headers.length] as Record<string, string>,
      body: JSON.stringify(ECHO_ONE_ITEM),
      connections: CONNECTIONS,
      ...context.load,
    });
    notes.push(`${name}, admission ${label}: ${describeStatuses(result)}, p99 ${formatNumber(result.p99)} ms.`);
    return rateOf(result, 201);
  };
  const before = await phase(plain, 'without endpoints');
  const withHooks = await phase(hooked, 'with an endpoint per tenant');
  const after = await phase(plain, 'without endpoints, again');
  return { without: (before + after) / 2, with: withHooks };
}

interface Receiver {
  url: string;
  reset(): void;
  count(): number;
  distinctIds(): number;
  lastAt(): number;
  waitFor(n: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A loopback receiver that answers 204 at once and counts what it got (signatures are the tests' business). */
async function startReceiver(): Promise<Receiver> {
  let ids = new Set<string>();
  let received = 0;
  let last = 0;
  const server: Server = createServer((req, res) => {
    req.resume().on('end', () => {
      received++;
      ids.add(String(req.headers['webhook-id']));
      last = performance.now();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    reset: () => {
      ids = new Set();
      received = 0;
    },
    count: () => received,
    distinctIds: () => ids.size,
    lastAt: () => last,
    async waitFor(n, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (ids.size < n) {
        if (Date.now() > deadline) throw new Error(`only ${ids.size} of ${n} webhooks arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
