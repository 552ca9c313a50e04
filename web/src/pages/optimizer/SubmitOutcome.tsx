import { LiveJob } from '../../components/LiveJob.js';
import { Notice } from '../../components/Notice.js';
import { formatNumber, plural } from '../../lib/format.js';
import { href } from '../../lib/router.js';
import type { OptimizationCreated } from '../../types.js';
import type { SubmitProblem } from './optimizer-form.js';

/** The answer to the last submit: the created job (followed live) or why it was refused. */
export function SubmitOutcome({
  created,
  problem,
  onDismiss,
}: {
  created: OptimizationCreated | null;
  problem: SubmitProblem | null;
  onDismiss: () => void;
}) {
  return (
    <>
      <p className="visually-hidden" role="status">
        {created ? `Job ${created.jobId} created. ${plural(created.remainingCredits, 'credit')} remaining.` : ''}
      </p>
      {created && (
        <div className="notice notice-success">
          <p className="notice-title">Job created</p>
          <p>
            Job <span className="mono">{created.jobId}</span>: {plural(created.productCount, 'product')} ×{' '}
            {plural(created.attributeCount, 'attribute')} = {plural(created.totalItems, 'item')}, {plural(created.requiredCredits, 'credit')}.
          </p>
          <p>
            <strong>{formatNumber(created.remainingCredits)}</strong> {created.remainingCredits === 1 ? 'credit' : 'credits'} remaining.
          </p>
          <LiveJob jobId={created.jobId} />
          <p>
            <a href={href({ name: 'job', id: created.jobId })}>Review the new texts and apply them to the catalog</a>
          </p>
          <button type="button" className="button ghost small" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
      {problem?.kind === 'credits' && (
        <Notice tone="error" title="Not enough credits">
          <p>
            This job needs {plural(problem.required, 'credit')} but only {formatNumber(problem.remaining)}{' '}
            {problem.remaining === 1 ? 'remains' : 'remain'}:{' '}
            <strong>{plural(problem.missing, 'credit')} missing</strong>.
          </p>
          <p>Choose fewer products or attributes, or wait until the allowance resets next month.</p>
        </Notice>
      )}
      {problem?.kind === 'fields' && problem.message && (
        <Notice tone="error" title="Check the form">
          <p>{problem.message}</p>
        </Notice>
      )}
      {problem?.kind === 'other' && (
        <Notice tone="error" title="The job was not created">
          <p>{problem.message}</p>
        </Notice>
      )}
    </>
  );
}
