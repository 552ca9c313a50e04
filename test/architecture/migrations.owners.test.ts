import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateStore, openStore, type NodeStore } from '../../src/store/db.js';
import { coreMigrations, type MigrationSet, type SqlMigration } from '../../src/store/migrations/index.js';
import { DIALECTS, freshDatabase } from '../support/harness.js';

/**
 * Each owner numbers its own migrations: a module's `0001_…` never competes with the core's, and a
 * core migration added later never has to fit between a module's.
 */
const notes = (name: string, statement: string): SqlMigration => ({ name, sql: () => statement });
const createNotes = notes('0001_core', 'CREATE TABLE summarize_notes (id TEXT PRIMARY KEY)');
const addBody = notes('0002_add_body', 'ALTER TABLE summarize_notes ADD COLUMN body TEXT');

describe.each(DIALECTS)('migrations, one namespace per owner (%s)', (dialect) => {
  let store: NodeStore;
  let drop: () => Promise<void> = async () => {};
  afterEach(async () => {
    await store?.close();
    await drop();
  });

  const open = async () => {
    const database = await freshDatabase(dialect);
    drop = database.drop;
    store = openStore(database.url, database.schema ? { schema: database.schema } : {});
  };
  const names = async (table: string) =>
    (await sql<{ name: string }>`SELECT name FROM ${sql.table(table)} ORDER BY name`.execute(store.db)).rows.map((r) => r.name);

  it("applies a module's migrations in its own table, after the core's, numbered from 0001", async () => {
    await open();
    const summarize: MigrationSet = { owner: 'summarize', migrations: [createNotes] };
    const first = await migrateStore(store, [summarize]);
    expect(first.applied).toEqual([...coreMigrations.map((m) => m.name), 'summarize/0001_core']);
    expect(await names('kysely_migration')).toEqual(coreMigrations.map((m) => m.name));
    expect(await names('tollgate_migrations_summarize')).toEqual(['0001_core']);

    // A later release of the module adds its 0002: only that one runs, whatever the core has.
    const later = await migrateStore(store, [{ ...summarize, migrations: [createNotes, addBody] }]);
    expect(later).toEqual({ applied: ['summarize/0002_add_body'], total: coreMigrations.length + 2 });
    await sql`INSERT INTO summarize_notes (id, body) VALUES ('n1', 'text')`.execute(store.db);

    expect((await migrateStore(store, [{ ...summarize, migrations: [createNotes, addBody] }])).applied).toEqual([]);
  });

  it('refuses an owner or a migration name outside its namespace rules, before applying anything of it', async () => {
    await open();
    await expect(migrateStore(store, [{ owner: 'Bad Owner', migrations: [createNotes] }])).rejects.toThrow(/owner/);
    await expect(migrateStore(store, [{ owner: 'summarize', migrations: [notes('create', 'SELECT 1')] }])).rejects.toThrow(/NNNN_words/);
    await expect(migrateStore(store, [{ owner: 'summarize', migrations: [createNotes, createNotes] }])).rejects.toThrow(/share a name/);
  });
});
