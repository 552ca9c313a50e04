import { StatusBadge } from '../../components/StatusBadge.js';
import { formatNumber, summarize } from '../../lib/format.js';
import type { JobItem } from '../../types.js';
import { describeInput, describeResult } from './item-view.js';

export function ItemRow({ item }: { item: JobItem }) {
  const input = describeInput(item.input);
  const result = describeResult(item.result);
  const error = summarize(item.error);
  return (
    <div className="item-row">
      <span className="item-seq mono">#{item.seq}</span>
      <StatusBadge status={item.status} />
      <span className="item-meta small muted">
        {item.attempts === 1 ? '1 attempt' : `${formatNumber(item.attempts)} attempts`} ·{' '}
        {item.actual === undefined || item.actual === null
          ? `cost ${formatNumber(item.cost)}`
          : `reserved ${formatNumber(item.reserved ?? item.cost)} · actual ${formatNumber(item.actual)}`}
      </span>
      <div className="item-body">
        {input?.kind === 'fields' && (
          <p className="small item-input">
            {input.fields.map(([label, value], index) => (
              <span key={label}>
                {index > 0 && ' · '}
                <span className="muted">{label}</span> <span className="mono">{value}</span>
              </span>
            ))}
          </p>
        )}
        {input?.kind === 'text' && (
          <p className="small">
            <span className="label">Input</span> <span className="mono">{input.text}</span>
          </p>
        )}
        {result?.kind === 'change' && (
          <dl className="item-change small">
            <dt>Before</dt>
            <dd className={result.before ? undefined : 'muted'}>{result.before ?? '(empty)'}</dd>
            <dt>After</dt>
            <dd>{result.after}</dd>
            {result.model && (
              <>
                <dt>Model</dt>
                <dd className="muted">{result.model}</dd>
              </>
            )}
          </dl>
        )}
        {result?.kind === 'score' && (
          <p className="small">
            <span className="label">Score</span> {formatNumber(result.score)} / 100 · <StatusBadge status={result.recommendation} />
          </p>
        )}
        {result?.kind === 'text' && (
          <p className="small">
            <span className="label">Result</span> {result.text}
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
