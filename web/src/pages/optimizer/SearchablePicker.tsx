import { useEffect, useRef, type ReactNode } from 'react';
import { plural } from '../../lib/format.js';

export interface PickerItem {
  id: string;
  title: string;
  sub?: string | undefined;
}

interface Props {
  /** Singular, lower case ("product"): names the fields, the counts and the element ids. */
  noun: string;
  legend: string;
  search: string;
  onSearch: (search: string) => void;
  shown: readonly PickerItem[];
  selectedCount: number;
  isSelected: (id: string) => boolean;
  onSelect: (items: readonly PickerItem[], on: boolean) => void;
  error?: string | undefined;
  /** Beside the selected count. */
  actions?: ReactNode;
  /** Below the field error. */
  notice?: ReactNode;
  /** Rendered instead of the list when nothing is shown. */
  empty: ReactNode;
  /** Below the list. */
  footer?: ReactNode;
}

/** A searchable checkbox list; "select all" acts on the items shown (the current search). */
export function SearchablePicker(props: Props) {
  const { noun, legend, search, onSearch, shown, selectedCount, isSelected, onSelect, error, actions, notice, empty, footer } = props;
  const selectAll = useRef<HTMLInputElement>(null);
  const shownSelected = shown.filter((item) => isSelected(item.id)).length;
  const allShown = shown.length > 0 && shownSelected === shown.length;

  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = shownSelected > 0 && !allShown;
  }, [shownSelected, allShown]);

  return (
    <fieldset className="picker" aria-describedby={`${noun}s-error`} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="field">
        <label htmlFor={`${noun}-search`}>Search {noun}s</label>
        <input id={`${noun}-search`} type="search" value={search} onChange={(event) => onSearch(event.target.value)} autoComplete="off" />
      </div>
      <div className="picker-bar">
        <label className="check">
          <input
            ref={selectAll}
            type="checkbox"
            checked={allShown}
            disabled={shown.length === 0}
            onChange={(event) => onSelect(shown, event.target.checked)}
          />
          Select all {shown.length > 0 ? plural(shown.length, noun) : ''} shown
        </label>
        <span className="muted small" aria-live="polite">
          {plural(selectedCount, noun)} selected
        </span>
        {actions}
      </div>
      <p id={`${noun}s-error`} className="field-error" role="alert">
        {error}
      </p>
      {notice}
      {shown.length === 0 ? (
        empty
      ) : (
        <ul className="picker-list" aria-label={legend}>
          {shown.map((item) => (
            <li key={item.id} className="check">
              <input
                id={`${noun}-${item.id}`}
                type="checkbox"
                checked={isSelected(item.id)}
                onChange={(event) => onSelect([item], event.target.checked)}
                aria-describedby={item.sub ? `${noun}-${item.id}-sub` : undefined}
              />
              <span>
                <label htmlFor={`${noun}-${item.id}`} className="picker-title">
                  {item.title}
                </label>
                {item.sub && (
                  <span id={`${noun}-${item.id}-sub`} className="picker-sub">
                    {item.sub}
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {footer}
    </fieldset>
  );
}
