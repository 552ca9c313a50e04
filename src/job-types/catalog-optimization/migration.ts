import type { SqlMigration } from '../../store/migrations/index.js';

/**
 * The catalog an app instance (tenant) syncs in, and the record of which jobs were applied to it.
 * Collection membership lives in one table whichever side sent it (a product's `collectionIds` or a
 * collection's `productIds`), so the two views cannot disagree.
 */
export const catalogMigration: SqlMigration = {
  name: '0003_catalog',
  sql: () => `
CREATE TABLE catalog_products (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  attributes TEXT NOT NULL,
  -- Lower-cased title and description, so search is case-insensitive beyond ASCII on both dialects.
  search_text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE catalog_collections (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- No foreign keys: either side may be synced first.
CREATE TABLE catalog_memberships (
  tenant_id TEXT NOT NULL,
  collection_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, collection_id, product_id)
);
CREATE INDEX catalog_memberships_product ON catalog_memberships (tenant_id, product_id);

-- A job's optimized values are written back once: the primary key is the referee.
CREATE TABLE catalog_applies (
  job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
  tenant_id TEXT NOT NULL,
  applied INTEGER NOT NULL,
  applied_at BIGINT NOT NULL
);
`,
};
