import { useCallback, useState } from 'react';
import { errorMessage } from '../api.js';
import { useSession } from '../app/session.js';
import { words } from '../lib/format.js';
import { href } from '../lib/router.js';
import { freshest } from '../lib/freshest.js';
import { useJobEvents } from '../lib/use-job-events.js';
import { useResource } from '../lib/use-resource.js';
import { getJob } from '../resources/jobs.js';
import { FINISHED_STATUSES, type Job } from '../types.js';
import { LiveBadge } from './LiveBadge.js';
import { ProgressBar } from './ProgressBar.js';
import { StatusBadge } from './StatusBadge.js';

/** One job's progress, followed over SSE until it finishes. */
export function LiveJob({ jobId }: { jobId: string }) {
  const { api } = useSession();
  const fetched = useResource((signal) => getJob(api, jobId, signal), [api, jobId]);
  const [pushed, setPushed] = useState<Job | undefined>(undefined);
  const onJob = useCallback((update: Job) => {
    if (update.id === jobId) setPushed((current) => freshest(current, update));
  }, [jobId]);
  const data = freshest(fetched.data, pushed);
  const finished = data ? FINISHED_STATUSES.includes(data.status) : false;
  const live = useJobEvents(api, finished ? null : `/v1/jobs/${encodeURIComponent(jobId)}/events`, onJob, fetched.reload);

  return (
    <div className="live-job">
      <div className="live-job-head">
        <a href={href({ name: 'job', id: jobId })} className="mono">
          {jobId}
        </a>
        {data && <StatusBadge status={data.status} />}
        {!finished && <LiveBadge state={live} />}
      </div>
      <p className="visually-hidden" role="status">
        {finished && data ? `Job ${words(data.status)}.` : ''}
      </p>
      {data ? (
        <div>
          <ProgressBar progress={data.progress} label={`Progress of ${jobId}`} />
          <p className="small muted">
            {data.progress.items_done} of {data.progress.items_total} items done
            {finished ? ` · ${words(data.status)}` : ''}
          </p>
        </div>
      ) : fetched.error !== undefined ? (
        <p className="field-error">Could not follow the job: {errorMessage(fetched.error)}</p>
      ) : (
        <p className="small muted">Waiting for the job…</p>
      )}
    </div>
  );
}
