/**
 * Tollgate's vocabulary. These words mean one thing each, in code, API, docs and UI.
 *
 * - tenant: the customer account that owns jobs and allowances (a site, a shop, an app instance).
 * - key: an API secret `tg_…`; only its SHA-256 hash is stored. Role `admin` or `tenant`.
 * - meter: a named allowance such as `lead_evaluations` or `credits`, of kind `quota` (exhausted → 429)
 *   or `credits` (insufficient → 402).
 * - period: the calendar month, UTC, that a meter's usage belongs to, stored as data: `2026-11`.
 * - limit: how much of a meter a tenant may use in one period: the tenant's override, else its tier's default.
 * - key budget: a tenant key's own limit on a meter per period, inside its tenant's allowance; its
 *   counter (`key_usage`) MUST equal the sum of the ledger entries that name the key.
 * - usage: the counter `used` per tenant × meter × period. It MUST change only together with its ledger entry.
 * - hold: the charge at admission of a job that settles to its actual cost; open while its items are.
 *   `held` is the part of usage that is open holds, `spent` the rest. A job that would fit once they
 *   settle is refused as `allowance_held`, not as a spent allowance.
 * - ledger entry: an append-only record `charge` (+), `refund` (−), `release` (− the unused part of a
 *   hold) or `adjustment` (±). Invariant:
 *   usage.used = SUM(ledger.amount) for the same tenant, meter and period.
 * - job type: a registered kind of work: input schema, meter, cost, dedup subject, item expansion, handler.
 * - job: one admitted request; it owns one or more items. A type without an expansion gets one item.
 * - item: the unit a worker runs and settles. Its cost is its share of the job's charge.
 * - admission: validate, deduplicate, charge and store a job with its items, all in one transaction.
 * - claim: a worker takes pending items, holding a lease (`locked_by`, `locked_until`) while it runs them.
 * - attempt: one run of an item; a failed attempt is retried with backoff up to the type's maximum.
 * - settle: record an item's outcome; a failed or cancelled item's cost is refunded in the same transaction.
 */
export {};
