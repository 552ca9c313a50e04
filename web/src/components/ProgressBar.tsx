import { formatNumber } from '../lib/format.js';
import type { JobProgress } from '../types.js';

/**
 * The share of items worked (done or failed). Cancelled items count as settled on the server's
 * `percent`, so a cancelled job would read 100 %: they are counted apart instead.
 */
export function workedPercent(progress: JobProgress): number {
  const percent =
    progress.items_cancelled > 0 && progress.items_total > 0
      ? (100 * (progress.items_done + progress.items_failed)) / progress.items_total
      : progress.percent;
  return Math.max(0, Math.min(100, Math.floor(percent)));
}

/** A native <progress>: accessible by default and needs no inline style (CSP). */
export function ProgressBar({ progress, label }: { progress: JobProgress; label: string }) {
  const percent = workedPercent(progress);
  return (
    <div className="progress">
      <progress max={100} value={percent} aria-label={label} />
      <span className="progress-text">
        {percent} %{progress.items_cancelled > 0 && <span className="muted"> · {formatNumber(progress.items_cancelled)} cancelled</span>}
      </span>
    </div>
  );
}
