import type { JobProgress } from '../types.js';

/** A native <progress>: accessible by default and needs no inline style (CSP). */
export function ProgressBar({ progress, label }: { progress: JobProgress; label: string }) {
  const percent = Math.max(0, Math.min(100, Math.round(progress.percent)));
  return (
    <div className="progress">
      <progress max={100} value={percent} aria-label={label} />
      <span className="progress-text">{percent} %</span>
    </div>
  );
}
