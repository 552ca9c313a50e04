/**
 * The catalog's queries. Bulk writes send the rows as one JSON parameter and read them back as a
 * relation (`json_each` on SQLite, `jsonb_to_recordset` on PostgreSQL): one statement per chunk,
 * whatever the row count, and one prepared statement whatever the chunk size.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { CatalogProduct } from './attributes.js';

export interface CatalogProductsTable {
  tenant_id: string;
  id: string;
  title: string;
  description: string | null;
  /** JSON object of string values. */
  attributes: string;
  search_text: string;
  created_at: number;
  updated_at: number;
}

export interface CatalogCollectionsTable {
  tenant_id: string;
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
}

export interface CatalogMembershipsTable {
  tenant_id: string;
  collection_id: string;
  product_id: string;
}

export interface CatalogAppliesTable {
  job_id: string;
  tenant_id: string;
  applied: number;
  applied_at: number;
}

// A type alias, not an interface: `withTables` needs an index signature.
export type CatalogTables = {
  catalog_products: CatalogProductsTable;
  catalog_collections: CatalogCollectionsTable;
  catalog_memberships: CatalogMembershipsTable;
  catalog_applies: CatalogAppliesTable;
};

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per bulk statement: bounds the statement's memory and lock time, not the round trips that matter. */
export const CHUNK = 1000;

const catalog = (db: Db) => db.withTables<CatalogTables>();
const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/** A JSON array of objects as a relation with these text columns. Column names are ours, never the client's. */
function jsonRows(db: Db, rows: unknown[], columns: string[]): RawBuilder<unknown> {
  const json = JSON.stringify(rows);
  if (isPostgres(db)) {
    return sql`(SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS x(${sql.raw(columns.map((c) => `${c} text`).join(', '))}))`;
  }
  return sql`(SELECT ${sql.raw(columns.map((c) => `e.value ->> '$.${c}' AS ${c}`).join(', '))} FROM json_each(${json}) e)`;
}

/** A JSON array of strings as a one-column relation `id`. */
function jsonIds(db: Db, ids: readonly string[]): RawBuilder<unknown> {
  const json = JSON.stringify(ids);
  return isPostgres(db) ? sql`(SELECT jsonb_array_elements_text(${json}::jsonb) AS id)` : sql`(SELECT value AS id FROM json_each(${json}))`;
}

// Rows are written in id order, so two concurrent syncs of overlapping products lock them in the
// same order and wait for each other instead of deadlocking (PostgreSQL).
const byId = <T extends { id: string }>(rows: readonly T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const chunks = <T>(rows: readonly T[]): T[][] => Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK));

/** A product as a sync sends it; its search text is derived here. */
export interface ProductRow {
  id: string;
  title: string;
  description: string | null;
  attributes: Record<string, string>;
  /** Undefined: memberships stay as they are. */
  collectionIds?: string[] | undefined;
}

export const searchTextOf = (title: string, description: string | null) => `${title}\n${description ?? ''}`.toLowerCase();

/** Products as a relation of their stored columns: attributes as JSON text, search text derived. */
function productRows(db: Db, products: readonly Pick<ProductRow, 'id' | 'title' | 'description' | 'attributes'>[]): RawBuilder<unknown> {
  const values = products.map((p) => ({
    id: p.id,
    title: p.title,
    description: p.description,
    attributes: JSON.stringify(p.attributes),
    search_text: searchTextOf(p.title, p.description),
  }));
  return jsonRows(db, values, ['id', 'title', 'description', 'attributes', 'search_text']);
}

/**
 * Insert or replace products (ids unique within `rows`), in the caller's transaction. A product that
 * names its `collectionIds` gets exactly those memberships; one that does not keeps its own.
 */
export async function upsertProducts(trx: Transaction<Database>, tenantId: string, rows: ProductRow[], now: number): Promise<void> {
  for (const chunk of chunks(byId(rows))) {
    await sql`
      INSERT INTO catalog_products (tenant_id, id, title, description, attributes, search_text, created_at, updated_at)
      SELECT ${tenantId}, r.id, r.title, r.description, r.attributes, r.search_text, ${now}, ${now}
      FROM ${productRows(trx, chunk)} r WHERE true
      ON CONFLICT (tenant_id, id) DO UPDATE SET title = excluded.title, description = excluded.description,
        attributes = excluded.attributes, search_text = excluded.search_text, updated_at = excluded.updated_at`.execute(trx);
  }
  const membered = rows.filter((p) => p.collectionIds !== undefined);
  await replaceMemberships(
    trx,
    tenantId,
    'product_id',
    membered.map((p) => p.id),
    membered.flatMap((p) => p.collectionIds!.map((c) => ({ collection_id: c, product_id: p.id }))),
  );
}

export interface CollectionRow {
  id: string;
  title: string;
  /** Undefined: memberships stay as they are. */
  productIds?: string[] | undefined;
}

export async function upsertCollections(trx: Transaction<Database>, tenantId: string, rows: CollectionRow[], now: number): Promise<void> {
  for (const chunk of chunks(byId(rows))) {
    await sql`
      INSERT INTO catalog_collections (tenant_id, id, title, created_at, updated_at)
      SELECT ${tenantId}, r.id, r.title, ${now}, ${now}
      FROM ${jsonRows(trx, chunk.map((c) => ({ id: c.id, title: c.title })), ['id', 'title'])} r WHERE true
      ON CONFLICT (tenant_id, id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at`.execute(trx);
  }
  const membered = rows.filter((c) => c.productIds !== undefined);
  await replaceMemberships(
    trx,
    tenantId,
    'collection_id',
    membered.map((c) => c.id),
    membered.flatMap((c) => c.productIds!.map((p) => ({ collection_id: c.id, product_id: p }))),
  );
}

/** Deletes the memberships of `owners` (products or collections) and inserts `pairs` instead. */
async function replaceMemberships(
  trx: Transaction<Database>,
  tenantId: string,
  side: 'product_id' | 'collection_id',
  owners: string[],
  pairs: { collection_id: string; product_id: string }[],
): Promise<void> {
  for (const chunk of chunks(owners)) {
    await sql`DELETE FROM catalog_memberships WHERE tenant_id = ${tenantId} AND ${sql.ref(side)} IN (SELECT id FROM ${jsonIds(trx, chunk)} ids)`.execute(trx);
  }
  const ordered = [...pairs].sort((a, b) => (a.collection_id === b.collection_id ? (a.product_id < b.product_id ? -1 : 1) : a.collection_id < b.collection_id ? -1 : 1));
  for (const chunk of chunks(ordered)) {
    await sql`
      INSERT INTO catalog_memberships (tenant_id, collection_id, product_id)
      SELECT ${tenantId}, r.collection_id, r.product_id FROM ${jsonRows(trx, chunk, ['collection_id', 'product_id'])} r WHERE true
      ON CONFLICT (tenant_id, collection_id, product_id) DO NOTHING`.execute(trx);
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface StoredProduct extends CatalogProduct {
  updatedAt: number;
}

/** Ordered by id, keyset-paginated; `search` matches title or description, case-insensitively. */
export async function listProducts(db: Db, tenantId: string, q: { search?: string; afterId?: string; limit: number }): Promise<StoredProduct[]> {
  let query = catalog(db)
    .selectFrom('catalog_products')
    .select(['id', 'title', 'description', 'attributes', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .limit(q.limit);
  if (q.search) query = query.where(sql<boolean>`search_text LIKE ${`%${escapeLike(q.search.toLowerCase())}%`} ESCAPE '\\'`);
  if (q.afterId !== undefined) query = query.where('id', '>', q.afterId);
  return withCollections(db, tenantId, await query.execute());
}

/** The products with these ids (missing ones left out), for the handler and for apply. */
export async function findProducts(db: Db, tenantId: string, ids: readonly string[]): Promise<StoredProduct[]> {
  if (ids.length === 0) return [];
  const rows = await catalog(db)
    .selectFrom('catalog_products')
    .select(['id', 'title', 'description', 'attributes', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', sql<string>`(SELECT id FROM ${jsonIds(db, ids)} ids)`)
    .execute();
  return withCollections(db, tenantId, rows);
}

export async function findProduct(db: Db, tenantId: string, id: string): Promise<StoredProduct | undefined> {
  const row = await catalog(db)
    .selectFrom('catalog_products')
    .select(['id', 'title', 'description', 'attributes', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (await withCollections(db, tenantId, [row]))[0] : undefined;
}

async function withCollections(
  db: Db,
  tenantId: string,
  rows: Pick<CatalogProductsTable, 'id' | 'title' | 'description' | 'attributes' | 'updated_at'>[],
): Promise<StoredProduct[]> {
  if (rows.length === 0) return [];
  const memberships = await catalog(db)
    .selectFrom('catalog_memberships')
    .select(['product_id', 'collection_id'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', 'in', sql<string>`(SELECT id FROM ${jsonIds(db, rows.map((r) => r.id))} ids)`)
    .orderBy('collection_id')
    .execute();
  const byProduct = new Map<string, string[]>();
  for (const m of memberships) byProduct.set(m.product_id, [...(byProduct.get(m.product_id) ?? []), m.collection_id]);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    collectionIds: byProduct.get(r.id) ?? [],
    updatedAt: Number(r.updated_at),
  }));
}

/** Which of `ids` are products of the tenant. */
export async function existingProductIds(db: Db, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks(ids)) {
    const rows = await catalog(db)
      .selectFrom('catalog_products')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', sql<string>`(SELECT id FROM ${jsonIds(db, chunk)} ids)`)
      .execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

export async function existingCollectionIds(db: Db, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  const rows = await catalog(db)
    .selectFrom('catalog_collections')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', sql<string>`(SELECT id FROM ${jsonIds(db, ids)} ids)`)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The products of these collections that exist, each once, ordered by id. */
export async function productIdsOfCollections(db: Db, tenantId: string, collectionIds: readonly string[]): Promise<string[]> {
  const rows = await catalog(db)
    .selectFrom('catalog_memberships as m')
    .innerJoin('catalog_products as p', (j) => j.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.id', '=', 'm.product_id'))
    .select('m.product_id')
    .distinct()
    .where('m.tenant_id', '=', tenantId)
    .where('m.collection_id', 'in', sql<string>`(SELECT id FROM ${jsonIds(db, collectionIds)} ids)`)
    .orderBy('m.product_id')
    .execute();
  return rows.map((r) => r.product_id);
}

/** Every collection with the number of its members that are products. */
export async function listCollections(db: Db, tenantId: string): Promise<{ id: string; title: string; productCount: number }[]> {
  const rows = await catalog(db)
    .selectFrom('catalog_collections as c')
    .select((eb) => [
      'c.id',
      'c.title',
      eb
        .selectFrom('catalog_memberships as m')
        .innerJoin('catalog_products as p', (j) => j.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.id', '=', 'm.product_id'))
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.tenant_id', '=', 'c.tenant_id')
        .whereRef('m.collection_id', '=', 'c.id')
        .as('product_count'),
    ])
    .where('c.tenant_id', '=', tenantId)
    .orderBy('c.title')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, productCount: Number(r.product_count ?? 0) }));
}

// --- Apply ---------------------------------------------------------------------

/** Claims the job's one apply; false when it was applied before (the caller must then write nothing). */
export async function insertApply(trx: Transaction<Database>, tenantId: string, jobId: string, now: number): Promise<boolean> {
  const row = await catalog(trx)
    .insertInto('catalog_applies')
    .values({ job_id: jobId, tenant_id: tenantId, applied: 0, applied_at: now })
    .onConflict((oc) => oc.column('job_id').doNothing())
    .returning('job_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function setApplied(trx: Transaction<Database>, jobId: string, applied: number): Promise<void> {
  await catalog(trx).updateTable('catalog_applies').set({ applied }).where('job_id', '=', jobId).execute();
}

export function findApply(db: Db, tenantId: string, jobId: string): Promise<CatalogAppliesTable | undefined> {
  return catalog(db).selectFrom('catalog_applies').selectAll().where('tenant_id', '=', tenantId).where('job_id', '=', jobId).executeTakeFirst();
}

/** Products to rewrite, locked against a concurrent sync until the transaction ends (SQLite's writer lock does that already). */
export async function lockProducts(trx: Transaction<Database>, tenantId: string, ids: readonly string[]) {
  const rows: Pick<CatalogProductsTable, 'id' | 'title' | 'description' | 'attributes'>[] = [];
  for (const chunk of chunks(ids)) {
    const lock = isPostgres(trx) ? sql` FOR UPDATE` : sql``;
    const result = await sql<Pick<CatalogProductsTable, 'id' | 'title' | 'description' | 'attributes'>>`
      SELECT id, title, description, attributes FROM catalog_products
      WHERE tenant_id = ${tenantId} AND id IN (SELECT id FROM ${jsonIds(trx, chunk)} ids) ORDER BY id${lock}`.execute(trx);
    rows.push(...result.rows);
  }
  return rows;
}

/** Writes whole new values of products (from `lockProducts`, changed), one statement per chunk. */
export async function rewriteProducts(
  trx: Transaction<Database>,
  tenantId: string,
  rows: { id: string; title: string; description: string | null; attributes: Record<string, string> }[],
  now: number,
): Promise<void> {
  for (const chunk of chunks(rows)) {
    await sql`
      UPDATE catalog_products SET title = r.title, description = r.description, attributes = r.attributes,
        search_text = r.search_text, updated_at = ${now}
      FROM ${productRows(trx, chunk)} r
      WHERE catalog_products.tenant_id = ${tenantId} AND catalog_products.id = r.id`.execute(trx);
  }
}

/** The succeeded items' inputs and results of a job, in order. */
export async function succeededItems(db: Db, jobId: string): Promise<{ input: string; result: string | null }[]> {
  return db.selectFrom('job_items').select(['input', 'result']).where('job_id', '=', jobId).where('status', '=', 'succeeded').orderBy('seq').execute();
}
