const TIERS = ['free', 'pro'];

interface Props {
  id: string;
  value: string;
  onChange: (tier: string) => void;
  /** The tenant's saved tier: offered even when the dashboard does not know it, so saving limits keeps it. */
  saved?: string | undefined;
}

export function TierField({ id, value, onChange, saved }: Props) {
  const tiers = saved === undefined || TIERS.includes(saved) ? TIERS : [...TIERS, saved];
  return (
    <div className="field">
      <label htmlFor={id}>Tier</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {tiers.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
    </div>
  );
}
