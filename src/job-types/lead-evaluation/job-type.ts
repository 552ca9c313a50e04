import { z } from 'zod';
import { MODEL_NAME, type Config } from '../../config.js';
import type { Clock } from '../../core/clock.js';
import { defineJobType, PermanentError } from '../../core/job-types.js';
import type { ChatProvider } from '../../providers/types.js';
import type { Store } from '../../store/db.js';
import { leadForEvaluation } from './lead.js';
import { findLead } from './leads.store.js';
import { evaluateLeadLocally, LOCAL_MODEL_VERSION } from './model.js';
import { buildLeadEvaluationPrompt, LEAD_EVALUATION_SCHEMA_NAME, LeadEvaluationOutput } from './prompt.js';
import type { Evaluation } from './render.js';

export const LEAD_EVALUATION = 'lead_evaluation';
export const LEAD_EVALUATION_METER = 'lead_evaluations';

interface Deps {
  config: Pick<Config, 'ai'>;
  store: Store;
  clock: Clock;
  provider: ChatProvider | undefined;
}

/** What deciding on a model needs: the configured default and whether a provider is there. */
export type ModelDeps = Pick<Deps, 'config' | 'provider'>;

/**
 * What `model_version` means: `auto` is the configured default (the local model, or OPENAI_MODEL
 * with AI_PROVIDER=openai); the local model's name always runs the local rules; any other name is
 * an OpenAI model and needs AI_PROVIDER=openai.
 */
export function resolveModelVersion(requested: string, deps: ModelDeps): { ok: true; model: string } | { ok: false; message: string } {
  if (requested === 'auto') return { ok: true, model: deps.provider ? deps.config.ai.model : LOCAL_MODEL_VERSION };
  if (requested === LOCAL_MODEL_VERSION) return { ok: true, model: requested };
  if (!deps.provider) return { ok: false, message: `must be "auto" or "${LOCAL_MODEL_VERSION}": this server runs the local model only (AI_PROVIDER=local)` };
  if (!MODEL_NAME.test(requested)) return { ok: false, message: 'must be "auto" or a model name (letters, digits, . _ : / @ -, at most 100)' };
  return { ok: true, model: requested };
}

export function leadEvaluationInput(deps: ModelDeps) {
  return z
    .object({ lead_id: z.string().min(1).max(200), model_version: z.string().default('auto') })
    .strict()
    .transform((input, ctx) => {
      const resolved = resolveModelVersion(input.model_version, deps);
      if (!resolved.ok) {
        ctx.addIssue({ code: 'custom', path: ['model_version'], message: resolved.message });
        return z.NEVER;
      }
      return { lead_id: input.lead_id, model_version: resolved.model };
    });
}
export type LeadEvaluationInput = { lead_id: string; model_version: string };

/** Deterministic per job: a retried attempt writes (and finds) the same row. */
export const evaluationIdFor = (jobId: string) => `eval_${jobId.replace(/^job_/, '')}`;

/**
 * `lead_evaluation`: one evaluation of one lead, 1 `lead_evaluations` (a monthly quota). The lead is
 * the dedup subject, so a lead has at most one evaluation pending or running, whoever asks.
 */
export function leadEvaluationType(deps: Deps) {
  return defineJobType<LeadEvaluationInput>({
    name: LEAD_EVALUATION,
    input: leadEvaluationInput(deps),
    meter: LEAD_EVALUATION_METER,
    cost: () => 1,
    subject: (input) => input.lead_id,
    maxAttempts: 5,
    async process({ jobId, tenantId, input }, { signal }): Promise<Evaluation> {
      const db = deps.store.db;
      const lead = await findLead(db, tenantId, input.lead_id);
      if (!lead) throw new PermanentError(`Lead ${input.lead_id} no longer exists`);
      const now = deps.clock.now();
      const subject = leadForEvaluation(lead);

      let answer: Omit<Evaluation, 'evaluation_id'>;
      if (input.model_version === LOCAL_MODEL_VERSION) {
        const local = evaluateLeadLocally(subject, { now: new Date(now) });
        answer = {
          score: local.score,
          recommendation: local.recommendation,
          reasons: local.reasons.map(({ text, fields }) => ({ text, fields })),
          risk_flags: local.risk_flags,
          model_version: LOCAL_MODEL_VERSION,
        };
      } else {
        // Admitted while AI_PROVIDER=openai, run by a worker without it: no retry will help.
        if (!deps.provider) throw new PermanentError(`Model "${input.model_version}" needs AI_PROVIDER=openai; this worker runs the local model only`);
        const prompt = buildLeadEvaluationPrompt(subject, { now: new Date(now) });
        const reply = await deps.provider.completeJSON({
          ...prompt,
          schema: LeadEvaluationOutput,
          schemaName: LEAD_EVALUATION_SCHEMA_NAME,
          model: input.model_version,
          signal,
        });
        // The provider validated it already; a provider that did not would fail here, for good.
        const output = LeadEvaluationOutput.safeParse(reply.value);
        if (!output.success) throw new PermanentError(`The model's answer does not match the evaluation schema: ${output.error.message}`);
        answer = { ...output.data, model_version: reply.model };
      }

      // The handler's only output is its return value: the settle that records this item as succeeded
      // also writes the evaluation (migration 0005's trigger). An attempt that is cancelled, fails or
      // loses its lease delivers nothing, so no evaluation exists that was not paid for.
      signal.throwIfAborted();
      return { evaluation_id: evaluationIdFor(jobId), ...answer };
    },
  });
}
