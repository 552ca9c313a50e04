import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useSession } from '../../app/session.js';
import { LiveBadge } from '../../components/LiveBadge.js';
import { jobRefund } from '../../components/JobCost.js';
import { Fact } from '../../components/Fact.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { LoadError, Loading } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDateTime, formatNumber, formatRelative, summarize, words } from '../../lib/format.js';
import { freshest } from '../../lib/freshest.js';
import { useJobEvents } from '../../lib/use-job-events.js';
import { useResource } from '../../lib/use-resource.js';
import { getJob, ITEMS_PAGE_SIZE } from '../../resources/jobs.js';
import { FINISHED_STATUSES, type Job } from '../../types.js';
import { ApplyToCatalog } from './ApplyToCatalog.js';
import { CancelJob } from './CancelJob.js';
import { JobItems } from './JobItems.js';
import { jobSubject } from './job-subject.js';

/** Seed 004 applies what succeeded: a job with at least one finished value. */
const APPLICABLE = new Set(['completed', 'partially_completed']);

export function JobDetail({ id }: { id: string }) {
  const { api } = useSession();
  const job = useResource((signal) => getJob(api, id, signal), [api, id]);
  const [itemsVersion, setItemsVersion] = useState(0);
  const wasFinished = useRef<boolean | null>(null);

  const [pushed, setPushed] = useState<Job | undefined>(undefined);
  const onJob = useCallback(
    (update: Job) => {
      if (update.id !== id) return;
      setPushed((current) => freshest(current, update));
    },
    [id],
  );
  const current = freshest(job.data, pushed);
  const finished = current ? FINISHED_STATUSES.includes(current.status) : false;
  useEffect(() => {
    // Items settled while we watched: read them again once, when the job finishes.
    if (current && wasFinished.current === false && finished) setItemsVersion((v) => v + 1);
    if (current) wasFinished.current = finished;
  }, [current, finished]);
  const settled = current ? current.progress.items_done + current.progress.items_failed + current.progress.items_cancelled : 0;
  const smallJob = (current?.progress.items_total ?? Infinity) <= ITEMS_PAGE_SIZE;
  const known = current !== undefined;
  const seenSettled = useRef<number | null>(null);
  useEffect(() => {
    // A job that fits one page of items keeps its list live too (debounced: items settle in bursts).
    if (!known) return;
    const first = seenSettled.current === null;
    seenSettled.current = settled;
    if (!smallJob || first) return;
    const timer = setTimeout(() => setItemsVersion((v) => v + 1), 400);
    return () => clearTimeout(timer);
  }, [known, smallJob, settled]);
  const live = useJobEvents(api, current && !finished ? `/v1/jobs/${encodeURIComponent(id)}/events` : null, onJob, job.reload);

  if (job.error !== undefined) {
    return (
      <>
        <PageTitle title="Job">Job {id}</PageTitle>
        <LoadError error={job.error} what="this job" onRetry={job.reload} />
        <p>
          <a href="#/jobs">Back to jobs</a>
        </p>
      </>
    );
  }
  if (!current) {
    return (
      <>
        <PageTitle title="Job">Job {id}</PageTitle>
        <Loading label="Loading the job…" />
      </>
    );
  }

  const data = current;
  const subject = jobSubject(data);
  return (
    <>
      <p className="breadcrumb">
        <a href="#/jobs">Jobs</a> / <span className="mono">{data.id}</span>
      </p>
      <PageTitle title={`Job ${data.id}`} actions={finished ? undefined : <LiveBadge state={live} />}>
        {words(data.type)}
        {subject?.term === 'Lead' ? ` of ${subject.value}` : ''} <StatusBadge status={data.status} />
      </PageTitle>
      <section className="card" aria-label="Summary">
        <p className="visually-hidden" role="status">
          {finished ? `Job ${words(data.status)}.` : ''}
        </p>
        <div>
          <ProgressBar progress={data.progress} label="Job progress" />
          <p className="small">
            {formatNumber(data.progress.items_done)} done · {formatNumber(data.progress.items_failed)} failed ·{' '}
            {formatNumber(data.progress.items_cancelled)} cancelled of {formatNumber(data.progress.items_total)} items
          </p>
        </div>
        <dl className="facts">
          <Fact term="Job id" value={<span className="mono">{data.id}</span>} />
          {subject && <Fact term={subject.term} value={subject.value} />}
          <Fact
            term="Reserved"
            value={`${formatNumber(data.reserved ?? data.cost)} ${words(data.meter)} (${data.period})${data.settle === 'actual' ? ', a hold settled to what the work uses' : ''}`}
          />
          {data.actual !== undefined && (
            <Fact term="Actual" value={data.actual === null ? 'known when the job finishes' : `${formatNumber(data.actual)} ${words(data.meter)}`} />
          )}
          {jobRefund(data) > 0 && <Fact term="Refunded" value={`${formatNumber(jobRefund(data))} ${words(data.meter)}`} />}
          <Fact term="Created" value={formatDateTime(data.created_at)} />
          <Fact term="Started" value={formatDateTime(data.started_at)} />
          <Fact
            term={finished ? 'Finished' : 'Estimated completion'}
            value={
              finished
                ? formatDateTime(data.finished_at)
                : data.estimated_completion
                  ? formatRelative(data.estimated_completion)
                  : `unknown: ${data.estimated_completion_reason ?? 'no estimate yet'}`
            }
          />
          {data.requested_by && <Fact term="Requested by" value={data.requested_by} />}
        </dl>
        {data.error != null && <p className="item-error">Error: {summarize(data.error, 400)}</p>}
        {data.result != null && (
          <details>
            <summary>Result</summary>
            <pre className="json">{JSON.stringify(data.result, null, 2)}</pre>
          </details>
        )}
        {!finished && <CancelJob job={data} onCancelled={onJob} />}
        {APPLICABLE.has(data.status) && data.type === 'catalog_optimization' && <ApplyToCatalog job={data} />}
      </section>
      <JobItems jobId={data.id} total={data.progress.items_total} version={itemsVersion} />
    </>
  );
}
