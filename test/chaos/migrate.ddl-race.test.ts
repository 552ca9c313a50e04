import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateStore, openStore } from '../../src/store/db.js';
import { DIALECTS, TEST_DATABASE_URL } from '../support/harness.js';

/**
 * A process starting (server, worker, CLI) migrates its schema. Other schemas of the same database
 * may be created and dropped at that moment (other deployments, other tests): starting must not
 * depend on them. Kysely 0.28's migrator introspected every table of every schema to find its own
 * two tables, and failed with 3F000 "schema does not exist" when one vanished mid-read.
 */
describe.runIf(DIALECTS.includes('postgres'))('migrations beside DDL in other schemas (postgres)', () => {
  it('migrates fresh schemas while other schemas are created and dropped', async () => {
    const churn = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      while (!stop) {
        const other = `churn_${randomBytes(5).toString('hex')}`;
        await churn.query(`CREATE SCHEMA ${other}; CREATE TABLE ${other}.t (id serial primary key, a text, b int)`);
        await churn.query(`DROP SCHEMA ${other} CASCADE`);
      }
    })();

    const failures: string[] = [];
    const schemas: string[] = [];
    try {
      for (let i = 0; i < 12; i++) {
        const schema = `t_${randomBytes(6).toString('hex')}`;
        schemas.push(schema);
        // Two processes start together on the same schema, as a server and a worker do.
        const stores = [openStore(TEST_DATABASE_URL, { schema }), openStore(TEST_DATABASE_URL, { schema })];
        const results = await Promise.allSettled(stores.map((s) => migrateStore(s)));
        for (const r of results) if (r.status === 'rejected') failures.push(String((r.reason as Error).message));
        await Promise.all(stores.map((s) => s.close()));
      }
    } finally {
      stop = true;
      await churning;
      for (const schema of schemas) await churn.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await churn.end();
    }
    expect(failures).toEqual([]);
  });
});
