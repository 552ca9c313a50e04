import { useState } from 'react';
import { errorMessage } from '../../api.js';
import { useSession } from '../../app/session.js';
import { cancelJob } from '../../resources/jobs.js';
import type { Job } from '../../types.js';

/** Two presses: cancelling stops the job's pending items and refunds them, and cannot be undone. */
export function CancelJob({ job, onCancelled }: { job: Job; onCancelled: (job: Job) => void }) {
  const { api } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      onCancelled(await cancelJob(api, job.id));
      setConfirming(false);
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cancel">
      {confirming ? (
        <>
          <span>Cancel the items not yet done?</span>
          <button type="button" className="button danger" onClick={() => void cancel()} disabled={busy}>
            {busy ? 'Cancelling…' : 'Yes, cancel job'}
          </button>
          <button type="button" className="button ghost" onClick={() => setConfirming(false)} disabled={busy}>
            Keep running
          </button>
        </>
      ) : (
        <button type="button" className="button danger" onClick={() => setConfirming(true)}>
          Cancel job
        </button>
      )}
      <span className="field-error" role="alert">
        {error}
      </span>
    </div>
  );
}
