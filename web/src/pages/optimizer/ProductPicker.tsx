import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api.js';
import { useSession } from '../../app/session.js';
import { EmptyState, Loading } from '../../components/States.js';
import { plural } from '../../lib/format.js';
import { listProducts } from '../../resources/catalog.js';
import type { Product } from '../../types.js';

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

/** Searchable product list; "select all" acts on the products shown (the current search). */
export function ProductPicker({ selected, onChange, error }: Props) {
  const { api } = useSession();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [listing, setListing] = useState<Listing>({ products: [], cursor: null, loading: true, error: undefined });
  const selectAll = useRef<HTMLInputElement>(null);

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

  const shown = listing.products;
  const shownSelected = shown.filter((p) => selected.has(p.id)).length;
  const allShown = shown.length > 0 && shownSelected === shown.length;
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = shownSelected > 0 && !allShown;
  }, [shownSelected, allShown]);

  const toggle = (product: Product, on: boolean) => {
    const next = new Map(selected);
    if (on) next.set(product.id, product.title);
    else next.delete(product.id);
    onChange(next);
  };
  const toggleAll = (on: boolean) => {
    const next = new Map(selected);
    for (const product of shown) {
      if (on) next.set(product.id, product.title);
      else next.delete(product.id);
    }
    onChange(next);
  };

  return (
    <fieldset className="picker" aria-describedby="products-error" aria-invalid={error ? true : undefined}>
      <legend>Products</legend>
      <div className="field">
        <label htmlFor="product-search">Search products</label>
        <input id="product-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} autoComplete="off" />
      </div>
      <div className="picker-bar">
        <label className="check">
          <input
            ref={selectAll}
            type="checkbox"
            checked={allShown}
            disabled={shown.length === 0}
            onChange={(event) => toggleAll(event.target.checked)}
          />
          Select all {shown.length > 0 ? plural(shown.length, 'product') : ''} shown
        </label>
        <span className="muted small" aria-live="polite">
          {plural(selected.size, 'product')} selected
        </span>
        {selected.size > 0 && (
          <button type="button" className="button ghost small" onClick={() => onChange(new Map())}>
            Clear selection
          </button>
        )}
      </div>
      <p id="products-error" className="field-error" role="alert">
        {error}
      </p>
      {listing.error !== undefined && (
        <p className="field-error" role="alert">
          Could not load products: {errorMessage(listing.error)}
        </p>
      )}
      {shown.length === 0 && listing.loading ? (
        <Loading label="Loading products…" />
      ) : shown.length === 0 && listing.error !== undefined ? (
        <button type="button" className="button secondary" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      ) : shown.length === 0 ? (
        <EmptyState title={query ? `No products match “${query}”.` : 'The catalog has no products yet.'}>
          <p>{query ? 'Try another word, or clear the search.' : 'Products appear here once the catalog is synced.'}</p>
        </EmptyState>
      ) : (
        <ul className="picker-list" aria-label="Products">
          {shown.map((product) => (
            <li key={product.id} className="check">
              <input
                id={`product-${product.id}`}
                type="checkbox"
                checked={selected.has(product.id)}
                onChange={(event) => toggle(product, event.target.checked)}
                aria-describedby={product.description ? `product-${product.id}-description` : undefined}
              />
              <span>
                <label htmlFor={`product-${product.id}`} className="picker-title">
                  {product.title}
                </label>
                {product.description && (
                  <span id={`product-${product.id}-description`} className="picker-sub">
                    {product.description}
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {listing.cursor && (
        <button type="button" className="button secondary" onClick={() => void loadMore()} disabled={listing.loading}>
          {listing.loading ? 'Loading…' : 'Load more products'}
        </button>
      )}
    </fieldset>
  );
}
