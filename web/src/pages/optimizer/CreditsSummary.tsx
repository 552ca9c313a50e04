import { errorMessage } from '../../api.js';
import { formatNumber, plural } from '../../lib/format.js';
import type { Resource } from '../../lib/use-resource.js';
import type { Collection, Credits } from '../../types.js';
import { productCount, requiredCredits, type OptimizerForm } from './optimizer-form.js';

/** The price before the press: products × attributes, beside what is left this month. */
export function CreditsSummary({
  form,
  collections,
  credits,
}: {
  form: OptimizerForm;
  collections: readonly Collection[];
  credits: Resource<Credits>;
}) {
  const products = productCount(form, collections);
  const required = requiredCredits(form, collections);
  const remaining = credits.data?.remaining;
  const short = remaining !== undefined && required > remaining ? required - remaining : 0;
  const approximate = form.scope === 'collections' && form.collections.size > 1;

  return (
    <section className="credits" aria-label="Credits" aria-live="polite">
      <p>
        <span className="credits-figure" data-testid="required-credits">
          {approximate ? 'Up to ' : ''}
          {plural(required, 'credit')}
        </span>{' '}
        required <span className="muted">
          ({plural(products, 'product')} × {plural(form.attributes.size, 'attribute')})
        </span>
      </p>
      <p>
        {credits.error !== undefined ? (
          <span className="field-error">Remaining credits unknown: {errorMessage(credits.error)}</span>
        ) : remaining === undefined ? (
          <span className="muted">Loading remaining credits…</span>
        ) : (
          <>
            <span className="credits-figure" data-testid="remaining-credits">
              {formatNumber(remaining)}
            </span>{' '}
            {remaining === 1 ? 'credit' : 'credits'} remaining{credits.data ? ` in ${credits.data.month}` : ''}
          </>
        )}
      </p>
      {short > 0 && (
        <p className="warning-text">
          That is {plural(short, 'credit')} more than you have left. Choose fewer products or attributes.
        </p>
      )}
    </section>
  );
}
