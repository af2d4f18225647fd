import { z } from 'zod';

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

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: optional(url(['postgres:', 'postgresql:'])),
  REDIS_URL: optional(url(['redis:', 'rediss:'])),
  ELASTICSEARCH_URL: optional(url(['http:', 'https:'])),
  DATA_DIR: z.string().min(1).default('./.data'),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').default('dev-only-secret-change-me-please'),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86400 * 7).default(8 * 3600),
  /** 32 bytes as 64 hex characters, for AES-256-GCM encryption of bank accounts. */
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (32 bytes)')
    .default('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'),
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
  jwt: { secret: string; ttlSeconds: number };
  encryptionKey: Buffer;
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
  /** The web console's build output directory (absolute or relative to the working directory). */
  console: { dir: string };
}

/** Builds the one typed config from the environment. Nobody else reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.JWT_SECRET === schema.shape.JWT_SECRET.parse(undefined)) {
    throw new ConfigError('JWT_SECRET', 'must be set in production');
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    database: e.DATABASE_URL ? { mode: 'postgres', url: e.DATABASE_URL } : { mode: 'pglite', dataDir: `${e.DATA_DIR}/pg` },
    queue: e.REDIS_URL ? { mode: 'bull', url: e.REDIS_URL, prefix: e.QUEUE_PREFIX } : { mode: 'in-process' },
    search: e.ELASTICSEARCH_URL ? { mode: 'elasticsearch', url: e.ELASTICSEARCH_URL } : { mode: 'postgres-fts' },
    dataDir: e.DATA_DIR,
    jwt: { secret: e.JWT_SECRET, ttlSeconds: e.JWT_TTL_SECONDS },
    encryptionKey: Buffer.from(e.ENCRYPTION_KEY, 'hex'),
    seedDemo: e.SEED_DEMO,
    demoEnterprises: e.DEMO_ENTERPRISES,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    logLevel: e.LOG_LEVEL,
    matching: { planQuietMs: e.MATCH_PLAN_QUIET_MS },
    push: { smsGatewayUrl: e.SMS_GATEWAY_URL ?? null, appMessageGatewayUrl: e.APP_MESSAGE_GATEWAY_URL ?? null },
    console: { dir: e.CONSOLE_DIR },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
