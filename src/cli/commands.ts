import type { Config } from '../config.js';
import type { OptionSpecs, Parsed } from './args.js';

// The command table and its help. Handlers are imported when a command runs, so that `--help`, a
// typo or a missing option answer without loading the server, the database drivers or zod schemas.

export interface Context extends Parsed {
  config: Config;
}

export interface Command {
  /** One line, for the list of commands. */
  summary: string;
  /** What follows the command's name in its usage line. */
  usage: string;
  /** A paragraph for the command's own help. */
  description: string;
  options: OptionSpecs;
  /** Positional arguments, in order; `?` marks an optional one. */
  args?: string[];
  /** A usage problem the options alone reveal (a missing option), found before any database work. */
  check?(parsed: Parsed): string | undefined;
  /** Resolves once the command has done its work (serve and worker: once they are running). */
  run(context: Context): Promise<void>;
}

export interface Group {
  summary: string;
  commands: Record<string, Command>;
}

const json: OptionSpecs = { json: { type: 'boolean', description: "print the API's JSON instead of text (for scripts)" } };

const admin = () => import('./admin.js');
const server = () => import('./serve.js');

export const COMMANDS: Record<string, Command | Group> = {
  serve: {
    summary: 'serve the API, the dashboard and the workers',
    usage: '[--no-worker]',
    description: [
      'Serves the API, the dashboard (/) and the API reference (/docs) on HOST:PORT, and runs',
      'WORKERS items at once in the same process. Stops cleanly on SIGTERM or SIGINT.',
      'One serve per SQLite database file (a second one is refused); more workers for it come',
      "from 'tollgate worker'. On PostgreSQL, run as many as you like.",
    ].join('\n'),
    options: { 'no-worker': { type: 'boolean', description: 'serve the API only, run no workers (as WORKERS=0)' } },
    run: async (c) => (await server()).serve(c),
  },
  worker: {
    summary: 'run workers only, no HTTP',
    usage: '',
    description: 'Runs WORKERS items at once until SIGTERM or SIGINT, beside a serve or on its own.\nSeveral workers may share one database, SQLite or PostgreSQL.',
    options: {},
    run: async (c) => (await server()).worker(c),
  },
  migrate: {
    summary: 'apply pending database migrations',
    usage: '[--json]',
    description: 'Applies the migrations the database lacks and says which. serve, worker and the other\ncommands also apply them on start.',
    options: json,
    run: async (c) => (await admin()).migrate(c),
  },
  verify: {
    summary: 'check every usage counter against its ledger',
    usage: '[--json]',
    description: 'Checks that every usage counter equals the sum of its ledger entries, and that every job has\nits charge and a ledger that agrees with its items. Exits 1 when anything disagrees.',
    options: json,
    run: async (c) => (await admin()).verify(c),
  },
  tenants: {
    summary: 'create and list tenants',
    commands: {
      create: {
        summary: 'create a tenant',
        usage: '--name NAME [--id ID] [--tier TIER] [--json]',
        description: "Creates a tenant on a tier (the first configured tier unless --tier). Its keys come from\n'tollgate keys create --tenant ID'.",
        options: {
          name: { type: 'string', value: 'NAME', description: 'what to call the tenant (required)' },
          id: { type: 'string', value: 'ID', description: 'its id (default: a generated tnt_… id)' },
          tier: { type: 'string', value: 'TIER', description: 'its tier, one of TOLLGATE_TIERS (default: the first)' },
          ...json,
        },
        check: ({ options }) => (options.name === undefined ? 'Missing --name: a tenant needs a name, as in --name "Acme Inc".' : undefined),
        run: async (c) => (await admin()).tenantsCreate(c),
      },
      list: {
        summary: 'list tenants',
        usage: '[--json]',
        description: 'Lists every tenant, by id, with its tier and limits this period.',
        options: json,
        run: async (c) => (await admin()).tenantsList(c),
      },
    },
  },
  keys: {
    summary: 'create, list and revoke API keys',
    commands: {
      create: {
        summary: "create a tenant's key, or an admin key",
        usage: '(--tenant ID | --admin) [--name NAME] [--json]',
        description: 'Creates an API key and prints its secret, once: Tollgate keeps only its hash.\nA tenant key acts for its tenant; an admin key manages every tenant and key.',
        options: {
          tenant: { type: 'string', value: 'ID', description: "a key for this tenant's API calls" },
          admin: { type: 'boolean', description: 'an admin key: full access to every tenant and key' },
          name: { type: 'string', value: 'NAME', description: 'a label to tell keys apart' },
          ...json,
        },
        check: ({ options }) => {
          if (options.tenant !== undefined && options.admin) return 'Choose one: --tenant ID for a tenant key, or --admin for an admin key (which belongs to no tenant).';
          if (options.tenant === undefined && !options.admin) return 'Say whose key this is: --tenant ID for a tenant key, or --admin for an admin key (full access).';
          return undefined;
        },
        run: async (c) => (await admin()).keysCreate(c),
      },
      list: {
        summary: 'list API keys (never their secrets)',
        usage: '[--tenant ID] [--json]',
        description: 'Lists keys, newest first: every key, or one tenant\'s. Revoked keys are listed too.\nThe TOLLGATE_ADMIN_KEY of the environment is not a stored key and is not listed.',
        options: { tenant: { type: 'string', value: 'ID', description: "only this tenant's keys" }, ...json },
        run: async (c) => (await admin()).keysList(c),
      },
      revoke: {
        summary: 'revoke an API key',
        usage: 'KEY_ID [--json]',
        description: 'Revokes a key: this process refuses it at once, running servers within KEY_CACHE_MS.',
        options: json,
        args: ['KEY_ID'],
        run: async (c) => (await admin()).keysRevoke(c),
      },
    },
  },
};

export const isGroup = (entry: Command | Group): entry is Group => 'commands' in entry;

const HELP_OPTION = '  -h, --help';

function optionLines(options: OptionSpecs): string[] {
  const rows: [string, string][] = Object.entries(options).map(([name, o]) => [`  --${name}${o.value ? ` ${o.value}` : ''}`, o.description]);
  rows.push([HELP_OPTION, 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length)) + 3;
  return rows.map(([left, right]) => left.padEnd(width) + right);
}

function commandLines(entries: [string, { summary: string }][]): string[] {
  const width = Math.max(...entries.map(([name]) => name.length)) + 5;
  return entries.map(([name, c]) => `  ${name.padEnd(width - 2)}${c.summary}`);
}

/** Every command with its group prefix: `keys create`. */
function allCommands(): [string, Command][] {
  return Object.entries(COMMANDS).flatMap(([name, entry]) =>
    isGroup(entry) ? Object.entries(entry.commands).map(([sub, c]) => [`${name} ${sub}`, c] as [string, Command]) : [[name, entry] as [string, Command]],
  );
}

export function rootHelp(): string {
  return [
    'Usage: tollgate <command> [options]',
    '',
    'Metered job admission: race-free allowances, a ledger, and workers that never settle twice.',
    '',
    'Commands:',
    ...commandLines(allCommands().map(([name, c]) => [[name, ...(c.args ?? [])].join(' '), c])),
    '',
    'Options:',
    '  -h, --help       show help (also after a command: tollgate keys create --help)',
    '  -v, --version    print the version',
    '',
    'Configuration comes from environment variables: DATABASE_URL (default file:./data/tollgate.db),',
    'PORT, HOST, TOLLGATE_ADMIN_KEY, WORKERS, LOG_LEVEL and more; the README lists them all.',
    'Exit status: 0 done, 1 failed, 2 command line not understood, 78 invalid configuration.',
    '',
  ].join('\n');
}

export function groupHelp(name: string, group: Group): string {
  return [
    `Usage: tollgate ${name} <command> [options]`,
    '',
    `${group.summary[0]!.toUpperCase()}${group.summary.slice(1)}.`,
    '',
    'Commands:',
    ...commandLines(Object.entries(group.commands)),
    '',
    `Run 'tollgate ${name} <command> --help' for a command's options.`,
    '',
  ].join('\n');
}

export function commandHelp(name: string, command: Command): string {
  return [`Usage: tollgate ${name}${command.usage ? ` ${command.usage}` : ''}`, '', command.description, '', 'Options:', ...optionLines(command.options), ''].join('\n');
}
