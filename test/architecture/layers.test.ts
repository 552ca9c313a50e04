import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { read, tsFiles, withoutComments } from './source.js';

/** Where each relative import of `file` points, as a path from the repository root. */
function imports(file: string): string[] {
  const text = withoutComments(read(file));
  const specifiers = [...text.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => normalize(join(dirname(file), s)).split('\\').join('/'));
}

const offending = (files: string[], forbidden: RegExp) =>
  files.flatMap((file) => imports(file).filter((target) => forbidden.test(target)).map((target) => `${file} → ${target}`));

describe('layers', () => {
  it('store imports nothing from core, http, worker or job-types', () => {
    const files = tsFiles('src/store');
    expect(files.length).toBeGreaterThan(10);
    expect(offending(files, /^src\/(core|http|worker|job-types)\//)).toEqual([]);
  });

  it('core imports neither http nor Hono', () => {
    const files = tsFiles('src/core');
    expect(offending(files, /^src\/http\//)).toEqual([]);
    expect(files.filter((file) => /from\s+['"](hono|@hono\/[^'"]+)['"]/.test(read(file)))).toEqual([]);
  });
});
