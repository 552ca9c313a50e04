import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, freshDatabase } from '../support/harness.js';
import { runTollgate, spawnTollgate, type ChildServer } from '../support/server.js';
import { until } from '../support/until.js';

const STACK = /^\s+at /m;

// The lock is about a SQLite file; PostgreSQL serves any number of processes.
describe('tollgate serve on a SQLite file (sqlite)', () => {
  const children: ChildServer[] = [];
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop('SIGKILL')));
    await Promise.all(drops.map((drop) => drop()));
  });
  const database = async () => {
    const db = await freshDatabase('sqlite');
    drops.push(db.drop);
    return { url: db.url, lock: `${db.url.replace(/^file:/, '')}.lock` };
  };

  it('refuses a second serve naming the first one, lets workers share the file, and takes over the lock after a SIGKILL', async () => {
    const db = await database();
    const env = { DATABASE_URL: db.url };
    const first = await spawnTollgate('serve', env);
    children.push(first);
    const pid = first.process.pid!;
    expect(JSON.parse(readFileSync(db.lock, 'utf8'))).toMatchObject({ pid, since: expect.any(String) });

    const worker = await spawnTollgate('worker', { ...env, LOG_LEVEL: 'info' });
    children.push(worker);
    const second = await runTollgate(['serve'], { ...env, PORT: '0', TOLLGATE_ADMIN_KEY: ADMIN_KEY });
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(new RegExp(`^Another tollgate serve \\(pid ${pid}, running since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\) is using .*tollgate\\.db\\.\\n`));
    expect(second.stderr).toContain("run 'tollgate worker'");
    expect(second.stderr).not.toMatch(STACK);
    await until(async () => worker.output(), (out) => out.includes('tollgate worker running'), 30_000, 'the worker to start beside the server');
    expect(worker.process.exitCode).toBeNull();
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);

    // No shutdown code runs: the lock stays behind, naming a dead pid, and the next serve takes it.
    await first.stop('SIGKILL');
    expect(existsSync(db.lock)).toBe(true);
    const next = await spawnTollgate('serve', env);
    children.push(next);
    expect(JSON.parse(readFileSync(db.lock, 'utf8'))).toMatchObject({ pid: next.process.pid });
    // A clean stop removes it.
    expect(await next.stop()).toBe(0);
    expect(existsSync(db.lock)).toBe(false);
  });

  it('explains a busy port in one line, exit 1, and leaves no lock behind', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const db = await database();
      const result = await runTollgate(['serve'], { DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', TOLLGATE_ADMIN_KEY: ADMIN_KEY });
      expect(result).toMatchObject({ code: 1, stdout: '', stderr: `Port ${port} on 127.0.0.1 is already in use (another tollgate?). Set PORT to another port.\n` });
      expect(existsSync(db.lock)).toBe(false);
    } finally {
      blocker.close();
    }
  });
});
