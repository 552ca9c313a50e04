import { useState } from 'react';
import { EmptyState } from '../../components/States.js';
import { plural } from '../../lib/format.js';
import type { Collection } from '../../types.js';
import { SearchablePicker, type PickerItem } from './SearchablePicker.js';

interface Props {
  collections: readonly Collection[];
  selected: ReadonlySet<string>;
  onChange: (selected: ReadonlySet<string>) => void;
  error?: string | undefined;
}

/** Collections are few: the whole list is loaded once and searched in the browser. */
export function CollectionPicker({ collections, selected, onChange, error }: Props) {
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const shown = needle ? collections.filter((c) => c.title.toLowerCase().includes(needle)) : collections;

  const setMany = (items: readonly PickerItem[], on: boolean) => {
    const next = new Set(selected);
    for (const { id } of items) {
      if (on) next.add(id);
      else next.delete(id);
    }
    onChange(next);
  };

  return (
    <SearchablePicker
      noun="collection"
      legend="Collections"
      search={search}
      onSearch={setSearch}
      shown={shown.map((c) => ({ id: c.id, title: c.title, sub: plural(c.productCount, 'product') }))}
      selectedCount={selected.size}
      isSelected={(id) => selected.has(id)}
      onSelect={setMany}
      error={error}
      empty={
        <EmptyState title={needle ? `No collections match “${search.trim()}”.` : 'The catalog has no collections.'}>
          <p>{needle ? 'Try another word.' : 'Choose products one by one instead.'}</p>
        </EmptyState>
      }
    />
  );
}
