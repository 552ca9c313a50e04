import type { ModuleDeps } from '../job-types/index.js';
import { moduleMigrations } from '../job-types/module.js';
import { d1Referees } from '../store/migrations/d1.js';
import { dialectSql, orderedMigrations } from '../store/migrations/index.js';
import { edgeModules } from './modules.js';

export const D1_MIGRATIONS_DIR = 'migrations/d1';

export interface D1MigrationFile {
  /** The file's first line, `-- tollgate migration <owner>/<name>`: how a written file is recognised. */
  header: string;
  slug: string;
  text: string;
}

/**
 * Every migration the edge needs, as the text of a D1 migration file: the core's and the edge
 * modules' in `migrate`'s order, as SQLite spells them, then D1's own referees.
 */
export function d1MigrationFiles(): D1MigrationFile[] {
  // Modules are built only for their migrations, which are constants: nothing here is called.
  const modules = edgeModules({} as ModuleDeps);
  const all = [...orderedMigrations(moduleMigrations(modules)), { id: `d1/${d1Referees.name}`, statements: () => d1Referees.sql(dialectSql.sqlite) as string[] }];
  return all.map(({ id, statements }) => {
    const header = `-- tollgate migration ${id}`;
    const body = statements(dialectSql.sqlite)
      .map((s) => `${s.replace(/\n\s*\n/g, '\n').replace(/;\s*$/, '')};`)
      .join('\n\n') || '-- Nothing on SQLite: a PostgreSQL-only migration, kept for the numbering.\nSELECT 1;';
    const [owner, name] = id.split('/') as [string, string];
    const slug = `${owner === 'core' ? '' : `${owner}_`}${name.replace(/^\d+_/, '')}`;
    return { header, slug, text: `${header}\n${body}\n` };
  });
}

/** A D1 migration file's statements (they end with `;` and a blank line). */
export function statementsOfFile(text: string): string[] {
  return text
    .split(/;\n\n/)
    .map((s) => s.replace(/^--.*\n/gm, '').replace(/;\s*$/, '').trim())
    .filter(Boolean);
}
