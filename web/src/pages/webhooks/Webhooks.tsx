import { useState } from 'react';
import { useSession } from '../../app/session.js';
import { Fact } from '../../components/Fact.js';
import { PageTitle } from '../../components/PageTitle.js';
import { EmptyState, LoadError, Loading } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDateTime, formatRelative, summarize } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { listDeliveries, listEndpoints, redeliver, sendTestEvent } from '../../resources/webhooks.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../types.js';

/** The tenant's webhook endpoints: their state, their recent deliveries, a test event and redelivery. */
export function Webhooks() {
  const { api } = useSession();
  const endpoints = useResource((signal) => listEndpoints(api, signal), [api]);

  return (
    <>
      <PageTitle
        title="Webhooks"
        actions={
          <button type="button" className="button secondary" onClick={endpoints.reload} disabled={endpoints.loading}>
            Refresh
          </button>
        }
      >
        Webhooks
      </PageTitle>
      <p className="intro">
        Where this tenant hears about finished jobs and meters near their limit. Each request is signed (Standard Webhooks); a failed
        one is retried with the same webhook-id.
      </p>
      {endpoints.error !== undefined ? (
        <LoadError error={endpoints.error} what="webhook endpoints" onRetry={endpoints.reload} />
      ) : !endpoints.data ? (
        <Loading label="Loading webhook endpoints…" />
      ) : endpoints.data.length === 0 ? (
        <EmptyState title="No webhook endpoints.">
          <p>Register one with POST /v1/webhook-endpoints: its signing secret is shown once, in that answer.</p>
        </EmptyState>
      ) : (
        endpoints.data.map((endpoint) => <Endpoint key={endpoint.id} endpoint={endpoint} />)
      )}
    </>
  );
}

function endpointState(endpoint: WebhookEndpoint): string {
  if (!endpoint.enabled) return `disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}`;
  if (endpoint.failing_since) return `failing since ${formatDateTime(endpoint.failing_since)}`;
  return 'enabled';
}

function Endpoint({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { api } = useSession();
  const deliveries = useResource((signal) => listDeliveries(api, endpoint.id, signal), [api, endpoint.id]);
  const [notice, setNotice] = useState<string>();
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      setNotice(done);
    } catch (error) {
      setNotice(`Failed: ${(error as Error).message}`);
    }
    deliveries.reload();
  };

  return (
    <section className="card" aria-label={`Endpoint ${endpoint.url}`}>
      <h2 className="card-title">{endpoint.url}</h2>
      <dl className="facts">
        <Fact term="State" value={endpointState(endpoint)} />
        <Fact term="Events" value={endpoint.events.join(', ')} />
        {endpoint.description && <Fact term="Description" value={endpoint.description} />}
        {endpoint.rotation_overlap_until && <Fact term="Previous secret signs until" value={formatDateTime(endpoint.rotation_overlap_until)} />}
      </dl>
      <div className="actions">
        <button type="button" className="button secondary small" disabled={!endpoint.enabled} onClick={() => void act(() => sendTestEvent(api, endpoint.id), 'Test event queued.')}>
          Send test event
        </button>
      </div>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {deliveries.error !== undefined ? (
        <LoadError error={deliveries.error} what="deliveries" onRetry={deliveries.reload} />
      ) : !deliveries.data ? (
        <Loading label="Loading deliveries…" />
      ) : deliveries.data.length === 0 ? (
        <p className="muted">No deliveries yet.</p>
      ) : (
        <ul className="deliveries" aria-label={`Deliveries to ${endpoint.url}`}>
          {deliveries.data.map((delivery) => (
            <Delivery key={delivery.id} delivery={delivery} onRedeliver={() => void act(() => redeliver(api, endpoint.id, delivery.id), 'Delivery queued again.')} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Delivery({ delivery, onRedeliver }: { delivery: WebhookDelivery; onRedeliver: () => void }) {
  const last = delivery.last_status_code !== null ? `HTTP ${delivery.last_status_code}` : delivery.last_error ? summarize(delivery.last_error, 120) : 'not tried yet';
  return (
    <li>
      <StatusBadge status={delivery.status} /> <strong>{delivery.event_type}</strong> · {delivery.attempts} attempt{delivery.attempts === 1 ? '' : 's'} · {last}
      {delivery.last_duration_ms !== null && ` in ${delivery.last_duration_ms} ms`}
      {delivery.status === 'pending' && delivery.next_attempt_at && ` · next ${formatRelative(delivery.next_attempt_at)}`}
      {delivery.status !== 'pending' && delivery.status !== 'delivered' && (
        <>
          {' '}
          <button type="button" className="button ghost small" onClick={onRedeliver}>
            Redeliver
          </button>
        </>
      )}
    </li>
  );
}
