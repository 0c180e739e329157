import { describe, expect, it } from 'vitest';
import { HELP, parseCliConfig } from './config';

const run = (argv: string[], env: Record<string, string> = {}) => {
  const config = parseCliConfig(argv, env);
  if (config.kind !== 'run') {
    throw new Error(`expected a runnable config, got ${JSON.stringify(config)}`);
  }
  return config;
};

describe('signaling server configuration', () => {
  it('has safe defaults: loopback, one instance in memory, the default realm, no TURN', () => {
    const { options, tlsFiles } = run([]);
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 7420,
      realms: ['default'],
      redisUrl: undefined,
    });
    expect(options.ice).toMatchObject({ iceServers: [], turnUrls: [], turnSecret: null });
    expect(options.limits).toMatchObject({ allowedOrigins: null, maxConnectionsPerIp: 50 });
    expect(tlsFiles).toBeNull();
  });

  it('refuses blank or non-decimal numbers and an empty realm list instead of taking them as 0 or none', () => {
    for (const env of [
      { PARLEY_PORT: '' },
      { PARLEY_DRAIN_TIMEOUT: ' ' },
      { PARLEY_PORT: '0x1f90' },
      { PARLEY_REALMS: '' },
    ]) {
      expect(parseCliConfig([], env)).toMatchObject({ kind: 'error' });
    }
    const noRealm = parseCliConfig(['--realms', ' , '], {});
    expect(noRealm.kind === 'error' && noRealm.message).toContain('--realms');
    expect(run([], { PARLEY_PORT: ' 9000 ' }).options.port).toBe(9000);
  });

  it('reads every option from flags or PARLEY_* variables, flags first', () => {
    const { options, tlsFiles, logLevel } = run(
      [
        '--port',
        '9000',
        '--realms',
        'acme, globex',
        '--frames-per-second',
        '5',
        '--tls-cert',
        'c.pem',
        '--tls-key',
        'k.pem',
      ],
      {
        PARLEY_PORT: '1',
        PARLEY_HOST: '0.0.0.0',
        PARLEY_REDIS_URL: 'redis://10.0.0.5:6379',
        PARLEY_ICE_SERVERS: 'stun:stun.example.org:3478',
        PARLEY_TURN_URLS: 'turn:turn.example.org:3478',
        PARLEY_TURN_SECRET: 's3cret',
        PARLEY_TURN_TTL: '600',
        PARLEY_ALLOWED_ORIGINS: 'https://chat.example.org',
        PARLEY_LOG_LEVEL: 'warn',
      },
    );
    expect(options).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      realms: ['acme', 'globex'],
      redisUrl: 'redis://10.0.0.5:6379',
      ice: {
        iceServers: [{ urls: 'stun:stun.example.org:3478' }],
        turnUrls: ['turn:turn.example.org:3478'],
        turnSecret: 's3cret',
        turnCredentialTtlSeconds: 600,
      },
      limits: { framesPerSecond: 5, allowedOrigins: ['https://chat.example.org'] },
    });
    expect(tlsFiles).toEqual({ cert: 'c.pem', key: 'k.pem' });
    expect(logLevel).toBe('warn');
  });

  it('takes ICE servers with static credentials as JSON', () => {
    const servers = '[{"urls":["turn:t.example.org"],"username":"u","credential":"p"}]';
    expect(run(['--ice-servers', servers]).options.ice?.iceServers).toEqual([
      { urls: ['turn:t.example.org'], username: 'u', credential: 'p' },
    ]);
  });

  it('refuses bad values with a message naming the option', () => {
    const refusals: [string[], string][] = [
      [['--port', '70000'], '--port'],
      [['--realms', 'Acme Corp'], '--realms'],
      [['--redis-url', 'localhost:6379'], '--redis-url'],
      [['--tls-cert', 'c.pem'], '--tls-cert and --tls-key'],
      [['--turn-urls', 'turn:t.example.org'], '--turn-urls needs --turn-secret'],
      [['--ice-servers', '[{"url":"stun:x"}]'], '--ice-servers'],
      [['--max-connections', '0'], '--max-connections'],
      [['--log-level', 'loud'], '--log-level'],
      [['--no-such-flag'], 'no-such-flag'],
    ];
    for (const [argv, message] of refusals) {
      const config = parseCliConfig(argv, {});
      expect(config.kind).toBe('error');
      expect(config.kind === 'error' ? config.message : '').toContain(message);
    }
  });

  it('documents every option in --help', () => {
    expect(parseCliConfig(['--help'], {})).toEqual({ kind: 'help' });
    for (const flag of [
      '--redis-url',
      '--realms',
      '--turn-secret',
      '--tls-cert',
      '--allowed-origins',
      '--drain-timeout',
    ]) {
      expect(HELP).toContain(flag);
    }
  });
});
