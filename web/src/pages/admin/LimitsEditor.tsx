import { useId } from 'react';

export interface LimitRow {
  meter: string;
  limit: string;
}

export function toRows(limits: Record<string, number>): LimitRow[] {
  return Object.entries(limits).map(([meter, limit]) => ({ meter, limit: String(limit) }));
}

/** Rows → limits, or the first problem in words. */
export function fromRows(rows: readonly LimitRow[]): { limits: Record<string, number> } | { error: string } {
  const limits: Record<string, number> = {};
  for (const row of rows) {
    const meter = row.meter.trim();
    if (!meter && !row.limit.trim()) continue;
    if (!/^[a-z][a-z0-9_.-]*$/i.test(meter)) return { error: `“${meter || '(empty)'}” is not a meter name: use letters, digits and _.` };
    const limit = Number(row.limit);
    if (!Number.isInteger(limit) || limit < 0) return { error: `The limit of ${meter} must be a whole number, 0 or more.` };
    if (meter in limits) return { error: `${meter} appears twice.` };
    limits[meter] = limit;
  }
  return { limits };
}

interface Props {
  rows: LimitRow[];
  onChange: (rows: LimitRow[]) => void;
  knownMeters: readonly string[];
  error?: string | null | undefined;
}

/** Monthly allowance per meter. */
export function LimitsEditor({ rows, onChange, knownMeters, error }: Props) {
  const id = useId();
  const set = (index: number, patch: Partial<LimitRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="limits" aria-describedby={`${id}-error`}>
      <legend>Monthly limits</legend>
      <datalist id={`${id}-meters`}>
        {knownMeters.map((meter) => (
          <option key={meter} value={meter} />
        ))}
      </datalist>
      {rows.length === 0 && <p className="muted small">No limits: the tier’s defaults apply.</p>}
      {rows.map((row, index) => (
        <div className="limit-row" key={index}>
          <div className="field">
            <label htmlFor={`${id}-meter-${index}`}>Meter</label>
            <input
              id={`${id}-meter-${index}`}
              list={`${id}-meters`}
              value={row.meter}
              onChange={(event) => set(index, { meter: event.target.value })}
              autoComplete="off"
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-limit-${index}`}>Limit</label>
            <input
              id={`${id}-limit-${index}`}
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              value={row.limit}
              onChange={(event) => set(index, { limit: event.target.value })}
            />
          </div>
          <button
            type="button"
            className="button ghost small"
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
            aria-label={`Remove the limit of ${row.meter || 'this meter'}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button secondary small" onClick={() => onChange([...rows, { meter: '', limit: '' }])}>
        Add a limit
      </button>
      <p id={`${id}-error`} className="field-error" role="alert">
        {error}
      </p>
    </fieldset>
  );
}
