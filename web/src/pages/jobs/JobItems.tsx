import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api.js';
import { useSession } from '../../app/session.js';
import { EmptyState, Loading } from '../../components/States.js';
import { Notice } from '../../components/Notice.js';
import { formatNumber } from '../../lib/format.js';
import { listJobItems } from '../../resources/jobs.js';
import type { JobItem } from '../../types.js';
import { ItemRow } from './ItemRow.js';
import { VirtualItems } from './VirtualItems.js';

export const VIRTUALIZE_AFTER = 1000;

interface State {
  items: JobItem[];
  cursor: string | null;
  done: boolean;
  loading: boolean;
  error: unknown;
}

const initial: State = { items: [], cursor: null, done: false, loading: true, error: undefined };

/** The items of a job, a page at a time. `version` changes when they should be read again (the job finished). */
export function JobItems({ jobId, total, version }: { jobId: string; total: number; version: number }) {
  const { api } = useSession();
  const [state, setState] = useState<State>(initial);
  const busy = useRef(false);
  const generation = useRef(0);

  const loadPage = useCallback(
    async (cursor: string | null, replace: boolean) => {
      if (busy.current && !replace) return;
      busy.current = true;
      const mine = ++generation.current;
      setState((s) => ({ ...s, loading: true, error: undefined }));
      try {
        const page = await listJobItems(api, jobId, cursor);
        if (mine !== generation.current) return;
        setState((s) => ({
          items: replace ? page.data : [...s.items, ...page.data],
          cursor: page.next_cursor,
          done: page.next_cursor === null,
          loading: false,
          error: undefined,
        }));
      } catch (error) {
        if (mine === generation.current) setState((s) => ({ ...s, loading: false, error }));
      } finally {
        if (mine === generation.current) busy.current = false;
      }
    },
    [api, jobId],
  );

  useEffect(() => {
    void loadPage(null, true);
  }, [loadPage, version]);

  const loadMore = useCallback(() => {
    if (!state.done && !state.loading && state.error === undefined) void loadPage(state.cursor, false);
  }, [loadPage, state.cursor, state.done, state.loading, state.error]);

  const { items } = state;
  return (
    <section className="card" aria-labelledby="items-heading">
      <div className="section-head">
        <h2 id="items-heading">Items</h2>
        <p className="muted small" aria-live="polite">
          {formatNumber(items.length)} of {formatNumber(Math.max(total, items.length))} loaded
        </p>
      </div>
      {state.error !== undefined && (
        <Notice tone="error" title="Could not load items.">
          <p>{errorMessage(state.error)}</p>
          <button type="button" className="button secondary" onClick={() => void loadPage(state.cursor, items.length === 0)}>
            Try again
          </button>
        </Notice>
      )}
      {items.length === 0 && state.loading ? (
        <Loading label="Loading items…" />
      ) : items.length === 0 && state.error === undefined ? (
        <EmptyState title="This job has no items yet.">
          <p>Items appear once the job is admitted and split into units of work.</p>
        </EmptyState>
      ) : items.length > VIRTUALIZE_AFTER ? (
        <VirtualItems items={items} total={Math.max(total, items.length)} onNearEnd={loadMore} />
      ) : (
        <ol className="items" aria-label="Items">
          {items.map((item) => (
            <li key={item.id}>
              <ItemRow item={item} />
            </li>
          ))}
        </ol>
      )}
      {!state.done && items.length > 0 && (
        <button type="button" className="button secondary" onClick={loadMore} disabled={state.loading}>
          {state.loading ? 'Loading…' : 'Load more items'}
        </button>
      )}
    </section>
  );
}
