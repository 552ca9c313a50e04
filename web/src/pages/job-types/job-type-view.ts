// How the Job types page words a type: its cost rule, its handler and the age of its queue.
import { formatDuration, formatNumber, plural } from '../../lib/format.js';
import type { JobType } from '../../types.js';

/** "2 credits per item", "1 credit per job", "3 × /pages credits", "set by code". */
export function describeCost(cost: JobType['cost'] | Record<string, unknown>): string {
  if (cost === null) return 'set by code';
  const rule = cost as Record<string, unknown>;
  if (typeof rule.per_job === 'number') return `${plural(rule.per_job, 'credit')} per job`;
  if (typeof rule.per_item === 'number') return `${plural(rule.per_item, 'credit')} per item`;
  if (typeof rule.from === 'string') {
    // "" is a JSON Pointer to the whole input; the server calls it "(input)" too.
    const pointer = rule.from === '' ? '(input)' : rule.from;
    const multiplier = typeof rule.multiplier === 'number' ? rule.multiplier : 1;
    return multiplier === 1 ? `${pointer} credits` : `${formatNumber(multiplier)} × ${pointer} credits`;
  }
  // A rule this dashboard does not know yet: show it as the server wrote it.
  return JSON.stringify(cost);
}

/** The handler's kind as a declaration names it, and for an HTTP handler where it calls and how hard. */
export function describeHandler(handler: JobType['handler']): { kind: string; detail: string | null } {
  const kind = handler.kind;
  if (kind !== 'http') return { kind, detail: null };
  const timeout = handler.timeout_ms;
  const limits = [
    timeout !== undefined ? `timeout ${timeout < 1000 ? `${formatNumber(timeout)} ms` : formatDuration(timeout)}` : null,
    handler.concurrency !== undefined ? `${formatNumber(handler.concurrency)} at a time` : null,
  ].filter((part) => part !== null);
  const detail = [handler.url, limits.join(', ')].filter(Boolean).join(' · ');
  return { kind, detail: detail || null };
}

/** How long the oldest pending item has waited ("3 min"), or an em dash when nothing waits. */
export function oldestPendingAge(since: string | null | undefined, now = Date.now()): string {
  if (!since) return '—';
  const at = new Date(since).getTime();
  return Number.isNaN(at) ? since : formatDuration(now - at);
}
