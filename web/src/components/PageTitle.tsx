import { useEffect, useRef, type ReactNode } from 'react';

/** The page's h1: names the document and takes focus when the page opens, so keyboard and
 * screen-reader users land on the new page instead of the link they pressed. */
export function PageTitle({ children, title, actions }: { children: ReactNode; title: string; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Tollgate`;
    ref.current?.focus();
  }, [title]);
  return (
    <div className="page-title">
      <h1 tabIndex={-1} ref={ref}>
        {children}
      </h1>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
