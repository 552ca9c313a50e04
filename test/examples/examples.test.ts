import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = join(ROOT, 'examples/custom-job-type');

// The example depends on "tollgate": "file:../..", which `npm install` turns into this link; the
// test makes the same link rather than run npm, and the package is used through its `exports`
// (dist/ and its .d.ts), as an installed copy would be.
beforeAll(() => {
  const link = join(EXAMPLE, 'node_modules/tollgate');
  if (!existsSync(link)) {
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync('../../..', link, 'dir');
  }
});

// No database: no dialect loop.
describe('the tollgate package', () => {
  it('exports the library and the worker client, and importing them does nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tollgate-import-'));
    const script = `
      const lib = await import('tollgate');
      const worker = await import('tollgate/worker');
      console.log(JSON.stringify({ lib: Object.keys(lib).sort(), worker: Object.keys(worker).sort() }));`;
    // Resolved from the example, whose node_modules holds the package; run in an empty folder.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `process.chdir(${JSON.stringify(cwd)}); ${script}`], { cwd: EXAMPLE, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({
      lib: ['ConfigError', 'PermanentError', 'TollgateError', 'createTollgate', 'defineJobType', 'loadConfig'],
      worker: expect.arrayContaining(['PermanentFailure', 'runWorker']),
    });
    // The process exited by itself (no handle left open) and wrote nothing: no ./data, no database.
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('runs examples/custom-job-type: its types check against the .d.ts, and its summarize job completes', async () => {
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: EXAMPLE });
    const { stdout } = await run(process.execPath, ['main.js'], { cwd: EXAMPLE, timeout: 60_000 });
    expect(stdout).toMatch(/^Tollgate on http:\/\/127\.0\.0\.1:\d+ with job types: summarize$/m);
    expect(stdout).toMatch(/^Admitted job_\S+: 2 items, 4 credits$/m);
    expect(stdout).toMatch(/^Job completed$/m);
    expect(stdout).toContain('0: {"title":"Q3","summary":"Revenue grew 12%.","words":6}');
    expect(stdout).toMatch(/^Credits: 4 used of 10, 6 left$/m);
  });
});
