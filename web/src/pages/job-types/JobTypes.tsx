import { Fragment, useState, type ReactNode } from 'react';
import { useSession } from '../../app/session.js';
import { Fact } from '../../components/Fact.js';
import { PageTitle } from '../../components/PageTitle.js';
import { EmptyState, LoadError, Loading } from '../../components/States.js';
import { formatDateTime, formatDuration, formatNumber, words } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { listJobTypes } from '../../resources/job-types.js';
import type { JobType } from '../../types.js';
import { describeCost, describeHandler, oldestPendingAge } from './job-type-view.js';

const COLUMNS = 8;

/** Every job type the server runs, where it is defined, what it charges and how much work waits for it. Admin keys only. */
export function JobTypes() {
  const { adminApi: api } = useSession();
  const types = useResource((signal) => listJobTypes(api, signal), [api]);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  const now = Date.now();

  return (
    <>
      <PageTitle
        title="Job types"
        actions={
          <button type="button" className="button secondary small" onClick={types.reload} disabled={types.loading}>
            Refresh
          </button>
        }
      >
        Job types
      </PageTitle>
      <p className="intro">
        Every type this server runs: where it is defined, the meter it charges and how, who runs it, and the items waiting for it.
        Open a type to see its input schema.
      </p>
      {types.error !== undefined ? (
        <LoadError error={types.error} what="job types" onRetry={types.reload} />
      ) : !types.data ? (
        <Loading label="Loading job types…" />
      ) : types.data.length === 0 ? (
        <EmptyState title="No job types are registered.">
          <p>Declare one in the configuration file or with {'PUT /v1/job-types/{name}'}.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll" role="region" aria-label="Job types" tabIndex={0}>
          <table className="table stack-on-phones">
            <caption className="visually-hidden">Job types</caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Source</th>
                <th scope="col">Meter</th>
                <th scope="col">Cost</th>
                <th scope="col">Handler</th>
                <th scope="col" className="num">
                  Pending
                </th>
                <th scope="col" className="num">
                  Running
                </th>
                <th scope="col">Oldest pending</th>
              </tr>
            </thead>
            <tbody>
              {types.data.map((type) => (
                <Fragment key={type.name}>
                  <JobTypeRow type={type} expanded={open.has(type.name)} onToggle={() => toggle(type.name)} now={now} />
                  {open.has(type.name) && (
                    <tr id={detailsId(type.name)} className="job-type-details">
                      <td colSpan={COLUMNS}>
                        <JobTypeDetails type={type} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

const detailsId = (name: string) => `job-type-${name}`;

function JobTypeRow({ type, expanded, onToggle, now }: { type: JobType; expanded: boolean; onToggle: () => void; now: number }) {
  const handler = describeHandler(type.handler);
  const since = type.queue?.oldest_pending_since ?? null;
  return (
    <tr>
      <th scope="row">
        <button
          type="button"
          className="button ghost small mono job-type-name"
          aria-expanded={expanded}
          aria-controls={expanded ? detailsId(type.name) : undefined}
          onClick={onToggle}
        >
          {type.name}
        </button>
        {type.description && <span className="small muted block">{type.description}</span>}
      </th>
      <td data-label="Source">
        <span className="badge">{type.source}</span>
      </td>
      <td data-label="Meter">{words(type.meter)}</td>
      <td data-label="Cost">{describeCost(type.cost)}</td>
      <td data-label="Handler">
        <span>
          {handler.kind}
          {handler.detail && <span className="mono small muted block">{handler.detail}</span>}
        </span>
      </td>
      <td className="num" data-label="Pending">
        {type.queue ? formatNumber(type.queue.pending) : '—'}
      </td>
      <td className="num" data-label="Running">
        {type.queue ? formatNumber(type.queue.running) : '—'}
      </td>
      <td data-label="Oldest pending">
        {since ? (
          <time dateTime={since} title={formatDateTime(since)}>
            {oldestPendingAge(since, now)}
          </time>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}

function JobTypeDetails({ type }: { type: JobType }) {
  return (
    <>
      <dl className="facts compact">
        <Fact term="Items" value={type.items ? <span className="mono">{type.items.from || '(input)'}</span> : 'one per job'} />
        <Fact term="Subject" value={type.subject !== null ? <span className="mono">{type.subject || '(input)'}</span> : '—'} />
        <Fact term="Max attempts" value={formatNumber(type.max_attempts)} />
        <Fact term="Lease" value={type.lease_ms !== null ? formatDuration(type.lease_ms) : 'server default'} />
        {type.version !== null && <Fact term="Version" value={formatNumber(type.version)} />}
        {type.updated_at && <Fact term="Updated" value={formatDateTime(type.updated_at)} />}
      </dl>
      {/* Named by its caption explicitly: not every accessibility tree derives a figure's name from figcaption. */}
      <figure className="job-type-schema" aria-labelledby={`${detailsId(type.name)}-schema`}>
        <figcaption className="label" id={`${detailsId(type.name)}-schema`}>
          Input schema
        </figcaption>
        <pre className="json">{JSON.stringify(type.input_schema, null, 2)}</pre>
      </figure>
    </>
  );
}
