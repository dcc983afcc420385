import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { checkLogger, createLogger, receiverLogger, type Logger } from '../../../src/daemon/logger.js';

const CANARY = 'canary-s3cr3t-9f8e7d';
const PEM = `-----BEGIN PRIVATE KEY-----\nMIIE${CANARY}AAAA\n-----END PRIVATE KEY-----`;

function collect(level: 'info' | 'debug' | 'warn' = 'debug'): { logger: Logger; lines: () => Record<string, unknown>[]; raw: () => string } {
  const chunks: string[] = [];
  const logger = createLogger({
    level,
    destination: {
      write: (s: string) => {
        chunks.push(s);
      },
    },
  });
  return {
    logger,
    raw: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('does write JSON lines with level, msg and name when logging plain fields', () => {
    const { logger, lines } = collect('info');
    logger.info({ cycle: 3 }, 'cycle finished');
    logger.debug('not written at info');
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ level: 30, msg: 'cycle finished', name: 'snowmon', cycle: 3 });
  });

  it('does redact known secret keys when they are top-level or nested at any depth', () => {
    const { logger, raw, lines } = collect();
    logger.info(
      {
        password: CANARY,
        token: CANARY,
        routing_key: CANARY,
        private_key: CANARY,
        passphrase: CANARY,
        authorization: `Bearer ${CANARY}`,
        receiver: { slack: { bot_token: CANARY, webhook_url: `https://hooks.slack.com/services/T/B/${CANARY}` } },
        deep: { a: { b: { c: { d: { password: CANARY, kept: 'visible' } } } } },
        list: [{ routingKey: CANARY }],
      },
      'config loaded',
    );
    expect(raw()).not.toContain(CANARY);
    const line = lines()[0]!;
    expect(line['password']).toBe('[redacted]');
    expect((line['receiver'] as { slack: Record<string, unknown> }).slack['bot_token']).toBe('[redacted]');
    expect(JSON.stringify(line['deep'])).toContain('visible');
  });

  it('does redact Secret instances and secret text when they are values, messages or printf arguments', () => {
    const { logger, raw, lines } = collect();
    const secret = new Secret(CANARY);
    logger.info({ credential: secret, nested: { value: secret } }, 'connecting');
    logger.info('connecting with password=%s', CANARY);
    logger.info(`store url postgres://snowmon:${CANARY}@db:5432/snowmon`);
    logger.warn('key was %s', secret);
    logger.info({ note: `posted to https://hooks.slack.com/services/T000/B000/${CANARY}` }, 'sent');
    expect(raw()).not.toContain(CANARY);
    expect(lines()[0]).toMatchObject({ credential: '[redacted]', nested: { value: '[redacted]' } });
    expect(lines()[2]!['msg']).toBe('store url postgres://snowmon:[redacted]@db:5432/snowmon');
  });

  it('does scrub an error message and stack when the error carries a secret', () => {
    const { logger, raw, lines } = collect();
    const error = new Error(`login failed: password=${CANARY}`);
    const withKey = Object.assign(new Error(`bad key ${PEM}`), { token: CANARY, cause: new Error(`token: ${CANARY}`) });
    logger.error({ err: error }, 'check failed');
    logger.error(withKey);
    logger.error({ failure: error }, 'nested error');
    expect(error.stack).toContain(CANARY); // the secret really is in the stack we logged
    expect(raw()).not.toContain(CANARY);
    const [first, second, third] = lines();
    expect((first!['err'] as Record<string, string>)['message']).toBe('login failed: password=[redacted]');
    expect((first!['err'] as Record<string, string>)['stack']).toContain('password=[redacted]');
    expect(second!['msg']).toBe('bad key [redacted key]');
    expect((second!['err'] as Record<string, unknown>)['token']).toBe('[redacted]');
    expect((third!['failure'] as Record<string, string>)['message']).toBe('login failed: password=[redacted]');
  });

  it("does keep a config error's message about a secret key whole, as it holds no value, and still redact a value there", () => {
    const { logger, raw, lines } = collect();
    const unset = 'routing.yaml:4: receivers.slack-prod.token: environment variable SLACK_BOT_TOKEN is not set (SM105)';
    const literal = 'snowmon.yaml:3: snowflake.password: secrets come from the environment or files, never from config text (SM106)';
    logger.error({ error: `${unset}\n${literal}` }, 'reload failed: keeping the current config');
    logger.error({ error: `token: ${CANARY}` }, 'other');
    expect(lines()[0]!['error']).toBe(`${unset}\n${literal}`);
    expect(raw()).not.toContain(CANARY);
  });

  it('does bind check, receiver and groupKey and redact secrets when child loggers are used', () => {
    const { logger, raw, lines } = collect();
    checkLogger(logger, 'resource_monitors').info({ password: CANARY }, 'ran');
    receiverLogger(logger, 'slack-costs', '{}:{monitor="M"}').error({ err: new Error(`token=${CANARY}`) }, 'send failed');
    logger.child({ token: CANARY, secretThing: new Secret(CANARY) }).info('bound');
    expect(raw()).not.toContain(CANARY);
    expect(lines()[0]).toMatchObject({ check: 'resource_monitors', password: '[redacted]' });
    expect(lines()[1]).toMatchObject({ receiver: 'slack-costs', groupKey: '{}:{monitor="M"}' });
    expect(lines()[2]).toMatchObject({ token: '[redacted]', secretThing: '[redacted]', msg: 'bound' });
  });
});
