import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coreMigrations } from '../../src/store/migrations/index.js';
import { runTollgate } from '../support/server.js';

const STACK = /^\s+at /m;

// Where the database lives and whether it can be reached: SQLite paths, and a PostgreSQL that is
// not there (nothing listens on port 1), so no dialect loop.
describe('tollgate and its database', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-cli-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates ./data for the default DATABASE_URL and says which migrations it applied, then that it is up to date', async () => {
    const cwd = tempDir();
    const first = await runTollgate(['migrate'], {}, { cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Applied 0001_core, 0002_leads, .* \(now \d+ migrations\)\.\n$/);
    expect(first.stdout).toContain(coreMigrations[0]!.name);
    expect(existsSync(join(cwd, 'data', 'tollgate.db'))).toBe(true);
    const total = Number(/now (\d+) migrations/.exec(first.stdout)![1]);

    const [again, json] = await Promise.all([runTollgate(['migrate'], {}, { cwd }), runTollgate(['migrate', '--json'], {}, { cwd })]);
    expect(again).toMatchObject({ code: 0, stderr: '', stdout: `Already up to date (${total} migrations).\n` });
    expect(JSON.parse(json.stdout)).toEqual({ applied: [], total });
  });

  it('refuses a SQLite file in a missing directory, naming DATABASE_URL and the directory, and creates nothing', async () => {
    const dir = join(tempDir(), 'typo');
    const url = `file:${join(dir, 'tollgate.db')}`;
    const result = await runTollgate(['tenants', 'list'], { DATABASE_URL: url });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `Cannot open the SQLite database at DATABASE_URL=${url}: the directory ${dir} does not exist. Create it first (mkdir -p ${dir}), or use a file in an existing directory.\n`,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('names DATABASE_URL, password masked, when PostgreSQL cannot be reached: serve and one-shot commands, exit 1, no stack', async () => {
    const env = { DATABASE_URL: 'postgres://tollgate:s3cret-pw@127.0.0.1:1/tollgate', PORT: '0' };
    const [serve, migrate] = await Promise.all([runTollgate(['serve'], env), runTollgate(['migrate'], env)]);
    for (const result of [serve, migrate]) {
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toBe(
        'Cannot connect to PostgreSQL at DATABASE_URL=postgres://tollgate:***@127.0.0.1:1/tollgate: connection refused. Is the server running and reachable?\n',
      );
      expect(result.stderr).not.toMatch(STACK);
      expect(result.stdout).not.toContain('s3cret');
    }
  });
});
