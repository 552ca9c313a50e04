// What the documentation test reads in a Markdown file: its runnable shell blocks, split into steps
// whose shown output is compared with what the commands print; its links; its headings. The
// convention is written down for authors in docs/contributing.md ("Runnable examples").

/** A run of commands and the output the page shows for them (`# → ` lines right after them). */
export interface Step {
  /** 1-based line in the Markdown file of the step's first command. */
  line: number;
  /** The commands, as lines of the page (comments and blank lines included). */
  commands: { line: number; text: string }[];
  /** The shown output, or undefined when the page shows none (then nothing is compared). */
  expected: string[] | undefined;
}

export interface RunnableBlock {
  /** Line of the opening fence. */
  line: number;
  steps: Step[];
}

export interface Page {
  /** `<!-- docs-test: WORKERS=0 -->`: the server a page's blocks need. */
  serverEnv: Record<string, string>;
  blocks: RunnableBlock[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`]*)$/;
/** A line of shown output: `# → text`, or `# →` for an empty line. */
const SHOWN = /^\s*# →(?: (.*))?$/;

/** `sh run` marks a block the test executes; a plain `sh` block is an illustration. */
export const isRunnable = (info: string) => {
  const words = info.trim().split(/\s+/);
  return words[0] === 'sh' && words.includes('run');
};

/** Fenced code blocks: info string, first line (of the fence) and content lines. */
export function fencedBlocks(markdown: string): { info: string; line: number; lines: { line: number; text: string }[] }[] {
  const lines = markdown.split('\n');
  const blocks: { info: string; line: number; lines: { line: number; text: string }[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const block = { info: open[2]!.trim(), line: i + 1, lines: [] as { line: number; text: string }[] };
    for (i++; i < lines.length; i++) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[i]!);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      block.lines.push({ line: i + 1, text: lines[i]! });
    }
    blocks.push(block);
  }
  return blocks;
}

export function parsePage(markdown: string): Page {
  const directive = /<!--\s*docs-test:([^>]*)-->/.exec(markdown);
  const serverEnv = Object.fromEntries(
    (directive?.[1] ?? '')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`docs-test directive: expected NAME=value, got "${pair}"`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
  );
  const blocks = fencedBlocks(markdown)
    .filter((b) => isRunnable(b.info))
    .map((b): RunnableBlock => {
      const steps: Step[] = [];
      let current: Step | undefined;
      for (const l of b.lines) {
        const shown = SHOWN.exec(l.text);
        if (shown) {
          if (!current) throw new Error(`line ${l.line}: shown output (# →) with no command before it in its block`);
          (current.expected ??= []).push(shown[1] ?? '');
          continue;
        }
        if (!current || current.expected) {
          current = { line: l.line, commands: [], expected: undefined };
          steps.push(current);
        }
        current.commands.push(l);
      }
      // A step of comments and blank lines only prints nothing: drop it so it is not reported as a step.
      return { line: b.line, steps: steps.filter((s) => s.expected || s.commands.some((c) => c.text.trim() !== '' && !c.text.trim().startsWith('#'))) };
    });
  return { serverEnv, blocks };
}

/**
 * What changes from run to run, replaced by a placeholder on both sides before comparing. An author
 * writes a real-looking value (`job_8sfPpGycMMKIVrYV`, `2026-11-23T04:24:23.517Z`) or the ellipsis
 * form (`job_…`), and both compare equal to any id or time the server makes.
 */
const MASKS: [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>'],
  [/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '<time>'],
  // The CLI's tables (minutes, UTC) and SQL's datetime().
  [/\b\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?(?: UTC\b)?/g, '<time>'],
  [/\b\d{4}-\d\d-\d\d\b/g, '<date>'],
  // A period (`2026-11`): the month the test runs in.
  [/\b\d{4}-\d\d\b/g, '<month>'],
  // Generated ids: a prefix and at least 6 random letters or digits (`lead_123`, `job_not_found` stay).
  [/\b(job|key|tg|evt|eval|lead|tnt|whsec)_(?:[A-Za-z0-9]{6,}|…)(?![A-Za-z0-9_])/g, '$1_<id>'],
  // Epoch milliseconds and seconds of this century's first half.
  [/\b1[6-9]\d{11}\b/g, '<epoch>'],
  [/\b1[6-9]\d{8}\b/g, '<epoch>'],
];

export function mask(text: string): string {
  return MASKS.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}

/** A line as compared: masked, trailing white space (and \r) removed, runs of spaces as one. */
const normal = (line: string) => mask(line).replace(/\s+$/, '').replace(/ {2,}/g, ' ');

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Does the printed output match the shown one? Both are masked. In a shown line, `…` stands for any
 * text; a shown line that is only `…` stands for any number of lines (none included).
 */
export function outputMatches(expected: string[], actual: string): boolean {
  const lines = actual.replace(/\n+$/, '').split('\n').map(normal);
  // Nothing printed reads as one empty line: `# →` shows both.
  const printed = `${lines.join('\n')}\n`;
  const pattern = expected
    .map(normal)
    .map((line) => (line === '…' ? '(?:[^\\n]*\\n)*?' : `${line.split('…').map(escape).join('[^\\n]*?')}\\n`))
    .join('');
  return new RegExp(`^${pattern}$`).test(printed);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const inCode = codeLines(markdown);
  markdown.split('\n').forEach((line, i) => {
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading || inCode.has(i + 1)) return;
    const text = heading[2]!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(text) ?? 0;
    seen.set(text, n + 1);
    out.add(n === 0 ? text : `${text}-${n}`);
  });
  return out;
}

/** 1-based numbers of the lines inside fenced code blocks (fences included). */
export function codeLines(markdown: string): Set<number> {
  const set = new Set<number>();
  for (const b of fencedBlocks(markdown)) {
    set.add(b.line);
    for (const l of b.lines) set.add(l.line);
    set.add((b.lines.at(-1)?.line ?? b.line) + 1);
  }
  return set;
}

/** Links of the page outside code: `[text](target)`, with their line. Inline code is skipped. */
export function links(markdown: string): { line: number; target: string }[] {
  const inCode = codeLines(markdown);
  const out: { line: number; target: string }[] = [];
  markdown.split('\n').forEach((line, i) => {
    if (inCode.has(i + 1)) return;
    const text = line.replace(/`[^`]*`/g, '');
    for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ line: i + 1, target: m[1]! });
  });
  return out;
}

/** Headings outside code: level and line. */
export function headings(markdown: string): { level: number; text: string; line: number }[] {
  const inCode = codeLines(markdown);
  return markdown
    .split('\n')
    .map((line, i) => ({ m: /^(#{1,6})\s+(.*)$/.exec(line), line: i + 1 }))
    .filter((h) => h.m && !inCode.has(h.line))
    .map((h) => ({ level: h.m![1]!.length, text: h.m![2]!, line: h.line }));
}
