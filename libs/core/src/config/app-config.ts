import { z } from 'zod';
import { buildKeyRing, isWeakKey, KEY_ID_PATTERN, KeyRing, MasterKey } from '../crypto/key-ring';

/** Thrown at boot when an environment variable is missing or malformed; names the variable. */
export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL with protocol ${protocols.join(' or ')}`);

const hexKey = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (32 bytes)');

/** Values published in this repository (defaults, docker-compose): never acceptable in production. */
const DEV_JWT_SECRET = 'dev-only-secret-change-me-please';
const DEV_ENCRYPTION_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const PUBLISHED_SECRETS = new Set([DEV_JWT_SECRET, DEV_ENCRYPTION_KEY, 'change-me-in-production-please'].map((s) => s.toLowerCase()));
/** JWT secrets shorter than this are refused in production (HS256 wants at least 256 bits of secret). */
const MIN_PRODUCTION_JWT_SECRET = 32;

/** An empty variable (`FOO=` in compose files) counts as unset: the default applies — and production refuses it. */
const unsetIfEmpty = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: optional(url(['postgres:', 'postgresql:'])),
  REDIS_URL: optional(url(['redis:', 'rediss:'])),
  ELASTICSEARCH_URL: optional(url(['http:', 'https:'])),
  DATA_DIR: z.string().min(1).default('./.data'),
  JWT_SECRET: unsetIfEmpty(z.string().min(16, 'must be at least 16 characters').default(DEV_JWT_SECRET)),
  /** Lifetime of an access token (short: a refresh token gets the next one). */
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(15 * 60),
  /** Lifetime of a refresh token; each use rotates it and starts the lifetime anew. */
  JWT_REFRESH_TTL_SECONDS: z.coerce.number().int().min(300).max(90 * 86400).default(7 * 86400),
  /**
   * How long one process may reuse what the database said about a session (user active, token
   * version, role, session not revoked). Changes made by this process take effect at once; those made
   * by another process within this time. 0: ask the database on every request.
   */
  AUTH_SESSION_CACHE_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  /** Express `trust proxy`: unset/false (client address = socket), true, a hop count, or addresses/ranges (`loopback, 10.0.0.0/8`). */
  TRUST_PROXY: optional(z.string().regex(/^(true|false|\d{1,2}|[0-9a-zA-Z.:/,\s]+)$/, 'must be true, false, a hop count or a list of addresses')),
  /** Browser origins allowed to call the API (CORS), comma-separated; unset: none (CORS closed). */
  CORS_ORIGINS: optional(
    z.string().refine((v) => v.split(',').every((o) => /^https?:\/\/[a-zA-Z0-9.-]+(:\d{1,5})?$/.test(o.trim())), 'must be origins like https://console.example.gov.cn, comma-separated'),
  ),
  /** The OpenAPI document and Swagger UI at /api/docs: public, behind a platform login (HTTP Basic), or off. Production: off unless set; never public. */
  API_DOCS: optional(z.enum(['public', 'login', 'off'])),
  /**
   * The master key, 32 bytes as 64 hex characters. Never used directly: the keys for field
   * encryption, blind indexes, treasury callbacks and the audit chain are derived from it (HKDF).
   */
  ENCRYPTION_KEY: unsetIfEmpty(hexKey.default(DEV_ENCRYPTION_KEY)),
  /** Id of ENCRYPTION_KEY, stored with every ciphertext and audit entry it keys. Change it with the key. */
  ENCRYPTION_KEY_ID: unsetIfEmpty(z.string().regex(KEY_ID_PATTERN, 'must be 1-16 lowercase letters or digits').default('k1')),
  /** Previous master keys, read-only (decrypt, verify): `kid:hex,kid:hex`. */
  ENCRYPTION_KEYS_RETIRED: optional(
    z.string().regex(/^[a-z0-9]{1,16}:[0-9a-fA-F]{64}(,[a-z0-9]{1,16}:[0-9a-fA-F]{64})*$/, 'must be kid:64-hex pairs separated by commas'),
  ),
  /** The key treasury callbacks are signed with, when issued separately (else derived from the master). */
  TREASURY_CALLBACK_KEY: optional(hexKey),
  /** How often the audit chain's head is anchored in a signed checkpoint file under DATA_DIR (0: only at boot and on verify). */
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  DEMO_ENTERPRISES: z.coerce.number().int().min(0).max(2_000_000).default(2000),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
  SMS_GATEWAY_URL: optional(url(['http:', 'https:'])),
  APP_MESSAGE_GATEWAY_URL: optional(url(['http:', 'https:'])),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1-40 lowercase letters, digits, _ or -').default('qinqing'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  MATCH_PLAN_QUIET_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  CONFIRM_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  CONFIRM_REMINDER_DAYS: z
    .string()
    .trim()
    .regex(/^(\d{1,2}(,\d{1,2})*)?$/, 'must be a comma-separated list of working days, e.g. 5,1')
    .default('5,1'),
  REOPEN_GRACE_WORKING_DAYS: z.coerce.number().int().min(0).max(60).default(10),
  COMMITMENT_VERIFY_WORKING_DAYS: z.coerce.number().int().min(1).max(120).default(20),
  STAFF_NOTIFY_GATEWAY_URL: optional(url(['http:', 'https:'])),
  /** Which treasury the payout center pays through: the in-process simulator, the treasury's HTTP API, or payment files. */
  TREASURY_MODE: unsetIfEmpty(z.enum(['sim', 'http', 'file']).default('sim')),
  /** TREASURY_MODE=http: base URL of the treasury API (required then). */
  TREASURY_URL: optional(url(['http:', 'https:'])),
  /** TREASURY_MODE=http: timeout of one call; after it the outcome is unknown and the sender asks for status. */
  TREASURY_TIMEOUT_MS: unsetIfEmpty(z.coerce.number().int().min(100).max(300_000).default(10_000)),
  /** TREASURY_MODE=file: directory with out/ (payment files) and in/ (result files); default DATA_DIR/treasury. */
  TREASURY_FILE_DIR: optional(z.string().min(1)),
  /** Auto-batching of ready payout instructions per payer: at most this long after the oldest was ready (0: off, finance batches by hand). */
  AUTO_BATCH_EVERY_MS: unsetIfEmpty(z.coerce.number().int().min(0).max(7 * 86_400_000).default(10 * 60_000)),
  /** Auto-batching: a payer's batch is cut as soon as this many instructions are ready (and never holds more). */
  AUTO_BATCH_MAX: unsetIfEmpty(z.coerce.number().int().min(1).max(100_000).default(500)),
  /** A batch whose total is below this (fen) is approved by the rule-based auto-check; 0: never (a checker approves every batch). */
  AUTO_CHECK_MAX_FEN: unsetIfEmpty(z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0)),
  /** 数据共享: base URL of the departments' data-source service (HTTP JSON pull); unset → the in-process simulated sources. */
  DATA_SOURCE_URL: optional(url(['http:', 'https:'])),
  /** How often each data source is pulled (incrementally, by cursor); 0: only on demand. */
  DATA_SOURCE_SYNC_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Per-source field mapping overriding the defaults: JSON `{ "<source>": { "<source field>": "<fact key>|tag:<code>" } }`. */
  DATA_SOURCE_MAPPINGS: optional(
    z.string().refine((v) => {
      try {
        const o: unknown = JSON.parse(v);
        const isMap = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
        return isMap(o) && Object.values(o).every((m) => isMap(m) && Object.values(m).every((t) => typeof t === 'string'));
      } catch {
        return false;
      }
    }, 'must be JSON like {"tax":{"yysr":"revenue"}} (source → source field → fact key or tag:<code>)'),
  ),
  /** The built web console (apps/console → dist/console); served at / when it holds an index.html. */
  CONSOLE_DIR: z.string().min(1).default('./dist/console'),
});

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  database: { mode: 'postgres'; url: string } | { mode: 'pglite'; dataDir: string };
  queue: { mode: 'bull'; url: string; prefix: string } | { mode: 'in-process' };
  search: { mode: 'elasticsearch'; url: string } | { mode: 'postgres-fts' };
  dataDir: string;
  /** Access tokens (HS256 JWT, `ttlSeconds`) and refresh tokens (`refreshTtlSeconds`, rotated on use). */
  jwt: { secret: string; ttlSeconds: number; refreshTtlSeconds: number };
  /** Per-request session check: how long a process may reuse the database's answer (ms). */
  auth: { sessionCacheMs: number };
  http: { trustProxy: boolean | number | string; corsOrigins: string[]; apiDocs: 'public' | 'login' | 'off' };
  /** Every key of the platform, each for one purpose (see libs/core/src/crypto/key-ring.ts, docs/security.md). */
  keys: KeyRing;
  audit: { checkpointSeconds: number };
  seedDemo: boolean;
  demoEnterprises: number;
  loginRateLimit: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /**
   * Matching of publications: a burst of publications is planned together once none has arrived for
   * `planQuietMs` (0: each plan job plans at once).
   */
  matching: { planQuietMs: number };
  /** Push channel gateways; unset → the log fake. */
  push: { smsGatewayUrl: string | null; appMessageGatewayUrl: string | null };
  /**
   * 兑现闭环: the firm confirms its account within `confirmWorkingDays` after 公示 (reminded
   * `reminderDaysBefore` working days before the deadline), may ask to reopen a lapsed application
   * within `reopenGraceWorkingDays`; 承诺兑现 is verified by the department within
   * `commitmentVerifyWorkingDays` after payment. Staff reminders go to `staffGatewayUrl` (unset → log/in-app).
   */
  fulfilment: {
    confirmWorkingDays: number;
    reminderDaysBefore: number[];
    reopenGraceWorkingDays: number;
    commitmentVerifyWorkingDays: number;
    staffGatewayUrl: string | null;
  };
  /** The web console's build output directory (absolute or relative to the working directory). */
  console: { dir: string };
  /** The treasury adapter of every deployable (TREASURY_MODE) with its settings. */
  treasury: { mode: 'sim' } | { mode: 'http'; url: string; timeoutMs: number } | { mode: 'file'; dir: string };
  /**
   * 实时兑付: ready instructions are batched per payer every `autoBatchEveryMs` (0: off) or at
   * `autoBatchMax`; a batch under `autoCheckMaxFen` is approved by the rule-based auto-check (0: never).
   */
  payouts: { autoBatchEveryMs: number; autoBatchMax: number; autoCheckMaxFen: number };
  /**
   * 数据共享: the departments' data sources are pulled over HTTP from `url` (null: the in-process
   * simulated sources) every `syncSeconds` (0: on demand only); `mappings` override the default
   * per-source field mapping (checked against the fact registry when the enterprises module starts).
   */
  dataSources: { url: string | null; syncSeconds: number; mappings: Record<string, Record<string, string>> | null };
}

/** Builds the one typed config from the environment. Nobody else reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const reminderDaysBefore = [...new Set(e.CONFIRM_REMINDER_DAYS ? e.CONFIRM_REMINDER_DAYS.split(',').map(Number) : [])].sort((a, b) => b - a);
  if (reminderDaysBefore.some((d) => d < 1 || d >= e.CONFIRM_WORKING_DAYS)) {
    throw new ConfigError('CONFIRM_REMINDER_DAYS', `must list working days between 1 and CONFIRM_WORKING_DAYS - 1 (${e.CONFIRM_WORKING_DAYS - 1})`);
  }
  const masters: MasterKey[] = [{ kid: e.ENCRYPTION_KEY_ID, key: Buffer.from(e.ENCRYPTION_KEY, 'hex') }];
  for (const pair of e.ENCRYPTION_KEYS_RETIRED ? e.ENCRYPTION_KEYS_RETIRED.split(',') : []) {
    const [kid, hex] = pair.split(':');
    if (masters.some((m) => m.kid === kid)) throw new ConfigError('ENCRYPTION_KEYS_RETIRED', `repeats the key id ${kid}`);
    masters.push({ kid, key: Buffer.from(hex, 'hex') });
  }
  const treasuryCallback = e.TREASURY_CALLBACK_KEY ? Buffer.from(e.TREASURY_CALLBACK_KEY, 'hex') : undefined;
  if (e.NODE_ENV === 'production') assertProductionSecrets(e, masters, treasuryCallback);
  const apiDocs = e.API_DOCS ?? (e.NODE_ENV === 'production' ? 'off' : 'public');
  if (e.NODE_ENV === 'production' && apiDocs === 'public') throw new ConfigError('API_DOCS', 'must be login or off in production');
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    database: e.DATABASE_URL ? { mode: 'postgres', url: e.DATABASE_URL } : { mode: 'pglite', dataDir: `${e.DATA_DIR}/pg` },
    queue: e.REDIS_URL ? { mode: 'bull', url: e.REDIS_URL, prefix: e.QUEUE_PREFIX } : { mode: 'in-process' },
    search: e.ELASTICSEARCH_URL ? { mode: 'elasticsearch', url: e.ELASTICSEARCH_URL } : { mode: 'postgres-fts' },
    dataDir: e.DATA_DIR,
    jwt: { secret: e.JWT_SECRET, ttlSeconds: e.JWT_TTL_SECONDS, refreshTtlSeconds: e.JWT_REFRESH_TTL_SECONDS },
    auth: { sessionCacheMs: e.AUTH_SESSION_CACHE_MS },
    http: { trustProxy: trustProxyOf(e.TRUST_PROXY), corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',').map((o) => o.trim()) : [], apiDocs },
    keys: buildKeyRing(masters, { treasuryCallback }),
    audit: { checkpointSeconds: e.AUDIT_CHECKPOINT_SECONDS },
    seedDemo: e.SEED_DEMO,
    demoEnterprises: e.DEMO_ENTERPRISES,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    logLevel: e.LOG_LEVEL,
    matching: { planQuietMs: e.MATCH_PLAN_QUIET_MS },
    push: { smsGatewayUrl: e.SMS_GATEWAY_URL ?? null, appMessageGatewayUrl: e.APP_MESSAGE_GATEWAY_URL ?? null },
    fulfilment: {
      confirmWorkingDays: e.CONFIRM_WORKING_DAYS,
      reminderDaysBefore,
      reopenGraceWorkingDays: e.REOPEN_GRACE_WORKING_DAYS,
      commitmentVerifyWorkingDays: e.COMMITMENT_VERIFY_WORKING_DAYS,
      staffGatewayUrl: e.STAFF_NOTIFY_GATEWAY_URL ?? null,
    },
    console: { dir: e.CONSOLE_DIR },
    treasury: treasuryOf(e),
    payouts: { autoBatchEveryMs: e.AUTO_BATCH_EVERY_MS, autoBatchMax: e.AUTO_BATCH_MAX, autoCheckMaxFen: e.AUTO_CHECK_MAX_FEN },
    dataSources: {
      url: e.DATA_SOURCE_URL ?? null,
      syncSeconds: e.DATA_SOURCE_SYNC_SECONDS,
      mappings: e.DATA_SOURCE_MAPPINGS ? (JSON.parse(e.DATA_SOURCE_MAPPINGS) as Record<string, Record<string, string>>) : null,
    },
  };
}

/** The treasury adapter's settings; a setting of another mode is refused rather than silently ignored. */
function treasuryOf(e: z.infer<typeof schema>): AppConfig['treasury'] {
  if (e.TREASURY_MODE === 'http') {
    if (!e.TREASURY_URL) throw new ConfigError('TREASURY_URL', 'must be set when TREASURY_MODE=http');
    return { mode: 'http', url: e.TREASURY_URL, timeoutMs: e.TREASURY_TIMEOUT_MS };
  }
  if (e.TREASURY_URL) throw new ConfigError('TREASURY_URL', `is only used with TREASURY_MODE=http (TREASURY_MODE is ${e.TREASURY_MODE})`);
  if (e.TREASURY_MODE === 'file') return { mode: 'file', dir: e.TREASURY_FILE_DIR ?? `${e.DATA_DIR}/treasury` };
  if (e.TREASURY_FILE_DIR) throw new ConfigError('TREASURY_FILE_DIR', `is only used with TREASURY_MODE=file (TREASURY_MODE is ${e.TREASURY_MODE})`);
  return { mode: 'sim' };
}

/** Express's `trust proxy` value from TRUST_PROXY. */
function trustProxyOf(v: string | undefined): boolean | number | string {
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/**
 * Production refuses every secret published in this repository, every short or typed-looking one,
 * and a secret used twice; demo accounts (one published password) may not be seeded.
 */
function assertProductionSecrets(e: z.infer<typeof schema>, masters: MasterKey[], treasuryCallback: Buffer | undefined): void {
  const published = (v: string) => PUBLISHED_SECRETS.has(v.toLowerCase());
  if (published(e.JWT_SECRET)) throw new ConfigError('JWT_SECRET', 'must be set in production (the default is published)');
  if (e.JWT_SECRET.length < MIN_PRODUCTION_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET', `must be at least ${MIN_PRODUCTION_JWT_SECRET} characters in production`);
  }
  const keys: Array<[string, Buffer]> = [
    ['ENCRYPTION_KEY', masters[0].key],
    ...masters.slice(1).map((m): [string, Buffer] => ['ENCRYPTION_KEYS_RETIRED', m.key]),
    ...(treasuryCallback ? [['TREASURY_CALLBACK_KEY', treasuryCallback] as [string, Buffer]] : []),
  ];
  const seen = new Set<string>([e.JWT_SECRET.toLowerCase()]);
  for (const [variable, key] of keys) {
    const hex = key.toString('hex');
    if (published(hex)) throw new ConfigError(variable, 'must be set in production (the default is published)');
    if (isWeakKey(key)) throw new ConfigError(variable, 'is not a random key (generate one: openssl rand -hex 32)');
    if (seen.has(hex)) throw new ConfigError(variable, 'must not repeat another secret');
    seen.add(hex);
  }
  if (e.SEED_DEMO) throw new ConfigError('SEED_DEMO', 'must be false in production (demo accounts share a published password)');
}

export const APP_CONFIG = Symbol('APP_CONFIG');
