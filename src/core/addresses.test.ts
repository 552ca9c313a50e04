import { describe, expect, it } from 'vitest';
import { isPublicAddress, refusedDestination } from './addresses.js';

describe('webhook destinations', () => {
  it('refuses loopback, private, link-local, CGNAT, metadata and their IPv6 forms', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::10.0.0.1']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).toBe(true);
  });

  it('refuses a name that resolves to a private address, and accepts one that resolves to public ones only', async () => {
    expect(await refusedDestination(new URL('http://intranet.example/hook'), async () => ['93.184.216.34', '10.0.0.5'])).toMatch(/10\.0\.0\.5/);
    expect(await refusedDestination(new URL('https://hooks.example/x'), async () => ['93.184.216.34'])).toBeUndefined();
    expect(await refusedDestination(new URL('http://[::1]:8080/x'))).toMatch(/not a public address/);
    expect(await refusedDestination(new URL('http://localhost/x'))).toMatch(/loopback/);
  });
});
