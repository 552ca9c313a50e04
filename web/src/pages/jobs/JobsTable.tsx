import { JobCost } from '../../components/JobCost.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDateTime, formatRelative, words } from '../../lib/format.js';
import { href } from '../../lib/router.js';
import { FINISHED_STATUSES, type Job } from '../../types.js';
import { jobSubject } from './job-subject.js';

export function JobsTable({ jobs, caption }: { jobs: Job[]; caption: string }) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="table stack-on-phones">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col">Created</th>
            <th scope="col">ETA</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <th scope="row">
                <a href={href({ name: 'job', id: job.id })}>{words(job.type)}</a>
                {subjectLine(job)}
                <span className="mono small muted block">{job.id}</span>
              </th>
              <td data-label="Status">
                <StatusBadge status={job.status} />
              </td>
              <td data-label="Progress">
                <ProgressBar progress={job.progress} label={`Progress of ${job.id}`} />
              </td>
              <td className="num" data-label="Cost">
                <JobCost job={job} />
              </td>
              <td data-label="Created">{formatDateTime(job.created_at)}</td>
              <td data-label="ETA">{eta(job)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function subjectLine(job: Job) {
  const subject = jobSubject(job);
  return subject ? <span className="small block job-subject">{`${subject.term} ${subject.value}`}</span> : null;
}

function eta(job: Job): string {
  if (FINISHED_STATUSES.includes(job.status)) return job.finished_at ? `done ${formatRelative(job.finished_at)}` : 'done';
  if (job.estimated_completion) return formatRelative(job.estimated_completion);
  return job.estimated_completion_reason ? 'no worker' : '—';
}
