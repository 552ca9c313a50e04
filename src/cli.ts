#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { didYouMean, parseOptions } from './cli/args.js';
import { COMMANDS, commandHelp, groupHelp, isGroup, rootHelp, type Command, type Group } from './cli/commands.js';
import { Failure, UsageError } from './cli/errors.js';

// Conventions: help asked for goes to stdout with exit 0; everything else a person must read
// (errors, usage after a mistake) goes to stderr. A bare `tollgate` is a mistake like an unknown
// command (a command is required): usage on stderr, exit 2, so that a script that lost its
// argument fails instead of passing. Exit codes: 0 done, 1 failed, 2 usage, 78 configuration.

const isHelp = (arg: string) => arg === '--help' || arg === '-h';
/** Options end at `--`: a `-h` after it is an argument. */
const asksForHelp = (argv: string[]) => argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length).some(isHelp);

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Finds the command `argv` names; `rest` is what follows its name. */
function resolve(argv: string[]): { name: string; entry: Command | Group; rest: string[] } {
  const [first, ...afterFirst] = argv;
  const entry = first === undefined ? undefined : COMMANDS[first];
  if (first === undefined || !entry) {
    const word = first ?? '';
    if (word.startsWith('-')) throw new UsageError(`Unknown option '${word}'.${didYouMean(word.replace(/^--?/, ''), ['help', 'version'], '--')}`, 'tollgate');
    throw new UsageError(`Unknown command '${word}'.${didYouMean(word, Object.keys(COMMANDS))}`, 'tollgate');
  }
  if (!isGroup(entry)) return { name: first, entry, rest: afterFirst };
  const [second, ...rest] = afterFirst;
  if (second === undefined || second.startsWith('-')) return { name: first, entry, rest: afterFirst };
  const command = entry.commands[second];
  if (!command) throw new UsageError(`Unknown command '${first} ${second}'.${didYouMean(second, Object.keys(entry.commands), `${first} `)}`, `tollgate ${first}`);
  return { name: `${first} ${second}`, entry: command, rest };
}

async function main(argv: string[]): Promise<void> {
  const out = (text: string) => process.stdout.write(text);
  if (argv.length === 0) {
    process.stderr.write(rootHelp());
    process.exitCode = 2;
    return;
  }
  const [first] = argv;
  if (first === '--version' || first === '-v') return void out(`tollgate ${version()}\n`);
  if (isHelp(first!)) return void out(rootHelp());
  if (first === 'help') {
    if (argv.length === 1) return void out(rootHelp());
    const { name, entry } = resolve(argv.slice(1));
    return void out(isGroup(entry) ? groupHelp(name, entry) : commandHelp(name, entry));
  }

  const { name, entry, rest } = resolve(argv);
  if (isGroup(entry)) {
    if (asksForHelp(rest)) return void out(groupHelp(name, entry));
    if (rest[0] !== undefined) throw new UsageError(`Unknown option '${rest[0]}' for 'tollgate ${name}'.`, `tollgate ${name}`);
    throw new UsageError(`'tollgate ${name}' needs a command: ${Object.keys(entry.commands).join(', ')}.`, `tollgate ${name}`);
  }
  if (asksForHelp(rest)) return void out(commandHelp(name, entry));
  await run(name, entry, rest);
}

async function run(name: string, command: Command, argv: string[]): Promise<void> {
  const parsed = parseOptions(command.options, argv, `tollgate ${name}`);
  const expected = command.args ?? [];
  if (parsed.args.length > expected.length) throw new UsageError(`Unexpected argument '${parsed.args[expected.length]}'.`, `tollgate ${name}`);
  const missing = expected.slice(parsed.args.length).filter((a) => !a.endsWith('?'));
  if (missing.length > 0) throw new UsageError(`Missing ${missing.join(' ')}: tollgate ${name} ${command.usage}`, `tollgate ${name}`);
  const problem = command.check?.(parsed);
  if (problem) throw new UsageError(problem, `tollgate ${name}`);

  const { ConfigError, loadConfig, redactUrl } = await import('./config.js');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    throw error instanceof ConfigError ? new Failure(error.message, 78) : error;
  }
  try {
    await command.run({ ...parsed, config });
  } catch (error) {
    const { DatabaseUnreachable } = await import('./store/db.js');
    if (error instanceof DatabaseUnreachable) {
      const where = `${error.dialect === 'postgres' ? 'Cannot connect to PostgreSQL' : 'Cannot open the SQLite database'} at DATABASE_URL=${redactUrl(config.databaseUrl)}`;
      throw new Failure(`${where}: ${error.reason}. ${error.hint}${/[.?!]$/.test(error.hint) ? '' : '.'}`, 1, { cause: error });
    }
    const { TollgateError } = await import('./core/errors.js');
    if (error instanceof TollgateError && error.code === 'validation_failed') {
      const issues = (error.details.errors as { path: string; message: string }[] | undefined) ?? [];
      const named = issues.map((i) => `--${i.path.split('.')[0]}: ${i.message}`);
      throw new UsageError(named.length ? `Invalid ${named.join('; ')}.` : error.message, `tollgate ${name}`);
    }
    if (error instanceof TollgateError) throw new Failure(`${error.message}.`, 1, { cause: error });
    throw error;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\nRun '${error.command} --help' for usage.\n`);
    process.exit(2);
  }
  if (error instanceof Failure) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error.exitCode);
  }
  // Not an outcome anyone planned for: the stack is what a bug report needs.
  process.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
