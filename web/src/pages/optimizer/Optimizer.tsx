import { useRef, useState, type FormEvent } from 'react';
import { useSession } from '../../app/session.js';
import { PageTitle } from '../../components/PageTitle.js';
import { LoadError, Loading } from '../../components/States.js';
import { plural } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { createOptimization, getCredits, listCollections } from '../../resources/catalog.js';
import type { OptimizationCreated } from '../../types.js';
import { CollectionPicker } from './CollectionPicker.js';
import { CreditsSummary } from './CreditsSummary.js';
import { JobOptions } from './JobOptions.js';
import {
  describeFailure,
  emptyForm,
  requiredCredits,
  toRequest,
  validate,
  type FieldErrors,
  type OptimizerForm,
  type SubmitProblem,
} from './optimizer-form.js';
import { ProductPicker } from './ProductPicker.js';
import { SubmitOutcome } from './SubmitOutcome.js';

export function Optimizer() {
  const { api } = useSession();
  const credits = useResource((signal) => getCredits(api, signal), [api]);
  const collections = useResource((signal) => listCollections(api, signal), [api]);
  const [form, setForm] = useState<OptimizerForm>(emptyForm);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<SubmitProblem | null>(null);
  const [created, setCreated] = useState<OptimizationCreated | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const outcome = useRef<HTMLDivElement>(null);

  const collectionList = collections.data?.data ?? [];
  const required = requiredCredits(form, collectionList);
  const update = (patch: Partial<OptimizerForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setFieldErrors((errors) => clearFor(errors, patch));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = validate(form);
    setProblem(null);
    setFieldErrors(local);
    if (Object.keys(local).length > 0) return focusFirstError();
    setSubmitting(true);
    try {
      const result = await createOptimization(api, toRequest(form));
      setCreated(result);
      setForm(emptyForm);
      credits.setData((c) => c && { ...c, remaining: result.remainingCredits, creditsUsed: c.creditsTotal - result.remainingCredits });
    } catch (error) {
      const failure = describeFailure(error, required);
      setCreated(null);
      if (failure.kind === 'fields') {
        setFieldErrors(failure.fields);
        if (failure.message) setProblem(failure);
        focusFirstError();
      } else {
        setProblem(failure);
      }
      if (failure.kind === 'credits') credits.setData((c) => c && { ...c, remaining: failure.remaining });
    } finally {
      setSubmitting(false);
      outcome.current?.scrollIntoView?.({ block: 'nearest' });
    }
  };

  return (
    <>
      <PageTitle title="Product optimizer">Product optimizer</PageTitle>
      <p className="intro">Rewrite product texts with AI. Each product × attribute costs one credit.</p>
      <div ref={outcome}>
        <SubmitOutcome created={created} problem={problem} onDismiss={() => setCreated(null)} />
      </div>
      <form className="optimizer" onSubmit={(event) => void submit(event)} noValidate aria-label="Create an optimization job">
        <fieldset className="scope" aria-describedby="scope-error">
          <legend>Optimize</legend>
          {(['products', 'collections'] as const).map((scope) => (
            <label key={scope} className="check">
              <input type="radio" name="scope" value={scope} checked={form.scope === scope} onChange={() => update({ scope })} />
              {scope === 'products' ? 'Chosen products' : 'Whole collections'}
            </label>
          ))}
          <p id="scope-error" className="field-error" role="alert">
            {fieldErrors.sourceScope}
          </p>
        </fieldset>
        {form.scope === 'products' ? (
          <ProductPicker selected={form.products} onChange={(products) => update({ products })} error={fieldErrors.productIds} />
        ) : collections.error !== undefined ? (
          <LoadError error={collections.error} what="collections" onRetry={collections.reload} />
        ) : collections.loading ? (
          <Loading label="Loading collections…" />
        ) : (
          <CollectionPicker
            collections={collectionList}
            selected={form.collections}
            onChange={(ids) => update({ collections: ids })}
            error={fieldErrors.collectionIds}
          />
        )}
        <JobOptions form={form} errors={fieldErrors} onChange={update} />
        <CreditsSummary form={form} collections={collectionList} credits={credits} />
        <button type="submit" className="button primary" disabled={submitting}>
          {submitting ? 'Creating job…' : required > 0 ? `Optimize for ${plural(required, 'credit')}` : 'Optimize'}
        </button>
      </form>
    </>
  );
}

function clearFor(errors: FieldErrors, patch: Partial<OptimizerForm>): FieldErrors {
  const next = { ...errors };
  if ('scope' in patch) delete next.sourceScope;
  if ('products' in patch || 'scope' in patch) delete next.productIds;
  if ('collections' in patch || 'scope' in patch) delete next.collectionIds;
  if ('attributes' in patch) delete next.attributes;
  if ('language' in patch) delete next.language;
  if ('prompt' in patch) delete next.prompt;
  return next;
}

function focusFirstError() {
  // After React paints the messages: the first invalid control takes focus.
  requestAnimationFrame(() => {
    const invalid = document.querySelector<HTMLElement>('form.optimizer [aria-invalid="true"]');
    const target = invalid?.matches('fieldset') ? invalid.querySelector<HTMLElement>('input, select, textarea') : invalid;
    target?.focus();
  });
}
