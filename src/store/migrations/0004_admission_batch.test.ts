import { describe, expect, it } from 'vitest';
import { chargeKeySql } from '../sql/fragments.js';
import { pgSql } from '../sql/fragments.pg.js';
import { admissionBatch } from './0004_admission_batch.js';

// The PL/pgSQL of tollgate_admit_batch is frozen history with its own copies of three fragments,
// spelled over its variables. When a fragment changes, this fails: recreate the function in a new
// migration with the new rule (and point this test at it), rather than edit an applied migration.
const body = (admissionBatch.sql({ dialect: 'postgres', serial: '' }) as string[]).join('\n');
const normalise = (sql: string) => sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');

describe('migration 0004 (tollgate_admit_batch)', () => {
  it.each([
    ['the effective limit', pgSql.effectiveLimit('t', "(p->>'meter')", 'tier_limits')],
    ['the fair-queue start', pgSql.fairStart("p->>'tenantId'")],
    ['the charge key', chargeKeySql('inserted')],
  ])('holds %s as store/sql spells it', (_, fragment) => {
    expect(normalise(body)).toContain(normalise(fragment));
  });
});
