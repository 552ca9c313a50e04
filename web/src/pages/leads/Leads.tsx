import { useCallback, useMemo, useState } from 'react';
import { errorMessage } from '../../api.js';
import { useSession } from '../../app/session.js';
import { LiveBadge } from '../../components/LiveBadge.js';
import { PageTitle } from '../../components/PageTitle.js';
import { EmptyState, LoadError, Loading } from '../../components/States.js';
import { useJobEvents } from '../../lib/use-job-events.js';
import { useResource } from '../../lib/use-resource.js';
import { listLeads, type LeadSite } from '../../resources/leads.js';
import { getUsage } from '../../resources/usage.js';
import type { Job, Lead, Meter } from '../../types.js';
import { describeUsage, type QuotaUsage } from './lead-evaluation.js';
import { LeadCard } from './LeadCard.js';

export function Leads() {
  const { api, me } = useSession();
  const site = useMemo<LeadSite>(() => ({ tenantId: me.tenant?.id ?? '', userId: me.key.id }), [me]);
  const first = useResource((signal) => listLeads(api, site, '', null, signal), [api, site]);
  const [more, setMore] = useState<{ leads: Lead[]; cursor: string | null | undefined; loading: boolean; error: unknown }>({
    leads: [],
    cursor: undefined,
    loading: false,
    error: undefined,
  });
  const [answered, setUsage] = useState<QuotaUsage | null>(null);
  // Before any evaluation is asked for, the quota comes from /v1/usage; afterwards from the answers.
  const meters = useResource((signal) => getUsage(api, signal), [api]);
  const usage = answered ?? quotaOf(meters.data?.meters.find((m) => m.name === EVALUATION_METER));
  const [pushed, setPushed] = useState<Record<string, Job>>({});

  const onJob = useCallback((job: Job) => setPushed((all) => ({ ...all, [job.id]: job })), []);
  const live = useJobEvents(api, '/v1/events', onJob);

  const leads = [...(first.data?.data ?? []), ...more.leads];
  const cursor = more.cursor === undefined ? first.data?.next_cursor : more.cursor;

  const loadMore = async () => {
    if (!cursor) return;
    setMore((m) => ({ ...m, loading: true, error: undefined }));
    try {
      const page = await listLeads(api, site, '', cursor);
      setMore((m) => ({ leads: [...m.leads, ...page.data], cursor: page.next_cursor, loading: false, error: undefined }));
    } catch (error) {
      setMore((m) => ({ ...m, loading: false, error }));
    }
  };

  return (
    <>
      <PageTitle title="Leads" actions={<LiveBadge state={live} />}>
        Leads
      </PageTitle>
      <p className="intro">Ask the AI to score a rental application. Each evaluation uses one of the site’s monthly evaluations.</p>
      <p className="usage-line" aria-live="polite">
        {usage ? `${describeUsage(usage)}${usage.remaining !== undefined ? `, ${usage.remaining} left` : ''}.` : ''}
      </p>
      {first.error !== undefined ? (
        <LoadError error={first.error} what="leads" onRetry={first.reload} />
      ) : first.loading || !first.data ? (
        <Loading label="Loading leads…" />
      ) : leads.length === 0 ? (
        <EmptyState title="No leads yet.">
          <p>Leads arrive from the site’s application form. When one does, evaluate it here.</p>
        </EmptyState>
      ) : (
        <ul className="lead-list" aria-label="Leads">
          {leads.map((lead) => (
            <li key={lead.id}>
              <LeadCard
                lead={lead}
                site={site}
                pushed={pushed}
                pollMs={live === 'live' ? 5000 : 1500}
                onUsage={setUsage}
                usage={usage}
              />
            </li>
          ))}
        </ul>
      )}
      {more.error !== undefined && (
        <p className="field-error" role="alert">
          Could not load more leads: {errorMessage(more.error)}
        </p>
      )}
      {cursor && (
        <button type="button" className="button secondary" onClick={() => void loadMore()} disabled={more.loading}>
          {more.loading ? 'Loading…' : 'Load more leads'}
        </button>
      )}
    </>
  );
}

/** The meter lead evaluations are charged to (seed 000's monthly quota). */
const EVALUATION_METER = 'lead_evaluations';

function quotaOf(meter: Meter | undefined): QuotaUsage | null {
  return meter ? { used: meter.used, limit: meter.limit, remaining: meter.remaining, month: meter.period } : null;
}
