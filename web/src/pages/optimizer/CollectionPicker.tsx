import { useEffect, useRef, useState } from 'react';
import { EmptyState } from '../../components/States.js';
import { plural } from '../../lib/format.js';
import type { Collection } from '../../types.js';

interface Props {
  collections: readonly Collection[];
  selected: ReadonlySet<string>;
  onChange: (selected: ReadonlySet<string>) => void;
  error?: string | undefined;
}

/** Collections are few: the whole list is loaded once and searched in the browser. */
export function CollectionPicker({ collections, selected, onChange, error }: Props) {
  const [search, setSearch] = useState('');
  const selectAll = useRef<HTMLInputElement>(null);
  const needle = search.trim().toLowerCase();
  const shown = needle ? collections.filter((c) => c.title.toLowerCase().includes(needle)) : collections;
  const shownSelected = shown.filter((c) => selected.has(c.id)).length;
  const allShown = shown.length > 0 && shownSelected === shown.length;

  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = shownSelected > 0 && !allShown;
  }, [shownSelected, allShown]);

  const setMany = (ids: readonly string[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    onChange(next);
  };

  return (
    <fieldset className="picker" aria-describedby="collections-error" aria-invalid={error ? true : undefined}>
      <legend>Collections</legend>
      <div className="field">
        <label htmlFor="collection-search">Search collections</label>
        <input id="collection-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} autoComplete="off" />
      </div>
      <div className="picker-bar">
        <label className="check">
          <input
            ref={selectAll}
            type="checkbox"
            checked={allShown}
            disabled={shown.length === 0}
            onChange={(event) => setMany(shown.map((c) => c.id), event.target.checked)}
          />
          Select all {shown.length > 0 ? plural(shown.length, 'collection') : ''} shown
        </label>
        <span className="muted small" aria-live="polite">
          {plural(selected.size, 'collection')} selected
        </span>
      </div>
      <p id="collections-error" className="field-error" role="alert">
        {error}
      </p>
      {shown.length === 0 ? (
        <EmptyState title={needle ? `No collections match “${search.trim()}”.` : 'The catalog has no collections.'}>
          <p>{needle ? 'Try another word.' : 'Choose products one by one instead.'}</p>
        </EmptyState>
      ) : (
        <ul className="picker-list" aria-label="Collections">
          {shown.map((collection) => (
            <li key={collection.id} className="check">
              <input
                id={`collection-${collection.id}`}
                type="checkbox"
                checked={selected.has(collection.id)}
                onChange={(event) => setMany([collection.id], event.target.checked)}
                aria-describedby={`collection-${collection.id}-count`}
              />
              <span>
                <label htmlFor={`collection-${collection.id}`} className="picker-title">
                  {collection.title}
                </label>
                <span id={`collection-${collection.id}-count`} className="picker-sub">
                  {plural(collection.productCount, 'product')}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
