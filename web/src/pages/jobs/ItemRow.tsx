import { StatusBadge } from '../../components/StatusBadge.js';
import { formatNumber, summarize } from '../../lib/format.js';
import type { JobItem } from '../../types.js';
import { describeInput, describeResult } from './item-view.js';

/** One line per item where the values are short: what it is, what came of it, then attempts and cost. Long values wrap in their own column. */
export function ItemRow({ item }: { item: JobItem }) {
  const input = describeInput(item.input);
  const result = describeResult(item.result);
  const error = summarize(item.error);
  return (
    <div className="item-row">
      <span className="item-seq mono">#{item.seq}</span>
      <StatusBadge status={item.status} />
      <span className="item-what small">
        {input?.kind === 'product' && (
          <>
            <strong>{input.product}</strong> <span className="muted">· {input.attribute}</span>
          </>
        )}
        {input?.kind === 'fields' &&
          input.fields.map(([label, value], index) => (
            <span key={label}>
              {index > 0 && ' · '}
              <span className="muted">{label}</span> <span className="mono">{value}</span>
            </span>
          ))}
        {input?.kind === 'text' && <span className="mono">{input.text}</span>}
      </span>
      <span className="item-outcome small">
        {result?.kind === 'change' && (
          <>
            <span className={result.before ? 'item-before' : 'item-before muted'}>{result.before ?? '(empty)'}</span>
            <span className="muted" aria-label="became">
              {' → '}
            </span>
            <span className="item-after">{result.after}</span>
          </>
        )}
        {result?.kind === 'score' && (
          <>
            Score {formatNumber(result.score)} / 100 <StatusBadge status={result.recommendation} />
          </>
        )}
        {result?.kind === 'text' && result.text}
        {error && <span className="item-error">{error}</span>}
      </span>
      <span className="item-meta small muted" title={result?.kind === 'change' && result.model ? `Model ${result.model}` : undefined}>
        {item.attempts > 1 && `${formatNumber(item.attempts)} attempts · `}
        {item.actual === undefined || item.actual === null
          ? `cost ${formatNumber(item.cost)}`
          : item.actual === (item.reserved ?? item.cost)
            ? `cost ${formatNumber(item.actual)}`
            : `reserved ${formatNumber(item.reserved ?? item.cost)} · actual ${formatNumber(item.actual)}`}
      </span>
    </div>
  );
}
