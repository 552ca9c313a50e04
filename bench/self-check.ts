// Checks the harness itself without the Tollgate server: the load generator against a tiny local
// node:http server, the SSE parser, the chart and report renderers, and the job cloner against a
// jobs-like table on both databases. Run with `npx tsx bench/self-check.ts`; it is not part of
// `npm test` (bench/ is never run by the test suite).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { renderChart } from './chart.js';
import { cloneJobs } from './clone-jobs.js';
import { createDatabase, dropAllDatabases, postgresReachable, withPgClient, withSqlite, type Dialect } from './database.js';
import { rateOf, runCalls, runLoad } from './load.js';
import type { Machine } from './machine.js';
import { rawUpdateRate } from './raw-writes.js';
import { renderMarkdown } from './report.js';
import { rssOf } from './server.js';
import { EventParser } from './sse.js';
import { percentile, sleep } from './stats.js';

const checks: [string, () => Promise<void> | void][] = [];
const check = (name: string, run: () => Promise<void> | void): void => {
  checks.push([name, run]);
};

const workDir = join(dirname(fileURLToPath(import.meta.url)), '../.bench');
const pgAdminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function withTinyServer<T>(use: (url: string, seen: { sockets: Set<unknown>; bodies: Set<string> }) => Promise<T>): Promise<T> {
  const seen = { sockets: new Set<unknown>(), bodies: new Set<string>() };
  const server = http.createServer((request, response) => {
    seen.sockets.add(request.socket);
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (body) seen.bodies.add(body);
      const delay = request.url === '/slow' ? 5 : 0;
      setTimeout(() => {
        response.statusCode = request.url === '/teapot' ? 418 : 201;
        response.end('{"ok":true}');
      }, delay);
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

check('percentile is nearest-rank', () => {
  const values = Array.from({ length: 100 }, (_, index) => index + 1);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile(values, 100), 100);
  assert.ok(Number.isNaN(percentile([], 50)));
});

check('runLoad keeps at most `connections` sockets, sends unique bodies, records only the measured window', async () => {
  await withTinyServer(async (url, seen) => {
    const result = await runLoad({
      url: `${url}/jobs`,
      method: 'POST',
      headers: (sequence) => ({ 'idempotency-key': `k-${sequence}` }),
      body: (sequence) => JSON.stringify({ sequence }),
      connections: 8,
      durationMs: 800,
      warmupMs: 200,
    });
    assert.ok(result.requests > 100, `only ${result.requests} requests`);
    assert.deepEqual(Object.keys(result.statusCounts), ['201']);
    assert.ok(seen.sockets.size <= 8, `${seen.sockets.size} sockets for 8 connections`);
    assert.ok(seen.bodies.size > result.requests, 'every request (warmup included) had its own body');
    assert.ok(result.p50 <= result.p90 && result.p90 <= result.p99 && result.p99 <= result.max);
    assert.ok(Math.abs(result.rps - (result.requests / result.durationMs) * 1000) < 1e-6);
    assert.ok(result.durationMs <= 800 + 1 && result.durationMs > 700, `window ${result.durationMs} ms`);
  });
});

check('runLoad measures latency and counts non-2xx statuses', async () => {
  await withTinyServer(async (url) => {
    const slow = await runLoad({ url: `${url}/slow`, connections: 4, durationMs: 400 });
    assert.ok(slow.p50 >= 4.5, `p50 ${slow.p50} ms for a 5 ms handler`);
    const teapot = await runLoad({ url: `${url}/teapot`, connections: 2, durationMs: 200 });
    assert.ok((teapot.statusCounts['418'] ?? 0) > 0);
  });
});

check('runLoad stops at maxRequests', async () => {
  await withTinyServer(async (url) => {
    const result = await runLoad({ url, connections: 4, durationMs: 5000, maxRequests: 100 });
    assert.ok(result.requests <= 100);
  });
});

check('runLoad counts refused connections as errors', async () => {
  const result = await runLoad({ url: 'http://127.0.0.1:9/', connections: 2, durationMs: 200, maxRequests: 50 });
  assert.ok((result.statusCounts.error ?? 0) > 0);
});

check('runLoad refuses targets off the loopback interface', async () => {
  for (const url of ['http://10.0.0.1/', 'http://example.com/', 'http://192.168.1.1:8080/']) {
    await assert.rejects(runLoad({ url, durationMs: 100 }), /loopback targets only/);
  }
});

check('runCalls drives an in-process call with the same loop: ok and error outcomes, at most `connections` in flight', async () => {
  let inFlight = 0;
  let most = 0;
  const result = await runCalls({ connections: 6, durationMs: 300 }, async (sequence) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await sleep(2);
    inFlight -= 1;
    if (sequence % 10 === 0) throw new Error('refused');
  });
  assert.ok(most <= 6, `${most} calls in flight for 6 connections`);
  assert.ok((result.statusCounts.ok ?? 0) > 0 && (result.statusCounts.error ?? 0) > 0);
  assert.ok(rateOf(result, 'ok') > 0);
});

check('an open-loop rate issues operations at that rate and counts latency from when each was due', async () => {
  const steady = await runCalls({ connections: 4, durationMs: 1000, rate: 200 }, () => sleep(1));
  assert.ok(Math.abs(steady.rps - 200) < 20, `${steady.rps} ops/s at a rate of 200`);
  assert.equal(steady.offeredRate, 200);
  // Two connections of a 20 ms operation serve 100/s: at 200/s the backlog grows, and so does latency.
  const behind = await runCalls({ connections: 2, durationMs: 1000, rate: 200 }, () => sleep(20));
  assert.ok(behind.p99 > 200, `p99 ${behind.p99} ms while falling behind`);
});

check('rssOf reads this process', () => {
  const rss = rssOf(process.pid);
  assert.ok(rss !== undefined && rss > 10 * 1024 * 1024);
  assert.equal(rssOf(2 ** 22 + 12345), undefined);
});

check('EventParser handles split chunks, comments and multi-line data', () => {
  const parser = new EventParser();
  assert.deepEqual(parser.push(': hello\n\nevent: job\nda'), []);
  assert.deepEqual(parser.push('ta: {"a":1}\r\n\r\ndata: x\ndata: y\n\n'), [
    { event: 'job', data: '{"a":1}' },
    { event: 'message', data: 'x\ny' },
  ]);
});

const machine: Machine = { cpu: 'Test CPU', cores: 2, ramGiB: 24, node: 'v20', postgres: 'PostgreSQL 15', sqlite: '3', commit: 'abc' };

check('the chart and the report render rows, baselines, targets and skips', () => {
  const rows = [
    { label: 'SQLite: ceiling', value: 5000, unit: 'req/s', isBaseline: true },
    {
      label: 'SQLite: admissions',
      value: 3200,
      unit: 'jobs/s',
      baseline: 5000,
      baselineLabel: 'bare Hono',
      ratio: 0.64,
      p99: 12,
      peer: { label: 'BullMQ behind Hono', value: 4000, unit: 'jobs/s', ratio: 0.8 },
      summary: true,
      target: { text: '≥ 0.5×', met: true, ratio: 0.5, by: '0.64× of ≥ 0.50×: over by 28 %' },
    },
  ];
  const svg = renderChart('Admission <throughput>', rows, 'n/a');
  assert.match(svg, /^<svg [^>]+>/);
  assert.match(svg, /Admission &lt;throughput&gt;/);
  assert.equal((svg.match(/<rect /g) ?? []).length, 3);
  assert.match(renderChart('Empty', [], 'skipped: GET /v1/ping answers 404'), /skipped: GET \/v1\/ping answers 404/);
  const markdown = renderMarkdown('<!-- intro -->\nhand-written\n<!-- /intro -->', [
    { id: 'admission', title: 'Admission', description: 'd', measuredAt: 'now', quick: false, machine, rows, notes: ['n1'] },
    { id: 'rss', title: 'RSS', description: 'd', measuredAt: 'now', quick: true, machine, rows: [], notes: ['skipped: x'] },
  ], machine, 'today');
  assert.match(markdown, /<!-- intro -->\nhand-written\n<!-- \/intro -->/);
  assert.match(markdown, /\| \[admission\]\(#admission-admission\) \| SQLite: admissions \| 3,200 jobs\/s \| 5,000 jobs\/s \(bare Hono\) \| 0\.64× \| 0\.80× of 4,000 jobs\/s \| 12\.0 ms \| ✅ ≥ 0\.5× \|/);
  // The summary: both ratios, the target, met, and by how much.
  assert.match(markdown, /\| \[SQLite: admissions\]\(#admission-admission\) \| 3,200 jobs\/s \| 0\.64× \| 0\.80× \(BullMQ behind Hono, 4,000 jobs\/s\) \| ≥ 0\.5× \| ✅ \| 0\.64× of ≥ 0\.50×: over by 28 % \|/);
  assert.match(markdown, /## How to run/);
  assert.match(markdown, /!\[RSS\]\(bench\/charts\/rss\.svg\)/);
  assert.match(markdown, /\*\*quick\*\*/);
});

const JOBS_DDL = `
CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'completed')),
  subject TEXT,
  input TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX jobs_active_subject ON jobs (tenant_id, type, subject) WHERE subject IS NOT NULL AND status = 'pending';
CREATE INDEX jobs_tenant_created ON jobs (tenant_id, created_at DESC, id DESC);
INSERT INTO tenants VALUES ('ten_1', 'one');
INSERT INTO jobs VALUES ('job_AbCdEfGhIjKlMnOp', 'ten_1', 'echo', 'pending', NULL, '{}', 1700000000000, 1700000000000);`;

for (const dialect of ['sqlite', 'postgres'] as Dialect[]) {
  check(`cloneJobs and rawUpdateRate on ${dialect}`, async () => {
    if (dialect === 'postgres' && !(await postgresReachable(pgAdminUrl))) return;
    const database = await createDatabase(dialect, { runId: 'selfcheck', pgAdminUrl, workDir }, 'clone');
    try {
      if (dialect === 'postgres') await withPgClient(database.location, (client) => client.query(JOBS_DDL));
      else withSqlite(database.location, (db) => db.exec(JOBS_DDL));
      const total = await cloneJobs(database, 2000, () => {});
      assert.equal(total, 2001);
      const query = 'SELECT count(DISTINCT id) AS ids, min(created_at) AS oldest, count(DISTINCT type) AS types, min(length(id)) AS shortest, max(length(id)) AS longest FROM jobs';
      const stats =
        dialect === 'postgres'
          ? (await withPgClient(database.location, (client) => client.query(query))).rows[0]
          : withSqlite(database.location, (db) => db.prepare(query).get());
      const { ids, oldest, types, shortest, longest } = stats as Record<string, string | number>;
      assert.equal(Number(ids), 2001);
      assert.equal(Number(oldest), 1700000000000 - 2000);
      assert.equal(Number(types), 1);
      assert.equal(Number(shortest), 20);
      assert.equal(Number(longest), 20);
      const newest = 'SELECT id, created_at FROM jobs ORDER BY created_at DESC LIMIT 2 OFFSET 1';
      const clone =
        dialect === 'postgres'
          ? (await withPgClient(database.location, (client) => client.query(newest))).rows[0]
          : withSqlite(database.location, (db) => db.prepare(newest).get());
      assert.deepEqual({ ...(clone as object) }, { id: 'job_AbCdEfGhI0000001', created_at: dialect === 'postgres' ? '1699999999999' : 1699999999999 });
      const rate = await rawUpdateRate(database, 2000);
      assert.ok(rate > 0 && Number.isFinite(rate));
    } finally {
      await database.drop();
    }
  });
}

let passed = 0;
let failed = 0;
for (const [name, run] of checks) {
  try {
    await run();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n${(error as Error).stack}`);
  }
}
await dropAllDatabases();
rmSync(join(workDir, 'selfcheck'), { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
