import { useSession } from '../../app/session.js';
import { errorMessage } from '../../api.js';
import { formatNumber, words } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { getTenantUsage } from '../../resources/usage.js';

/** A tenant's meters this period, used of limit: what an admin checks before raising a limit. */
export function TenantUsage({ tenantId }: { tenantId: string }) {
  const { adminApi } = useSession();
  const usage = useResource((signal) => getTenantUsage(adminApi, tenantId, signal), [adminApi, tenantId]);
  if (usage.error !== undefined) return <span className="field-error small">Usage unavailable: {errorMessage(usage.error)}</span>;
  if (!usage.data) return <span className="muted small">Loading…</span>;
  if (usage.data.meters.length === 0) return <span className="muted small">no meters</span>;
  return (
    <ul className="meter-list small" aria-label={`Usage of ${tenantId} in ${usage.data.period}`}>
      {usage.data.meters.map((meter) => (
        <li key={meter.name} className={meter.remaining <= 0 ? 'item-error' : undefined}>
          {words(meter.name)} {formatNumber(meter.used)} / {formatNumber(meter.limit)}
        </li>
      ))}
    </ul>
  );
}
