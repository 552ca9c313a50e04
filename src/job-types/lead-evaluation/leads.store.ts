import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { olderThan, type Cursor } from '../../store/keyset.js';
import type { Lead } from './lead.js';
import { withLeadTables, type LeadsTable } from './schema.js';

/** Inserts a lead; false when the tenant already has one with this id (nothing is written). */
export async function insertLead(db: Kysely<Database>, lead: Insertable<LeadsTable>): Promise<boolean> {
  const result = await withLeadTables(db)
    .insertInto('leads')
    .values(lead)
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findLead(db: Kysely<Database>, tenantId: string, id: string): Promise<Lead | undefined> {
  return withLeadTables(db).selectFrom('leads').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export interface LeadsQuery {
  tenantId: string;
  status?: string;
  /** Keyset: leads strictly older than this (created_at, id). */
  before?: Cursor;
  limit: number;
}

/** Newest first, keyset-paginated on (created_at, id). */
export function listLeads(db: Kysely<Database>, q: LeadsQuery): Promise<Lead[]> {
  let query = withLeadTables(db)
    .selectFrom('leads')
    .selectAll()
    .where('tenant_id', '=', q.tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.status) query = query.where('status', '=', q.status);
  const { before } = q;
  if (before) query = query.where((eb) => olderThan(eb, before));
  return query.execute();
}

export function updateLead(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  patch: Partial<Omit<LeadsTable, 'tenant_id' | 'id' | 'created_at' | 'created_by'>> & { updated_at: number },
): Promise<Lead | undefined> {
  return withLeadTables(db).updateTable('leads').set(patch).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
}
