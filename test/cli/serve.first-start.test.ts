import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/harness.js';
import { spawnTollgate, type ChildServer } from '../support/server.js';

/** The parts of the printed `curl … -H '…' -d '…'` line, to send the same request. */
function parseCurl(line: string): { url: string; headers: Record<string, string>; body: string } {
  const url = /\s(https?:\/\/\S+)/.exec(line)?.[1];
  const headers = Object.fromEntries([...line.matchAll(/-H '([^:']+):\s*([^']*)'/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
  const body = /-d '([^']*)'/.exec(line)?.[1];
  if (!url || !body) throw new Error(`not a curl line: ${line}`);
  return { url, headers, body };
}

async function until(check: () => boolean, what: string, output: () => string) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not seen after 10 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// First start is about a single-file install: SQLite only.
describe('first start on an empty database without TOLLGATE_ADMIN_KEY (sqlite)', () => {
  const servers: ChildServer[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await drop?.();
  });

  it('prints an admin key, a tenant key and a working curl line once; a second start prints no keys, each how to get one', async () => {
    const database = await freshDatabase('sqlite');
    drop = database.drop;
    const env = { DATABASE_URL: database.url, TOLLGATE_ADMIN_KEY: '' };

    const first = await spawnTollgate('serve', env);
    servers.push(first);
    await until(() => /curl .*\n/.test(first.output()), 'the curl line', first.output);
    const printed = first.output();
    const adminKey = /admin key:\s+(tg_\S+)/.exec(printed)?.[1];
    const tenantKey = /tenant key:\s+(tg_\S+)/.exec(printed)?.[1];
    const curl = printed.split('\n').find((line) => line.trim().startsWith('curl '));
    expect(adminKey, printed).toMatch(/^tg_[0-9A-Za-z]{32}$/);
    expect(tenantKey, printed).toMatch(/^tg_[0-9A-Za-z]{32}$/);
    expect(curl).toContain(tenantKey);
    const hint = 'No TOLLGATE_ADMIN_KEY set. Create an admin key with: tollgate keys create --admin --name me\n';
    await until(() => first.output().includes(hint), 'the admin key hint', first.output);

    const request = parseCurl(curl!);
    expect(request.url).toBe(`${first.url}/v1/jobs`);
    const admitted = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
    expect(admitted.status).toBe(201);
    const { job } = await admitted.json();
    expect(job).toMatchObject({ type: 'echo', status: expect.any(String) });

    const tenants = await (await fetch(`${first.url}/v1/tenants`, { headers: { authorization: `Bearer ${adminKey}` } })).json();
    expect(tenants.data.map((t: { id: string }) => t.id)).toEqual(['demo']);

    await first.stop();
    expect(first.output().match(/tenant key:/g)).toHaveLength(1);

    const second = await spawnTollgate('serve', env);
    servers.push(second);
    // The keys printed the first time still work; nothing new was created.
    const jobs = await (await fetch(`${second.url}/v1/jobs`, { headers: { authorization: `Bearer ${tenantKey}` } })).json();
    expect(jobs.data.map((j: { id: string }) => j.id)).toEqual([job.id]);
    const again = await (await fetch(`${second.url}/v1/tenants`, { headers: { authorization: `Bearer ${adminKey}` } })).json();
    expect(again.data).toHaveLength(1);
    await second.stop();
    expect(second.output()).not.toMatch(/tg_|key:|curl/);
    expect(second.output()).toContain(hint);
  });
});
