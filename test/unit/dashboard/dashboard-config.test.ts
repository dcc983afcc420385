/**
 * `daemon.dashboard:` through the real loader: off by default, every key read (the htpasswd file's bcrypt
 * lines, the token, the proxy header), and exact errors naming file, line and key for an enabled dashboard
 * with no way in, a non-bcrypt htpasswd line, a short token, an unreadable file and a bad proxy address.
 */

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import { configFiles } from '../../support/config-errors.js';

const HASH = '$2y$05$abcdefghijklmnopqrstuuTsJ0u5b3rS5o0WmJmU0w9m2Ex6Gm6Ne';
const { file, errorLines: errors } = configFiles('snowmon-dashboard-config-');

describe('daemon.dashboard in snowmon.yaml', () => {
  it('does leave the dashboard off when the section is absent', async () => {
    const config = await loadConfig(file('none.yaml', ''), {});
    expect(config.daemon.dashboard).toEqual({ enabled: false, auth: { trustedProxies: ['127.0.0.1', '::1'] }, protectMetrics: false });
  });

  it('does read the htpasswd users, the token from the environment and the proxy header', async () => {
    file('htpasswd', `# made with htpasswd -B\nana:${HASH}\n\n`);
    const config = await loadConfig(
      file(
        'full.yaml',
        [
          'daemon:',
          '  dashboard:',
          '    enabled: true',
          '    protect_metrics: true',
          '    snowsight_url: https://app.snowflake.com/myorg/myaccount/',
          '    auth:',
          '      token: ${DASH_TOKEN}',
          '      basic_auth_file: ./htpasswd',
          '      trusted_header: X-Forwarded-User',
          '      trusted_proxies: [10.0.0.7]',
          '',
        ].join('\n'),
      ),
      { DASH_TOKEN: 'tok-0123456789abcdef' },
    );
    const d = config.daemon.dashboard;
    expect(d).toMatchObject({ enabled: true, protectMetrics: true, snowsightUrl: 'https://app.snowflake.com/myorg/myaccount' });
    expect(d.auth.token?.reveal()).toBe('tok-0123456789abcdef');
    expect(d.auth.basicUsers?.map((u) => [u.user, u.hash.reveal()])).toEqual([['ana', HASH]]);
    expect(d.auth).toMatchObject({ trustedHeader: 'x-forwarded-user', trustedProxies: ['10.0.0.7'] });
    expect(JSON.stringify(config)).not.toContain('tok-0123456789abcdef');
    expect(JSON.stringify(config)).not.toContain(HASH);
  });

  it('does name the file, line and key of every unusable setting', async () => {
    file('md5.htpasswd', 'bob:$apr1$Xy$abcdefghijklmnopqrstu.\nana\n');
    const path = file(
      'bad.yaml',
      [
        'daemon:',
        '  dashboard:',
        '    enabled: true',
        '    auth:',
        '      token: ${SHORT}',
        '      basic_auth_file: ./md5.htpasswd',
        '      trusted_header: "X Forwarded User"',
        '      trusted_proxies: [proxy.local]',
        '',
      ].join('\n'),
    );
    const lines = await errors(path, { SHORT: 'abc' });
    expect(lines).toEqual([
      `${path}:5: daemon.dashboard.auth.token: the token is 3 characters: use at least 16 (e.g. openssl rand -hex 32) (SM131)`,
      `${path}:6: daemon.dashboard.auth.basic_auth_file: "./md5.htpasswd" line 1: user "bob" has no bcrypt hash (make the file with htpasswd -B; MD5, SHA-1, crypt and plain passwords are refused) (SM131)`,
      `${path}:6: daemon.dashboard.auth.basic_auth_file: "./md5.htpasswd" line 2: expected user:hash (SM131)`,
      `${path}:7: daemon.dashboard.auth.trusted_header: not a header name: "X Forwarded User" (e.g. X-Forwarded-User) (SM108)`,
      `${path}:8: daemon.dashboard.auth.trusted_proxies[0]: not an IP address: "proxy.local" (the proxy's address as this daemon sees it, e.g. 127.0.0.1) (SM108)`,
    ]);
  });

  it('does refuse an enabled dashboard with no way in, and a missing htpasswd file', async () => {
    const open = file('open.yaml', 'daemon:\n  dashboard:\n    enabled: true\n');
    expect(await errors(open)).toEqual([
      `${open}:2: daemon.dashboard.auth: the dashboard is enabled with no way in: set auth.token_file, auth.basic_auth_file or auth.trusted_header (SM110)`,
    ]);
    const missing = file('missing.yaml', 'daemon:\n  dashboard:\n    enabled: true\n    auth:\n      basic_auth_file: ./nope\n');
    const lines = await errors(missing);
    expect(lines[0]).toMatch(
      new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: daemon\\.dashboard\\.auth\\.basic_auth_file: cannot read ".*nope": .* \\(SM107\\)$`),
    );
  });
});
