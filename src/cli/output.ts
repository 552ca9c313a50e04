/** Output for a terminal by default, and the API's JSON with --json for scripts. */

export const print = (text: string) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

export const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));

/** An ISO time as a person reads it in a table: minutes, UTC. */
export const when = (iso: string | null) => (iso === null ? '-' : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`);

/** Left-aligned columns under upper-case headers, two spaces apart. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(headers.map((h) => h.toUpperCase())), ...rows.map(line)].join('\n');
}
