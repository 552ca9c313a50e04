import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_TYPES, clientTypes, servedDocument } from '../../scripts/client-types.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = join(ROOT, 'examples/typed-client');

describe('tollgate/client', () => {
  it('is generated from the document the server serves now (npm run generate:client when this fails)', async () => {
    expect(readFileSync(CLIENT_TYPES, 'utf8') === (await clientTypes(await servedDocument())), 'src/client/api.ts is stale: run npm run generate:client').toBe(true);
  });

  it('compiles the example under tsc --strict', async () => {
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(EXAMPLE, 'tsconfig.json')], { cwd: EXAMPLE, timeout: 120_000 });
  });
});

describe.each(DIALECTS)('the typed client example (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h?.close());

  it('runs the main flow against a real server: tenant, key, admission and its replay, the job, usage, a typed 404', async () => {
    const base = await h.listen();
    const { stdout } = await run(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'main.ts'], {
      cwd: EXAMPLE,
      env: { PATH: process.env.PATH ?? '', TOLLGATE_URL: base, TOLLGATE_ADMIN_KEY: ADMIN_KEY },
      timeout: 60_000,
    });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^tenant (tnt_\w+) at \/v1\/tenants\/\1$/);
    expect(lines[1]).toMatch(/^admitted job_\w+ \(echo, 3 items, cost 3\); replayed: true true$/);
    expect(lines[2]).toBe('status pending, 0% done');
    expect(lines[3]).toBe('credits used 3 of 100');
    expect(lines[4]).toBe('a missing job: 404 not_found');
  });
});
