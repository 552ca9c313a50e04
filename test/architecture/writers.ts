import { read, withoutComments } from './source.js';

/**
 * Every statement in src/ that writes `usage`, `key_usage` or `ledger_entries` is listed in docs/architecture.md,
 * and every row there is a statement in src/. A new writer, or one that moved, fails here until the
 * table says where it is and what guards it.
 */
const TABLES = '"?(usage|key_usage|ledger_entries)"?(?![\\w])';
export const WRITERS: { pattern: RegExp; verb: (m: RegExpExecArray) => string }[] = [
  // Kysely: insertInto('usage'), updateTable('ledger_entries as l'), …
  {
    pattern: /\.(insertInto|replaceInto|updateTable|deleteFrom|mergeInto)\(\s*['"`](usage|key_usage|ledger_entries)(?:\s+as\s+\w+)?['"`]/gi,
    verb: (m) => ({ insertinto: 'INSERT', replaceinto: 'INSERT', updatetable: 'UPDATE', deletefrom: 'DELETE', mergeinto: 'MERGE' })[m[1]!.toLowerCase()]!,
  },
  // SQL in strings, either dialect: INSERT [OR …] INTO, REPLACE INTO, UPDATE, DELETE FROM, MERGE INTO, TRUNCATE.
  {
    pattern: new RegExp(`\\b(INSERT\\s+(?:OR\\s+\\w+\\s+)?INTO|REPLACE\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO|TRUNCATE(?:\\s+TABLE)?)\\s+(?:ONLY\\s+)?${TABLES}`, 'gi'),
    verb: (m) => {
      const word = m[1]!.split(/\s+/)[0]!.toUpperCase();
      return word === 'REPLACE' ? 'INSERT' : word === 'TRUNCATE' ? 'DELETE' : word;
    },
  },
];

/** What holds a statement: the nearest enclosing top-level function or const, or a SQL function or trigger. */
function holder(lines: string[], index: number): string {
  for (let i = index; i >= 0; i--) {
    const line = lines[i]!;
    const named =
      /CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(\w+)/i.exec(line) ??
      /CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/i.exec(line) ??
      /^(?:export\s+)?(?:async\s+)?function\s+(\w+)/.exec(line) ??
      /^(?:export\s+)?const\s+(\w+)\s*=/.exec(line);
    if (named) return named[1]!;
  }
  return '(module)';
}

export function findWriters(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = withoutComments(read(file));
    const lines = text.split('\n');
    for (const { pattern, verb } of WRITERS) {
      for (const m of text.matchAll(pattern)) {
        const line = text.slice(0, m.index).split('\n').length - 1;
        found.push(row(file, holder(lines, line), `${verb(m as RegExpExecArray)} ${m[2]!.toLowerCase()}`));
      }
    }
  }
  return found.sort();
}

/** The rows of the table whose header starts `| File | Function | Writes |`. */
export function documentedWriters(markdown: string): string[] {
  const lines = markdown.split('\n');
  const header = lines.findIndex((l) => /^\|\s*File\s*\|\s*Function\s*\|\s*Writes\s*\|/.test(l));
  if (header < 0) throw new Error('docs/architecture.md has no table headed | File | Function | Writes |');
  const rows: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [file, fn, writes] = line.split('|').slice(1, 4).map((cell) => cell.replace(/`/g, '').trim());
    rows.push(row(file!, fn!, writes!));
  }
  return rows.sort();
}

export const row = (file: string, fn: string, writes: string) => `${file} | ${fn} | ${writes}`;
