import type { ReactNode } from 'react';

/** One term and its value inside a `<dl>`: the summary facts of a job or a job type. */
export function Fact({ term, value }: { term: string; value: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
