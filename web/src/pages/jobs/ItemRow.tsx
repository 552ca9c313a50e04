import { StatusBadge } from '../../components/StatusBadge.js';
import { formatNumber, summarize } from '../../lib/format.js';
import type { JobItem } from '../../types.js';

export function ItemRow({ item }: { item: JobItem }) {
  const result = summarize(item.result);
  const error = summarize(item.error);
  const input = summarize(item.input, 100);
  return (
    <div className="item-row">
      <span className="item-seq mono">#{item.seq}</span>
      <StatusBadge status={item.status} />
      <span className="item-meta small muted">
        {item.attempts === 1 ? '1 attempt' : `${formatNumber(item.attempts)} attempts`} · cost {formatNumber(item.cost)}
      </span>
      <div className="item-body">
        {input && (
          <p className="small">
            <span className="label">Input</span> <span className="mono">{input}</span>
          </p>
        )}
        {result && (
          <p className="small">
            <span className="label">Result</span> {result}
          </p>
        )}
        {error && (
          <p className="small item-error">
            <span className="label">Error</span> {error}
          </p>
        )}
      </div>
    </div>
  );
}
