/**
 * Writes migrations/d1/*.sql for `wrangler d1 migrations apply` from the migrations Node runs: the
 * core's sequence and the edge modules' (src/edge/modules.ts), in the order `migrate` applies them,
 * as SQLite spells them, then D1's own (src/store/migrations/d1.ts). Append-only like the migrations
 * themselves: a file once written is never rewritten (wrangler records applied files by name); a
 * migration that has no file yet gets the next number. Each file names its migration on its first
 * line. Statements end with `;` and a blank line, so that they can be split without parsing SQL.
 *
 *   npx tsx scripts/d1-migrations.ts          write the missing files
 *   npx tsx scripts/d1-migrations.ts --check  exit 1 when a file is missing (CI)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { d1MigrationFiles, D1_MIGRATIONS_DIR } from '../src/edge/migration-files.js';

const check = process.argv.includes('--check');
const dir = join(import.meta.dirname, '..', D1_MIGRATIONS_DIR);
if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
const existing = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
const written = new Map(existing.map((f) => [readFileSync(join(dir, f), 'utf8').split('\n', 1)[0]!, f]));
const missing = d1MigrationFiles().filter((file) => !written.has(file.header));
let next = existing.length;
for (const file of missing) {
  const name = `${String(++next).padStart(4, '0')}_${file.slug}.sql`;
  if (check) console.error(`missing: ${name} (${file.header})`);
  else writeFileSync(join(dir, name), file.text);
  if (!check) console.log(`wrote ${D1_MIGRATIONS_DIR}/${name}`);
}
if (check && missing.length > 0) process.exit(1);
