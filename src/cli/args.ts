// The CLI's own argument parser: node:util's parseArgs reports unknown options in a sentence meant
// for programmers ("To specify a positional argument starting with a '-', …") and cannot suggest
// the option that was meant. This one knows each command's options and says what went wrong.

import { UsageError } from './errors.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's placeholder in help, for string options: `--tenant ID`. */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface Parsed {
  options: Record<string, string | boolean>;
  args: string[];
}

/** Options (`--name value`, `--name=value`, `--flag`) and positional arguments; `--` ends options. */
export function parseOptions(specs: OptionSpecs, argv: string[], command: string): Parsed {
  const options: Record<string, string | boolean> = {};
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      args.push(arg);
      continue;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const name = flag.replace(/^--?/, '');
    const spec = flag.startsWith('--') ? specs[name] : undefined;
    if (!spec) throw new UsageError(`Unknown option '${flag}' for '${command}'.${didYouMean(name, Object.keys(specs), '--')}`, command);
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`Option --${name} takes no value (got '${arg}').`, command);
      options[name] = true;
      continue;
    }
    const value = inline ?? (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--') ? argv[++i] : undefined);
    if (value === undefined || value === '') throw new UsageError(`Option --${name} needs a value: --${name} ${spec.value ?? 'VALUE'}.`, command);
    options[name] = value;
  }
  return { options, args };
}

/** " Did you mean 'serve'?" for a near miss (a typo, a missing letter, a prefix), else "". */
export function didYouMean(word: string, candidates: string[], prefix = ''): string {
  const best = closest(word, candidates);
  return best === undefined ? '' : ` Did you mean '${prefix}${best}'?`;
}

export function closest(word: string, candidates: string[]): string | undefined {
  const w = word.toLowerCase();
  const prefixed = candidates.filter((c) => w.length >= 2 && c.startsWith(w));
  if (prefixed.length === 1) return prefixed[0];
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(w, candidate);
    if (distance <= Math.min(2, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
