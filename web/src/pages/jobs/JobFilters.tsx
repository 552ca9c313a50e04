import { useSession } from '../../app/session.js';
import { words } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { listJobTypes } from '../../resources/job-types.js';
import type { JobFilter } from '../../resources/jobs.js';
import { JOB_STATUSES, type JobStatus } from '../../types.js';

/** The type filter offers the registered types by their label and sends the name: `?type=` matches names only. */
export function JobFilters({ filter, onChange }: { filter: JobFilter; onChange: (filter: JobFilter) => void }) {
  const { api } = useSession();
  const types = useResource((signal) => listJobTypes(api, signal), [api]);
  const names = (types.data ?? []).map((t) => t.name);
  if (filter.type && !names.includes(filter.type)) names.push(filter.type);

  return (
    <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter jobs">
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select
          id="filter-status"
          value={filter.status ?? ''}
          onChange={(event) => onChange({ ...filter, status: event.target.value as JobStatus | '' })}
        >
          <option value="">Any status</option>
          {JOB_STATUSES.map((status) => (
            <option key={status} value={status}>
              {words(status)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-type">Job type</label>
        <select id="filter-type" value={filter.type ?? ''} onChange={(event) => onChange({ ...filter, type: event.target.value })}>
          <option value="">{types.error !== undefined ? 'Any type (types could not load)' : 'Any type'}</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {words(name)}
            </option>
          ))}
        </select>
      </div>
      {(filter.status || filter.type) && (
        <div className="filters-actions">
          <button type="button" className="button ghost" onClick={() => onChange({ status: '', type: '' })}>
            Clear filters
          </button>
        </div>
      )}
    </form>
  );
}
