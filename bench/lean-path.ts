// `npx tsx bench/lean-path.ts [--seconds 5] [--rounds 3] [--only ping,healthz] [--profile dir] [--before dir]`: the
// request path against the HTTP ceiling, with one load generator (load.ts, 50 connections): a bare
// Hono server parsing JSON, then Tollgate's GET /healthz, authenticated POST /v1/ping and POST /v1/jobs
// (echo, one item, SQLite). The servers run side by side and each target is measured right after the
// bare server, round after round, so that a noisy neighbour on this shared machine hits both alike;
// each figure is the median over the rounds, and its ratio the median of its ratios to the bare run
// just before it.
// With --profile, Tollgate runs under `node --cpu-prof` and writes its profile there when it stops.
// With --before, a second Tollgate built in that directory (another checkout, `tsc -p
// tsconfig.build.json` run there) serves the same targets beside it, measured in the same turns.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { createTenant, ECHO_ONE_ITEM, expect } from './api.js';
import { createDatabase, dropAllDatabases } from './database.js';
import { describeStatuses, rateOf, runLoad, type LoadResult } from './load.js';
import { ADMIN_KEY, cliCommand, stopAllChildren } from './server.js';
import { median, sleep } from './stats.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    profile: { type: 'string' },
    only: { type: 'string' },
    before: { type: 'string' },
  },
});
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const load = { connections: 50, durationMs: Number(values.seconds) * 1000, warmupMs: 1000 };
const only = values.only?.split(',');

interface Child {
  url: string;
  stop(): Promise<void>;
}

async function launch(args: string[], env: Record<string, string>, ready: string): Promise<Child> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited before it was ready`);
    if (await fetch(`${url}${ready}`).then((r) => (r.body?.cancel(), r.status < 500), () => false)) break;
    if (i > 600) throw new Error(`${args.join(' ')} was not ready within a minute`);
    await sleep(100);
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { url, stop: () => (child.kill('SIGTERM'), exited) };
}

/** A bare Hono app on @hono/node-server: `app.post('/x', async c => c.json(await c.req.json(), 201))`. */
const bareHono = () => launch([join(repoRoot, 'bench/bare-hono.mjs')], {}, '/');

/** `tollgate serve` as bench/server.ts starts it, with node's own flags in front (NODE_OPTIONS may not carry --cpu-prof). */
const tollgate = (root: string, databaseUrl: string, nodeFlags: string[]) =>
  launch(
    [...nodeFlags, ...cliCommand(root), 'serve'],
    { DATABASE_URL: databaseUrl, TOLLGATE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', DEMO_SEED: 'false', HOST: '127.0.0.1', WORKERS: '0' },
    '/readyz',
  );

async function main() {
  const body = JSON.stringify({ ping: true });
  const bare = await bareHono();
  const settings = { runId: `lean${Date.now()}`, pgAdminUrl: '', workDir: join(repoRoot, '.bench') };
  const servers: Child[] = [];
  const roots = [['', repoRoot], ...(values.before ? [['before: ', resolve(values.before)]] : [])] as const;
  const targets: { label: string; status: number; run: () => Promise<LoadResult> }[] = [
    { label: 'bare Hono POST /x', status: 201, run: () => runLoad({ ...load, url: `${bare.url}/x`, method: 'POST', body }) },
  ];
  try {
    for (const [name, root] of roots) {
      const database = await createDatabase('sqlite', settings, `lean${servers.length}`);
      const server = await tollgate(root, database.url, values.profile && !name ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values.profile)}`] : []);
      const tenant = await createTenant(server.url, 'lean');
      servers.push(server);
      const auth = { authorization: `Bearer ${tenant.key}` };
      await expect(server.url, 'POST', '/v1/ping', 200, { token: tenant.key, body: { ping: true } });
      targets.push(
        { label: `${name}GET /healthz`, status: 200, run: () => runLoad({ ...load, url: `${server.url}/healthz` }) },
        { label: `${name}POST /v1/ping`, status: 200, run: () => runLoad({ ...load, url: `${server.url}/v1/ping`, method: 'POST', headers: auth, body }) },
        {
          label: `${name}POST /v1/jobs (echo, SQLite)`,
          status: 201,
          run: () => runLoad({ ...load, url: `${server.url}/v1/jobs`, method: 'POST', headers: auth, body: JSON.stringify(ECHO_ONE_ITEM) }),
        },
      );
    }
    const [ceiling, ...rest] = targets;
    const measured = rest.filter((t) => !only || only.some((o) => t.label.includes(o)));
    const rps = new Map<string, number[]>([ceiling!, ...measured].map((t) => [t.label, []]));
    const ratios = new Map<string, number[]>(measured.map((t) => [t.label, []]));
    const measure = async (target: (typeof targets)[number], round: number) => {
      const result = await target.run();
      const value = rateOf(result, target.status);
      rps.get(target.label)!.push(value);
      console.error(`round ${round} ${target.label}: ${Math.round(value)} req/s (${describeStatuses(result)}), p99 ${result.p99.toFixed(1)} ms`);
      return value;
    };
    // Each target right after the ceiling, so that the two see the same neighbours.
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const target of measured) {
        const bareRps = await measure(ceiling!, round);
        ratios.get(target.label)!.push((await measure(target, round)) / bareRps);
      }
    }
    console.log('| what | req/s (median) | × bare Hono (median of rounds) | per round |\n| --- | ---: | ---: | --- |');
    console.log(`| ${ceiling!.label} | ${Math.round(median(rps.get(ceiling!.label)!))} | 1.00 | |`);
    for (const t of measured) {
      const r = ratios.get(t.label)!;
      console.log(`| ${t.label} | ${Math.round(median(rps.get(t.label)!))} | ${median(r).toFixed(2)} | ${r.map((x) => x.toFixed(2)).join(' ')} |`);
    }
  } finally {
    await Promise.all([...servers.map((s) => s.stop()), bare.stop()]);
    await sleep(100);
    await dropAllDatabases();
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAllChildren();
    await dropAllDatabases();
  });
