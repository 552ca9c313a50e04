import type { Transaction } from 'kysely';
import type { Store } from './db.js';
import type { Database } from './schema.js';

/**
 * PostgreSQL may abort a transaction to break a deadlock (40P01) or a serialization conflict
 * (40001). Such an attempt wrote nothing, so running it again is always safe.
 */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

export async function withRetry<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isRetryable(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** The way a use case opens a transaction: all of `fn` or nothing, made again if the database aborted it. */
export function transact<T>(store: Store, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return withRetry(() => store.db.transaction().execute(fn));
}
