import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';

/** Where a page of a newest-first list ends: its last row's (created_at, id). */
export interface Cursor {
  createdAt: number;
  id: string;
}

/**
 * The rows after `cursor` in a list ordered by `created_at DESC, id DESC`: strictly older, or as old
 * with a smaller id. Keyset pagination, so page N costs what page 1 costs.
 */
export function olderThan<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, { createdAt, id }: Cursor): Expression<SqlBool> {
  const createdAtRef = sql.ref<number>('created_at');
  return eb.or([eb(createdAtRef, '<', createdAt), eb.and([eb(createdAtRef, '=', createdAt), eb(sql.ref<string>('id'), '<', id)])]);
}
