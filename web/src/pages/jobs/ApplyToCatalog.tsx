import { useState } from 'react';
import { ApiError, errorMessage } from '../../api.js';
import { useSession } from '../../app/session.js';
import { formatDateTime, plural } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { applyOptimization, getOptimizationJob } from '../../resources/catalog.js';
import type { Job } from '../../types.js';

/** A finished optimization's values reach the catalog only when applied: once, by a press here. */
export function ApplyToCatalog({ job }: { job: Job }) {
  const { api } = useSession();
  const state = useResource((signal) => getOptimizationJob(api, job.id, signal), [api, job.id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [skipped, setSkipped] = useState(0);

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await applyOptimization(api, job.id);
      setSkipped(answer.skipped);
      state.setData((current) => current && { ...current, appliedAt: new Date().toISOString(), appliedCount: answer.applied });
    } catch (reason) {
      // Applied meanwhile (another tab, another client): show that instead of an error.
      if (reason instanceof ApiError && reason.is('ALREADY_APPLIED')) state.reload();
      else setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  };

  if (state.error !== undefined) {
    return <p className="field-error">Could not tell whether this job was applied: {errorMessage(state.error)}</p>;
  }
  if (!state.data) return null;
  const { appliedAt, appliedCount } = state.data;
  return (
    <div className="apply" role="group" aria-label="Apply to the catalog">
      {appliedAt ? (
        <p className="success-text" role="status">
          Applied {plural(appliedCount ?? 0, 'value')} to the catalog on {formatDateTime(appliedAt)}
          {skipped > 0 ? ` (${plural(skipped, 'value')} skipped: the product left the catalog)` : ''}.
        </p>
      ) : (
        <>
          <p className="small">
            The optimized values are not in the catalog yet. Review them below, then apply them to replace the products’
            current texts. A job is applied once.
          </p>
          <button type="button" className="button primary" onClick={() => void apply()} disabled={busy || job.progress.items_done === 0}>
            {busy ? 'Applying…' : `Apply ${plural(job.progress.items_done, 'value')} to the catalog`}
          </button>
        </>
      )}
      <p className="field-error" role="alert">
        {error}
      </p>
    </div>
  );
}
