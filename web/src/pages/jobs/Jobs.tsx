import { useCallback, useState } from 'react';
import { useSession } from '../../app/session.js';
import { LiveBadge } from '../../components/LiveBadge.js';
import { PageTitle } from '../../components/PageTitle.js';
import { EmptyState, LoadError, Loading } from '../../components/States.js';
import { useJobEvents } from '../../lib/use-job-events.js';
import { useResource } from '../../lib/use-resource.js';
import { listJobs, matchesFilter, type JobFilter } from '../../resources/jobs.js';
import type { Job } from '../../types.js';
import { JobFilters } from './JobFilters.js';
import { JobsTable } from './JobsTable.js';

export function Jobs() {
  const { api } = useSession();
  const [filter, setFilter] = useState<JobFilter>({ status: '', type: '' });
  // cursors[i] is the cursor that loads page i; page 0 has none.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useResource((signal) => listJobs(api, filter, cursor, signal), [api, filter, cursor]);
  const onFirstPage = cursors.length === 1;

  const { setData } = page;
  const onJob = useCallback(
    (job: Job) =>
      setData((current) => {
        if (!current) return current;
        if (current.data.some((j) => j.id === job.id)) {
          return { ...current, data: current.data.map((j) => (j.id === job.id ? job : j)) };
        }
        return onFirstPage && matchesFilter(job, filter) ? { ...current, data: [job, ...current.data] } : current;
      }),
    [setData, onFirstPage, filter],
  );
  const live = useJobEvents(api, '/v1/events', onJob, (reconnected) => {
    if (reconnected) page.reload();
  });

  const applyFilter = (next: JobFilter) => {
    setFilter(next);
    setCursors([null]);
  };

  return (
    <>
      <PageTitle title="Jobs" actions={<LiveBadge state={live} />}>
        Jobs
      </PageTitle>
      <JobFilters filter={filter} onChange={applyFilter} />
      {page.error !== undefined ? (
        <LoadError error={page.error} what="jobs" onRetry={page.reload} />
      ) : page.loading || !page.data ? (
        <Loading label="Loading jobs…" />
      ) : page.data.data.length === 0 ? (
        <EmptyState title={filter.status || filter.type ? 'No jobs match these filters.' : 'No jobs yet.'}>
          {filter.status || filter.type ? (
            <p>Clear the filters to see every job.</p>
          ) : (
            <p>
              Start one from the <a href="#/optimizer">Product optimizer</a> or evaluate a lead on <a href="#/leads">Leads</a>; it
              appears here as soon as it is admitted.
            </p>
          )}
        </EmptyState>
      ) : (
        <JobsTable jobs={page.data.data} caption={`Jobs, page ${cursors.length}`} />
      )}
      <nav className="pager" aria-label="Pages of jobs">
        <button
          type="button"
          className="button secondary"
          disabled={onFirstPage || page.loading}
          onClick={() => setCursors((stack) => stack.slice(0, -1))}
        >
          Newer
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button
          type="button"
          className="button secondary"
          disabled={!page.data?.next_cursor || page.loading}
          onClick={() => {
            const next = page.data?.next_cursor;
            if (next) setCursors((stack) => [...stack, next]);
          }}
        >
          Older
        </button>
      </nav>
    </>
  );
}
