/**
 * Named parameters for raw SQL on pg: `:name` becomes `$n` once, at module load, and the returned
 * query is prepared once per connection under `name` (pg caches it). `::type` casts are left alone.
 */
export function namedQuery(name: string, text: string) {
  const order: string[] = [];
  const sql = text.replace(/(?<!:):([a-zA-Z_]\w*)/g, (_, key: string) => {
    let index = order.indexOf(key);
    if (index < 0) index = order.push(key) - 1;
    return `$${index + 1}`;
  });
  return (params: Record<string, unknown>) => ({
    name,
    text: sql,
    values: order.map((key) => {
      if (!(key in params)) throw new Error(`${name}: missing parameter ${key}`);
      return params[key];
    }),
  });
}
