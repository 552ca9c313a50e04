import type { LiveState } from '../lib/use-job-events.js';

const labels: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  retrying: 'Reconnecting…',
  closed: 'Not live',
  unsupported: 'Live updates unavailable',
};

export function LiveBadge({ state }: { state: LiveState }) {
  return (
    <span className={`live live-${state}`} title="Live updates over Server-Sent Events">
      <span className="live-dot" aria-hidden="true" />
      {labels[state]}
    </span>
  );
}
