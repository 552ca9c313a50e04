import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.js';
import { useSession } from '../../app/session.js';
import { EmptyState, Loading } from '../../components/States.js';
import { plainText, summarize } from '../../lib/format.js';
import { listProducts } from '../../resources/catalog.js';
import type { Product } from '../../types.js';
import { SearchablePicker, type PickerItem } from './SearchablePicker.js';

interface Props {
  selected: ReadonlyMap<string, string>;
  onChange: (selected: ReadonlyMap<string, string>) => void;
  error?: string | undefined;
}

interface Listing {
  products: Product[];
  cursor: string | null;
  loading: boolean;
  error: unknown;
}

/** Products are many: the server searches them, a page at a time, and "select all" acts on the pages loaded. */
export function ProductPicker({ selected, onChange, error }: Props) {
  const { api } = useSession();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [listing, setListing] = useState<Listing>({ products: [], cursor: null, loading: true, error: undefined });

  useEffect(() => {
    const timer = setTimeout(() => setQuery(search), 250);
    return () => clearTimeout(timer);
  }, [search]);

  useEffect(() => {
    const controller = new AbortController();
    setListing({ products: [], cursor: null, loading: true, error: undefined });
    listProducts(api, query, null, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) setListing({ products: page.data, cursor: page.nextCursor, loading: false, error: undefined });
      },
      (reason: unknown) => {
        if (!controller.signal.aborted) setListing({ products: [], cursor: null, loading: false, error: reason });
      },
    );
    return () => controller.abort();
  }, [api, query, attempt]);

  const loadMore = async () => {
    setListing((l) => ({ ...l, loading: true }));
    try {
      const page = await listProducts(api, query, listing.cursor);
      setListing((l) => ({ products: [...l.products, ...page.data], cursor: page.nextCursor, loading: false, error: undefined }));
    } catch (reason) {
      setListing((l) => ({ ...l, loading: false, error: reason }));
    }
  };

  const setMany = (items: readonly PickerItem[], on: boolean) => {
    const next = new Map(selected);
    for (const item of items) {
      if (on) next.set(item.id, item.title);
      else next.delete(item.id);
    }
    onChange(next);
  };

  return (
    <SearchablePicker
      noun="product"
      legend="Products"
      search={search}
      onSearch={setSearch}
      shown={listing.products.map((p) => ({ id: p.id, title: p.title, sub: summarize(plainText(p.description), 160) }))}
      selectedCount={selected.size}
      isSelected={(id) => selected.has(id)}
      onSelect={setMany}
      error={error}
      actions={
        selected.size > 0 && (
          <button type="button" className="button ghost small" onClick={() => onChange(new Map())}>
            Clear selection
          </button>
        )
      }
      notice={
        listing.error !== undefined && (
          <p className="field-error" role="alert">
            Could not load products: {errorMessage(listing.error)}
          </p>
        )
      }
      empty={
        listing.loading ? (
          <Loading label="Loading products…" />
        ) : listing.error !== undefined ? (
          <button type="button" className="button secondary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        ) : (
          <EmptyState title={query ? `No products match “${query}”.` : 'The catalog has no products yet.'}>
            <p>{query ? 'Try another word, or clear the search.' : 'Products appear here once the catalog is synced.'}</p>
          </EmptyState>
        )
      }
      footer={
        listing.cursor && (
          <button type="button" className="button secondary" onClick={() => void loadMore()} disabled={listing.loading}>
            {listing.loading ? 'Loading…' : 'Load more products'}
          </button>
        )
      }
    />
  );
}
