import { StatusBadge } from '../../components/StatusBadge.js';
import { words } from '../../lib/format.js';
import type { Evaluation } from '../../types.js';

export function EvaluationResult({ evaluation, leadName }: { evaluation: Evaluation; leadName: string }) {
  return (
    <div className="evaluation">
      <div className="evaluation-head">
        <p className="score" data-testid="score">
          <span className="visually-hidden">Score </span>
          <span className="score-value">{evaluation.score}</span>
          <span className="muted small"> / 100</span>
        </p>
        <meter min={0} max={100} low={40} high={70} optimum={100} value={evaluation.score} aria-label={`Score of ${leadName}`} />
        <p>
          Recommendation: <StatusBadge status={evaluation.recommendation} />
        </p>
      </div>
      {evaluation.reasons.length > 0 && (
        <>
          <h4>Reasons</h4>
          <ul className="reasons">
            {evaluation.reasons.map((reason, index) => (
              <li key={index}>
                {reason.text}
                {reason.fields.length > 0 && <span className="muted small"> — {reason.fields.map(words).join(', ')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {evaluation.risk_flags.length > 0 && (
        <p className="risk-flags">
          <span className="label">Risk flags</span>{' '}
          {evaluation.risk_flags.map((flag) => (
            <span key={flag} className="badge badge-warn">
              {words(flag)}
            </span>
          ))}
        </p>
      )}
      <p className="muted small">Model {evaluation.model_version}</p>
    </div>
  );
}
