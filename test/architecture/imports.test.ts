import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const JOB_TYPES = join(root, 'src/job-types');

const filesUnder = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
  );

/** Every module specifier a file imports or re-exports, static or dynamic. */
const specifiers = (source: string) => [...source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);

/** `http/` imports other than the door, as `file: specifier`. */
function strayHttpImports(files: string[]): string[] {
  return files.flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((s) => /^(\.\.\/)+http\//.test(s) && !/^(\.\.\/)+http\/kit\.js$/.test(s))
      .map((s) => `${relative(root, file)}: ${s}`),
  );
}

/**
 * Job types reach the HTTP layer through one door, `src/http/kit.ts`: its middleware, error handler
 * and renderers can change without touching a job type.
 */
describe('job types import http/ through the kit only', () => {
  it('no file under src/job-types imports another http/ module', () => {
    const files = filesUnder(JOB_TYPES);
    expect(files.length).toBeGreaterThan(10);
    expect(strayHttpImports(files)).toEqual([]);
  });

  it('the check finds a stray import', () => {
    const fixture = join(import.meta.dirname, 'fixtures/stray-import.ts');
    expect(strayHttpImports([fixture])).toEqual([
      'test/architecture/fixtures/stray-import.ts: ../../http/errors.js',
      'test/architecture/fixtures/stray-import.ts: ../http/routes/jobs.js',
    ]);
  });
});
