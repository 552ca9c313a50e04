import { formatNumber } from '../../lib/format.js';
import { OPTIMIZABLE_ATTRIBUTES, type OptimizableAttribute } from '../../types.js';
import { LANGUAGES, PROMPT_MAX, type FieldErrors, type OptimizerForm } from './optimizer-form.js';

const ATTRIBUTE_LABELS: Record<OptimizableAttribute, string> = {
  title: 'Title',
  description: 'Description',
  seo_title: 'SEO title',
  seo_description: 'SEO description',
  tags: 'Tags',
  alt_text: 'Alt text',
};

interface Props {
  form: OptimizerForm;
  errors: FieldErrors;
  onChange: (patch: Partial<OptimizerForm>) => void;
}

/** What to write: the attributes, the language and an optional instruction. */
export function JobOptions({ form, errors, onChange }: Props) {
  const toggle = (attribute: string, on: boolean) => {
    const next = new Set(form.attributes);
    if (on) next.add(attribute);
    else next.delete(attribute);
    onChange({ attributes: next });
  };

  return (
    <>
      <fieldset className="attributes" aria-describedby="attributes-error" aria-invalid={errors.attributes ? true : undefined}>
        <legend>Attributes to optimize</legend>
        <div className="check-grid">
          {OPTIMIZABLE_ATTRIBUTES.map((attribute) => (
            <label key={attribute} className="check">
              <input
                type="checkbox"
                name="attributes"
                value={attribute}
                checked={form.attributes.has(attribute)}
                onChange={(event) => toggle(attribute, event.target.checked)}
              />
              {ATTRIBUTE_LABELS[attribute]}
            </label>
          ))}
        </div>
        <p id="attributes-error" className="field-error" role="alert">
          {errors.attributes}
        </p>
      </fieldset>
      <div className="field">
        <label htmlFor="language">Language</label>
        <select
          id="language"
          value={form.language}
          onChange={(event) => onChange({ language: event.target.value })}
          aria-invalid={errors.language ? true : undefined}
          aria-describedby="language-error"
        >
          {LANGUAGES.map((language) => (
            <option key={language.code} value={language.code}>
              {language.name}
            </option>
          ))}
        </select>
        <p id="language-error" className="field-error" role="alert">
          {errors.language}
        </p>
      </div>
      <div className="field">
        <label htmlFor="prompt">
          Instructions <span className="muted">(optional)</span>
        </label>
        <textarea
          id="prompt"
          rows={3}
          value={form.prompt}
          maxLength={PROMPT_MAX * 2}
          onChange={(event) => onChange({ prompt: event.target.value })}
          aria-invalid={errors.prompt ? true : undefined}
          aria-describedby="prompt-hint prompt-error"
        />
        <p id="prompt-hint" className="hint">
          For example: “Friendly tone, mention free shipping.” {formatNumber(form.prompt.length)} / {formatNumber(PROMPT_MAX)} characters
        </p>
        <p id="prompt-error" className="field-error" role="alert">
          {errors.prompt}
        </p>
      </div>
    </>
  );
}
