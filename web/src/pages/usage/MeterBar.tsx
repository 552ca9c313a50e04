import { daysUntil, formatNumber, plural, words } from '../../lib/format.js';
import type { Meter } from '../../types.js';

export function MeterBar({ meter }: { meter: Meter }) {
  const id = `meter-${meter.name}`;
  const days = daysUntil(meter.resets_at);
  const full = meter.limit > 0 && meter.remaining <= 0;
  return (
    <li className="meter-card">
      <div className="meter-head">
        <h2 id={`${id}-label`}>{words(meter.name)}</h2>
        {/* A meter named after its kind ("credits") would say it twice. */}
        {meter.name !== meter.kind && <span className="meter-kind">{meter.kind === 'credits' ? 'Credits' : 'Quota'}</span>}
      </div>
      <meter
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-text`}
        min={0}
        max={Math.max(meter.limit, 1)}
        low={meter.limit * 0.75}
        high={meter.limit * 0.9}
        optimum={0}
        value={Math.min(meter.used, Math.max(meter.limit, 1))}
        className={full ? 'meter-full' : undefined}
      />
      <p id={`${id}-text`} className="meter-text">
        <strong>{formatNumber(meter.used)}</strong> of {formatNumber(meter.limit)} used ·{' '}
        <strong>{formatNumber(meter.remaining)}</strong> remaining
      </p>
      {meter.held !== undefined && meter.spent !== undefined && <HeldAgainstSpent meter={meter} held={meter.held} spent={meter.spent} />}
      <p className="muted small">
        Period {meter.period} · resets {days === 0 ? 'today' : `in ${plural(days, 'day')}`}
      </p>
    </li>
  );
}

/**
 * What of `used` is spent (finished work) and what is held by running jobs that settle to their
 * actual cost: the held part comes back, in part, as they finish.
 */
function HeldAgainstSpent({ meter, held, spent }: { meter: Meter; held: number; spent: number }) {
  // SVG attributes, not inline styles: the page's CSP allows none.
  const of = Math.max(meter.limit, meter.used, 1);
  const share = (n: number) => Math.min(100, (Math.max(0, n) / of) * 100);
  return (
    <div className="meter-split">
      <svg
        className="meter-split-bar"
        viewBox="0 0 100 4"
        preserveAspectRatio="none"
        role="img"
        aria-label={`${formatNumber(spent)} spent and ${formatNumber(held)} held of ${formatNumber(meter.limit)}`}
      >
        <rect className="meter-split-spent" x={0} y={0} height={4} width={share(spent)} />
        <rect className="meter-split-held" x={share(spent)} y={0} height={4} width={Math.min(share(held), 100 - share(spent))} />
      </svg>
      <p className="small">
        <strong>{formatNumber(spent)}</strong> spent · <strong>{formatNumber(held)}</strong> held by running jobs
        {held > 0 && <span className="muted"> (what they do not use comes back as they finish)</span>}
      </p>
    </div>
  );
}
