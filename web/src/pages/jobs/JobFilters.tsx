import { useState, type FormEvent } from 'react';
import { words } from '../../lib/format.js';
import type { JobFilter } from '../../resources/jobs.js';
import { JOB_STATUSES, type JobStatus } from '../../types.js';

const KNOWN_TYPES = ['catalog_optimization', 'chat_completion', 'lead_evaluation', 'echo'];

export function JobFilters({ filter, onChange }: { filter: JobFilter; onChange: (filter: JobFilter) => void }) {
  const [type, setType] = useState(filter.type ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filter, type: type.trim() });
  };

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter jobs">
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select
          id="filter-status"
          value={filter.status ?? ''}
          onChange={(event) => onChange({ ...filter, type: type.trim(), status: event.target.value as JobStatus | '' })}
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
        <input
          id="filter-type"
          list="job-types"
          value={type}
          onChange={(event) => setType(event.target.value)}
          placeholder="Any type"
          autoComplete="off"
        />
        <datalist id="job-types">
          {KNOWN_TYPES.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
      </div>
      <div className="filters-actions">
        <button type="submit" className="button secondary">
          Apply
        </button>
        {(filter.status || filter.type) && (
          <button
            type="button"
            className="button ghost"
            onClick={() => {
              setType('');
              onChange({ status: '', type: '' });
            }}
          >
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
