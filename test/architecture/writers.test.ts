import { describe, expect, it } from 'vitest';
import { read, tsFiles, withoutComments } from './source.js';
import { documentedWriters, findWriters, WRITERS } from './writers.js';

describe('writers of usage and the ledger', () => {
  it('are exactly the statements listed in docs/architecture.md', () => {
    const documented = documentedWriters(read('docs/architecture.md'));
    expect(documented.length).toBeGreaterThan(0);
    expect(findWriters(tsFiles('src'))).toEqual(documented);
  });

  it('are found in every spelling: Kysely, raw SQL in either case, aliases, quoted names', () => {
    const text = [
      "db.insertInto('usage').values(x)",
      'trx.updateTable("ledger_entries as l")',
      "db.deleteFrom('usage')",
      'insert into usage (a) values (1)',
      'UPDATE ledger_entries SET amount = 0',
      'DELETE FROM "usage" WHERE true',
      'INSERT OR IGNORE INTO ledger_entries VALUES (1)',
      'update usage_history set x = 1',
      '// update usage in a comment',
    ].join('\n');
    const hits = WRITERS.flatMap(({ pattern, verb }) => [...withoutComments(text).matchAll(pattern)].map((m) => `${verb(m as RegExpExecArray)} ${m[2]!.toLowerCase()}`));
    expect(hits.sort()).toEqual(['DELETE usage', 'DELETE usage', 'INSERT ledger_entries', 'INSERT usage', 'INSERT usage', 'UPDATE ledger_entries', 'UPDATE ledger_entries']);
  });
});
