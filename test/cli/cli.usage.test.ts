import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runTollgate } from '../support/server.js';

// No database is touched: a usage problem is found before the configuration is even read, which the
// bad DATABASE_URL below proves (it would otherwise be the error, exit 78).
const env = { DATABASE_URL: 'mysql://nowhere' };
const run = (...args: string[]) => runTollgate(args, env);

describe('tollgate help and version', () => {
  it('prints help on stdout with exit 0: for tollgate, a group and a command', async () => {
    const [long, short, group, command, helpCommand, version] = await Promise.all([
      run('--help'),
      run('-h'),
      run('keys', '--help'),
      run('keys', 'create', '--help'),
      run('help', 'tenants', 'create'),
      run('--version'),
    ]);
    for (const r of [long, short, group, command, helpCommand, version]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
    }
    expect(long.stdout).toMatch(/^Usage: tollgate <command>/);
    expect(short.stdout).toBe(long.stdout);
    for (const name of ['serve', 'worker', 'migrate', 'verify', 'tenants create', 'tenants list', 'keys create', 'keys list', 'keys revoke']) expect(long.stdout).toContain(`  ${name} `);
    expect(group.stdout).toMatch(/^Usage: tollgate keys <command>/);
    expect(group.stdout).toMatch(/^ {2}create +/m);
    expect(group.stdout).toMatch(/^ {2}list +/m);
    expect(command.stdout).toMatch(/^Usage: tollgate keys create \(--tenant ID \| --admin\)/);
    expect(command.stdout).toMatch(/^ {2}--tenant ID +/m);
    expect(command.stdout).toMatch(/^ {2}--json +/m);
    expect(helpCommand.stdout).toMatch(/^Usage: tollgate tenants create --name NAME/);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(version.stdout).toBe(`tollgate ${pkg.version}\n`);
  });
});

describe('tollgate usage errors', () => {
  it('exit 2 on stderr, naming what is wrong, suggesting the near miss and pointing at --help', async () => {
    const [bare, typo, unknown, group, flag, sub, missingValue, extra] = await Promise.all([
      run(),
      run('serv'),
      run('frobnicate'),
      run('keys'),
      run('keys', 'create', '--tenat', 'shop'),
      run('tenant', 'list'),
      run('keys', 'list', '--tenant'),
      run('tenants', 'list', 'everything'),
    ]);
    for (const r of [bare, typo, unknown, group, flag, sub, missingValue, extra]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
    }
    // Bare: the usage, on stderr.
    expect(bare.stderr).toMatch(/^Usage: tollgate <command>/);
    expect(typo.stderr).toBe("Unknown command 'serv'. Did you mean 'serve'?\nRun 'tollgate --help' for usage.\n");
    expect(unknown.stderr).toContain("Unknown command 'frobnicate'.");
    expect(unknown.stderr).not.toContain('Did you mean');
    expect(group.stderr).toContain("'tollgate keys' needs a command: create, list, revoke.");
    expect(flag.stderr).toBe("Unknown option '--tenat' for 'tollgate keys create'. Did you mean '--tenant'?\nRun 'tollgate keys create --help' for usage.\n");
    expect(sub.stderr).toContain("Did you mean 'tenants'?");
    expect(missingValue.stderr).toContain('Option --tenant needs a value: --tenant ID.');
    expect(extra.stderr).toContain("Unexpected argument 'everything'.");
  });

  it('refuses keys create without --tenant or --admin, and tenants create without --name, saying so', async () => {
    const [noOwner, both, noName, noKeyId] = await Promise.all([
      run('keys', 'create', '--name', 'ci'),
      run('keys', 'create', '--tenant', 'shop', '--admin'),
      run('tenants', 'create', '--tier', 'pro'),
      run('keys', 'revoke'),
    ]);
    for (const r of [noOwner, both, noName, noKeyId]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(noOwner.stderr).toMatch(/^Say whose key this is: --tenant ID for a tenant key, or --admin for an admin key/);
    expect(both.stderr).toMatch(/^Choose one: --tenant ID .* or --admin/);
    expect(noName.stderr).toMatch(/^Missing --name: a tenant needs a name/);
    expect(noName.stderr).not.toContain('request body');
    expect(noKeyId.stderr).toMatch(/^Missing KEY_ID/);
  });
});
