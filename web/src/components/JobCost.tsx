import { formatNumber, words } from '../lib/format.js';
import type { Job } from '../types.js';

/** What a job was charged in the end and what came back, once it has finished: `reserved − actual` was refunded or released. */
export function jobRefund(job: Job): number {
  const reserved = job.reserved ?? job.cost;
  return job.actual === undefined || job.actual === null ? 0 : Math.max(0, reserved - job.actual);
}

/** A job's cost for a list cell: the reservation while it runs, the actual cost and the refund once it has finished. */
export function JobCost({ job }: { job: Job }) {
  const reserved = job.reserved ?? job.cost;
  const refund = jobRefund(job);
  if (job.actual === undefined || job.actual === null || refund === 0) {
    return (
      <span>
        {formatNumber(job.actual ?? reserved)} <span className="muted small">{words(job.meter)}</span>
      </span>
    );
  }
  return (
    <span>
      {formatNumber(job.actual)} <span className="muted small">of {formatNumber(reserved)} {words(job.meter)}</span>
      <span className="small muted block">{formatNumber(refund)} refunded</span>
    </span>
  );
}
