-- tollgate migration core/0004_admission_batch
-- Nothing on SQLite: a PostgreSQL-only migration, kept for the numbering.
SELECT 1;
