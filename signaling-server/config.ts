// The signaling server's configuration from command-line flags and PARLEY_* environment variables (a flag wins).
// Pure: it reads only what it is given, so every option and every refusal is unit-tested.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { IceServerSchema, RealmSchema, type IceServer } from '../shared/signaling/signaling-frames';
import { DEFAULT_TURN_TTL_SECONDS } from './ice-config';
import { DEFAULT_LIMITS, type SignalingServerOptions } from './server';

export const HELP = `parley-signaling: the Parley signaling server

Every option is a flag or an environment variable; a flag wins.

  --host <address>             PARLEY_HOST              interface to listen on (default 127.0.0.1)
  --port <number>              PARLEY_PORT              TCP port; 0 picks a free one (default 7420)
  --server-id <name>           PARLEY_SERVER_ID         the name clients sign into their login; set it to the
                                                        public host:port when behind a proxy (default host:port)
  --tls-cert <file>            PARLEY_TLS_CERT          PEM certificate chain: serve https/wss directly
  --tls-key <file>             PARLEY_TLS_KEY           PEM private key for --tls-cert
  --web-root <dir>             PARLEY_WEB_ROOT          also serve the browser build from this folder
  --allowed-origins <list>     PARLEY_ALLOWED_ORIGINS   comma-separated browser origins allowed to connect
                                                        (default any; clients sending no Origin are admitted)
  --realms <list>              PARLEY_REALMS            comma-separated realms served, * for any (default: default)
  --redis-url <url>            PARLEY_REDIS_URL         share peers with other instances through this Redis
                                                        (default: one instance, in memory)
  --instance-id <name>         PARLEY_INSTANCE_ID       this instance's name in Redis (default: random)
  --instance-ttl <ms>          PARLEY_INSTANCE_TTL      with Redis: silence after which an instance counts as
                                                        dead and its peers offline (default 15000)
  --ice-servers <list>         PARLEY_ICE_SERVERS       STUN/TURN URLs handed to clients, comma-separated,
                                                        or a JSON array of {urls, username?, credential?}
  --turn-urls <list>           PARLEY_TURN_URLS         TURN URLs that get short-lived credentials
  --turn-secret <secret>       PARLEY_TURN_SECRET       coturn static-auth-secret (prefer the variable)
  --turn-ttl <seconds>         PARLEY_TURN_TTL          lifetime of TURN credentials (default ${DEFAULT_TURN_TTL_SECONDS})
  --max-connections <n>        PARLEY_MAX_CONNECTIONS   TCP connections in total (default ${DEFAULT_LIMITS.maxConnections})
  --max-connections-per-ip <n> PARLEY_MAX_CONNECTIONS_PER_IP  from one address (default ${DEFAULT_LIMITS.maxConnectionsPerIp})
  --frames-per-second <n>      PARLEY_FRAMES_PER_SECOND frames one connection may send per second (default ${DEFAULT_LIMITS.framesPerSecond})
  --frame-burst <n>            PARLEY_FRAME_BURST       frames one connection may send at once (default ${DEFAULT_LIMITS.frameBurst})
  --drain-timeout <ms>         PARLEY_DRAIN_TIMEOUT     on SIGTERM, how long clients get to leave (default 5000)
  --log-level <level>          PARLEY_LOG_LEVEL         fatal, error, warn, info, debug (default info)
  --help                                                show this help
`;

const STRING_OPTIONS = [
  'host',
  'port',
  'server-id',
  'tls-cert',
  'tls-key',
  'web-root',
  'allowed-origins',
  'realms',
  'redis-url',
  'instance-id',
  'instance-ttl',
  'ice-servers',
  'turn-urls',
  'turn-secret',
  'turn-ttl',
  'max-connections',
  'max-connections-per-ip',
  'frames-per-second',
  'frame-burst',
  'drain-timeout',
  'log-level',
] as const;
type OptionName = (typeof STRING_OPTIONS)[number];

export type CliConfig =
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'run';
      readonly options: Omit<SignalingServerOptions, 'logger' | 'tls'>;
      readonly tlsFiles: { readonly cert: string; readonly key: string } | null;
      readonly logLevel: string;
    };

class ConfigError extends Error {}

const envName = (option: OptionName): string => `PARLEY_${option.toUpperCase().replaceAll('-', '_')}`;
const list = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const parseIceServers = (text: string): IceServer[] => {
  if (text.trim().startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ConfigError('--ice-servers: not valid JSON');
    }
    const parsed = z.array(IceServerSchema).safeParse(json);
    if (!parsed.success) {
      throw new ConfigError('--ice-servers: expected [{ urls, username?, credential? }]');
    }
    return parsed.data;
  }
  return list(text).map((urls) => ({ urls }));
};

export const parseCliConfig = (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliConfig => {
  let values: Partial<Record<OptionName, string>> & { help?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: 'string' as const }])),
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help) {
    return { kind: 'help' };
  }
  const get = (option: OptionName): string | undefined => values[option] ?? env[envName(option)];
  const integer = (option: OptionName, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const raw = get(option);
    if (raw === undefined) {
      return fallback;
    }
    // Digits only: Number('') is 0, so a blank PARLEY_PORT= would otherwise mean a random port.
    const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`--${option}: expected an integer from ${min} to ${max}, got ${raw}`);
    }
    return value;
  };

  try {
    const realms = list(get('realms') ?? 'default');
    if (realms.length === 0) {
      throw new ConfigError('--realms: name at least one realm, or * for any');
    }
    for (const realm of realms) {
      if (realm !== '*' && !RealmSchema.safeParse(realm).success) {
        throw new ConfigError(`--realms: ${realm} is not a realm name (lowercase letters, digits, dashes)`);
      }
    }
    const redisUrl = get('redis-url');
    if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
      throw new ConfigError('--redis-url: expected redis://host:port or rediss://host:port');
    }
    const cert = get('tls-cert');
    const key = get('tls-key');
    if ((cert === undefined) !== (key === undefined)) {
      throw new ConfigError('--tls-cert and --tls-key go together');
    }
    const turnUrls = list(get('turn-urls') ?? '');
    const turnSecret = get('turn-secret') ?? null;
    if (turnUrls.length > 0 && !turnSecret) {
      throw new ConfigError('--turn-urls needs --turn-secret (or PARLEY_TURN_SECRET)');
    }
    const origins = get('allowed-origins');
    const logLevel = get('log-level') ?? 'info';
    if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
      throw new ConfigError(`--log-level: unknown level ${logLevel}`);
    }
    return {
      kind: 'run',
      logLevel,
      tlsFiles: cert !== undefined && key !== undefined ? { cert, key } : null,
      options: {
        host: get('host') ?? '127.0.0.1',
        port: integer('port', 7420, 0, 65_535),
        serverId: get('server-id'),
        webRoot: get('web-root'),
        realms,
        redisUrl,
        ...(get('instance-id') ? { instanceId: get('instance-id') } : {}),
        instanceTtlMs: integer('instance-ttl', 15_000, 300, 600_000),
        ice: {
          iceServers: parseIceServers(get('ice-servers') ?? ''),
          turnUrls,
          turnSecret,
          turnCredentialTtlSeconds: integer('turn-ttl', DEFAULT_TURN_TTL_SECONDS, 60, 7 * 24 * 3600),
        },
        drainTimeoutMs: integer('drain-timeout', 5_000, 0, 600_000),
        limits: {
          allowedOrigins: origins === undefined ? null : list(origins),
          maxConnections: integer('max-connections', DEFAULT_LIMITS.maxConnections, 1),
          maxConnectionsPerIp: integer('max-connections-per-ip', DEFAULT_LIMITS.maxConnectionsPerIp, 1),
          framesPerSecond: integer('frames-per-second', DEFAULT_LIMITS.framesPerSecond, 1),
          frameBurst: integer('frame-burst', DEFAULT_LIMITS.frameBurst, 1),
        },
      },
    };
  } catch (error) {
    if (error instanceof ConfigError) {
      return { kind: 'error', message: error.message };
    }
    throw error;
  }
};
