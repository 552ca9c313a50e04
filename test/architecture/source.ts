import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Every .ts file below `dir` (relative to the repository, with forward slashes). */
export function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

export const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/**
 * The text with its comments blanked, line breaks kept: JS block and line comments, and SQL `--`
 * comments inside query strings. A `//` right after a character other than a space (`http://`) is no
 * comment. Prose such as "update usage" in a comment is not a statement.
 */
export function withoutComments(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return text
    .replace(/\/\*[\s\S]*?\*\//g, blank)
    .replace(/(^|\s)(\/\/|--)[^\n]*/g, (m, before: string) => before + blank(m.slice(before.length)));
}
