import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../../app/session.js';
import { formatDateTime, formatNumber, words } from '../../lib/format.js';
import { getEvaluation, requestEvaluation, type LeadSite } from '../../resources/leads.js';
import { FINISHED_STATUSES, type Job, type Lead } from '../../types.js';
import { EvaluationResult } from './EvaluationResult.js';
import { describeUsage, initialView, readRefusal, viewFromJob, type EvaluationView, type QuotaUsage } from './lead-evaluation.js';

interface Props {
  lead: Lead;
  site: LeadSite;
  /** Jobs the page's event stream has seen, by id: the card watches its own. */
  pushed: Readonly<Record<string, Job>>;
  /** How often to ask for the result while pending (slower when the event stream is live). */
  pollMs: number;
  onUsage: (usage: QuotaUsage) => void;
  /** The month's evaluations as last known, for the warning before evaluating again. */
  usage: QuotaUsage | null;
}

type Message = { tone: 'error' | 'info'; text: string; usage?: string };

export function LeadCard({ lead, site, pushed, pollMs, onUsage, usage }: Props) {
  const { api } = useSession();
  const [view, setView] = useState<EvaluationView>(() => initialView(lead));
  const [message, setMessage] = useState<Message | null>(null);
  const [confirming, setConfirming] = useState(false);
  const headingId = `lead-${lead.id}`;
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const refresh = useCallback(async () => {
    try {
      const answer = await getEvaluation(api, site, lead.id);
      if (alive.current) setView(viewFromJob(answer.data));
    } catch {
      // A missed poll is retried on the next tick; the pending state stays.
    }
  }, [api, site, lead.id]);

  const pendingJob = view.phase === 'pending' ? view.jobId : null;
  useEffect(() => {
    if (!pendingJob) return;
    const timer = setInterval(() => void refresh(), pollMs);
    return () => clearInterval(timer);
  }, [pendingJob, pollMs, refresh]);

  const pushedJob = pendingJob ? pushed[pendingJob] : undefined;
  const pushedFinished = pushedJob !== undefined && FINISHED_STATUSES.includes(pushedJob.status);
  useEffect(() => {
    if (pushedFinished) void refresh();
  }, [pushedFinished, refresh]);

  const evaluate = async (forceRefresh = false) => {
    setConfirming(false);
    setView({ phase: 'requesting' });
    setMessage(null);
    try {
      const answer = await requestEvaluation(api, site, lead.id, forceRefresh);
      setView({ phase: 'pending', jobId: answer.data.job_id });
      onUsage({ limit: answer.usage.limit, remaining: answer.usage.remaining, month: answer.usage.month });
    } catch (error) {
      const refusal = readRefusal(error);
      if (refusal.kind === 'pending' && refusal.jobId) {
        setView({ phase: 'pending', jobId: refusal.jobId });
        setMessage({ tone: 'info', text: refusal.message });
        return;
      }
      setView(initialView(lead));
      if (refusal.kind === 'evaluated') {
        setMessage({ tone: 'info', text: refusal.message });
        void refresh();
      } else if (refusal.kind === 'quota') {
        setMessage({ tone: 'error', text: refusal.message, ...(refusal.usage ? { usage: describeUsage(refusal.usage) } : {}) });
        if (refusal.usage) onUsage(refusal.usage);
      } else {
        setMessage({ tone: 'error', text: refusal.message });
      }
    }
  };

  return (
    <article className="card lead" aria-labelledby={headingId}>
      <div className="lead-head">
        <h2 id={headingId}>{lead.name}</h2>
        <span className="badge badge-neutral">{words(lead.status)}</span>
      </div>
      <dl className="facts compact">
        {lead.email && <Fact term="Email" value={lead.email} wide />}
        {lead.monthly_income != null && <Fact term="Monthly income" value={formatNumber(lead.monthly_income)} />}
        {lead.desired_rent != null && <Fact term="Desired rent" value={formatNumber(lead.desired_rent)} />}
        {lead.household_size != null && <Fact term="Household" value={String(lead.household_size)} />}
        {lead.desired_bedrooms != null && <Fact term="Bedrooms" value={String(lead.desired_bedrooms)} />}
        {lead.employment_status && <Fact term="Employment" value={words(lead.employment_status)} />}
        {lead.move_in_date && <Fact term="Move-in" value={lead.move_in_date} />}
        {lead.has_pets != null && <Fact term="Pets" value={lead.has_pets ? (lead.pets ?? 'Yes') : 'No'} />}
        <Fact term="Received" value={formatDateTime(lead.created_at)} wide />
      </dl>
      <section className="lead-eval" aria-label={`AI evaluation of ${lead.name}`} aria-busy={view.phase === 'pending' || view.phase === 'requesting'}>
        <h3 className="visually-hidden">AI evaluation</h3>
        <div role="status" className="lead-status">
          {view.phase === 'requesting' && <span className="pending">Requesting an evaluation…</span>}
          {view.phase === 'pending' && (
            <span className="pending">
              <span className="spinner" aria-hidden="true" /> Evaluation pending…
            </span>
          )}
          {view.phase === 'done' && <span className="visually-hidden">Evaluation complete: score {view.evaluation.score}.</span>}
        </div>
        {message && (
          <div className={`notice notice-${message.tone}`} role={message.tone === 'error' ? 'alert' : undefined}>
            <p>{message.text}</p>
            {message.usage && <p className="small">{message.usage}</p>}
          </div>
        )}
        {view.phase === 'done' && <EvaluationResult evaluation={view.evaluation} leadName={lead.name} />}
        {view.phase === 'failed' && <p className="item-error">{view.error}</p>}
        {(view.phase === 'none' || view.phase === 'failed') && (
          <button type="button" className="button primary" onClick={() => void evaluate(view.phase === 'failed')}>
            {view.phase === 'failed' ? 'Try the evaluation again' : 'Evaluate with AI'}
          </button>
        )}
        {view.phase === 'done' &&
          (confirming ? (
            <div className="confirm" role="group" aria-label={`Evaluate ${lead.name} again`}>
              <p className="small">{againWarning(usage)}</p>
              <button type="button" className="button primary small" onClick={() => void evaluate(true)}>
                Yes, evaluate again
              </button>{' '}
              <button type="button" className="button ghost small" onClick={() => setConfirming(false)}>
                Keep this result
              </button>
            </div>
          ) : (
            <button type="button" className="button ghost small" onClick={() => setConfirming(true)}>
              Evaluate again
            </button>
          ))}
      </section>
    </article>
  );
}

/** A new evaluation is charged even when the lead has one: say so, with what is left, before spending it. */
function againWarning(usage: QuotaUsage | null): string {
  const base = 'A new evaluation uses one of this month’s evaluations';
  if (!usage) return `${base}.`;
  const remaining = usage.remaining ?? (usage.used !== undefined ? usage.limit - usage.used : undefined);
  if (remaining === undefined) return `${base} (limit ${formatNumber(usage.limit)}).`;
  return remaining <= 0
    ? `${base}, and none are left of ${formatNumber(usage.limit)}: it will be refused.`
    : `${base}: ${formatNumber(remaining)} of ${formatNumber(usage.limit)} left.`;
}

function Fact({ term, value, wide = false }: { term: string; value: string; wide?: boolean }) {
  return (
    <div className={wide ? 'wide' : undefined}>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
