// Past a thousand items the DOM would hold thousands of rows: only the visible ones are rendered.
// Rows are positioned by React's style prop, which React applies through the CSSOM (not a
// style attribute), so the strict CSP (style-src 'self') still holds.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { JobItem } from '../../types.js';
import { ItemRow } from './ItemRow.js';

interface Props {
  items: JobItem[];
  total: number;
  /** Called when the reader nears the end of what is loaded. */
  onNearEnd: () => void;
}

export function VirtualItems({ items, total, onNearEnd }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 72,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (last >= items.length - 20) onNearEnd();
  }, [last, items.length, onNearEnd]);

  return (
    <div ref={scroller} className="virtual-scroll" tabIndex={0} role="region" aria-label="Items (scroll to see more)">
      <ol className="items virtual-inner" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <li
              key={item.id}
              data-index={row.index}
              ref={virtualizer.measureElement}
              aria-setsize={total}
              aria-posinset={row.index + 1}
              className="virtual-row"
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <ItemRow item={item} />
            </li>
          );
        })}
      </ol>
    </div>
  );
}
