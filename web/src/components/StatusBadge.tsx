import { words } from '../lib/format.js';

const tones: Record<string, string> = {
  pending: 'neutral',
  processing: 'info',
  running: 'info',
  completed: 'good',
  succeeded: 'good',
  partially_completed: 'warn',
  failed: 'bad',
  cancelled: 'muted',
  approve: 'good',
  review: 'warn',
  decline: 'bad',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${tones[status] ?? 'neutral'}`}>{words(status)}</span>;
}
