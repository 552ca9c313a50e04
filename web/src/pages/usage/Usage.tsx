import { useId, useState } from 'react';
import { useSession } from '../../app/session.js';
import { PageTitle } from '../../components/PageTitle.js';
import { EmptyState, LoadError, Loading } from '../../components/States.js';
import { words } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { getUsage, listPeriodLedger } from '../../resources/usage.js';
import type { Usage as UsageData } from '../../types.js';
import { LedgerChart } from './LedgerChart.js';
import { ledgerByDay } from './ledger-by-day.js';
import { MeterBar } from './MeterBar.js';

export function Usage() {
  const { api } = useSession();
  const usage = useResource((signal) => getUsage(api, signal), [api]);

  return (
    <>
      <PageTitle
        title="Usage"
        actions={
          <button type="button" className="button secondary" onClick={usage.reload} disabled={usage.loading}>
            Refresh
          </button>
        }
      >
        Usage{usage.data ? ` · ${usage.data.period}` : ''}
      </PageTitle>
      {usage.error !== undefined ? (
        <LoadError error={usage.error} what="usage" onRetry={usage.reload} />
      ) : !usage.data ? (
        <Loading label="Loading usage…" />
      ) : usage.data.meters.length === 0 ? (
        <EmptyState title="No meters yet.">
          <p>This tenant has no allowances. An administrator can set limits on the Admin page.</p>
        </EmptyState>
      ) : (
        <>
          <ul className="meters" aria-label="Meters">
            {usage.data.meters.map((meter) => (
              <MeterBar key={meter.name} meter={meter} />
            ))}
          </ul>
          <LedgerSection usage={usage.data} />
        </>
      )}
    </>
  );
}

function LedgerSection({ usage }: { usage: UsageData }) {
  const { api } = useSession();
  const selectId = useId();
  const [meter, setMeter] = useState(usage.meters[0]?.name ?? '');
  const ledger = useResource((signal) => listPeriodLedger(api, meter, usage.period, signal), [api, meter, usage.period]);

  return (
    <section className="card" aria-labelledby="ledger-heading">
      <div className="section-head">
        <h2 id="ledger-heading">Ledger by day</h2>
        <div className="inline-field">
          <label htmlFor={selectId}>Meter</label>
          <select id={selectId} value={meter} onChange={(event) => setMeter(event.target.value)}>
            {usage.meters.map((m) => (
              <option key={m.name} value={m.name}>
                {words(m.name)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {ledger.error !== undefined ? (
        <LoadError error={ledger.error} what="the ledger" onRetry={ledger.reload} />
      ) : ledger.loading || !ledger.data ? (
        <Loading label="Loading the ledger…" />
      ) : ledger.data.entries.length === 0 ? (
        <EmptyState title={`No ledger entries for ${words(meter)} in ${usage.period}.`}>
          <p>
            Charges appear here when jobs are admitted. Start one from the <a href="#/optimizer">Product optimizer</a> or{' '}
            <a href="#/leads">Leads</a>.
          </p>
        </EmptyState>
      ) : (
        <>
          <LedgerChart days={ledgerByDay(ledger.data.entries, usage.period)} meter={words(meter)} />
          {ledger.data.truncated && <p className="muted small">Showing the first entries only; the period has more.</p>}
        </>
      )}
    </section>
  );
}
