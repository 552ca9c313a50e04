import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { d1MigrationFiles } from '../../src/edge/migration-files.js';

const dir = join(import.meta.dirname, '..', '..', 'migrations', 'd1');

it('migrations/d1 holds every migration the edge needs, each as generated (npm run edge:migrations)', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const written = new Map(files.map((f) => [readFileSync(join(dir, f), 'utf8').split('\n', 1)[0]!, readFileSync(join(dir, f), 'utf8')]));
  for (const file of d1MigrationFiles()) expect(written.get(file.header), file.header).toBe(file.text);
  // Applied in name order, as wrangler does: the generated order.
  expect(files.map((f) => readFileSync(join(dir, f), 'utf8').split('\n', 1)[0])).toEqual(d1MigrationFiles().map((f) => f.header));
});
