import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config';
import { deriveKey } from '../crypto/key-ring';

const hex = () => randomBytes(32).toString('hex');
/** A production environment whose every secret is fine; each test spoils one. */
const prod = (over: Record<string, string> = {}) => ({
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(24).toString('base64'),
  ENCRYPTION_KEY: hex(),
  ...over,
});

describe('loadConfig', () => {
  it('defaults to the embedded mode when no URLs are set', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ mode: 'pglite', dataDir: './.data/pg' });
    expect(c.queue).toEqual({ mode: 'in-process' });
    expect(c.search).toEqual({ mode: 'postgres-fts' });
    expect(c.port).toBe(3000);
  });

  it('selects PostgreSQL, Bull and Elasticsearch when their URLs are set', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/app',
      REDIS_URL: 'redis://127.0.0.1:6379',
      ELASTICSEARCH_URL: 'http://localhost:9200',
    });
    expect(c.database.mode).toBe('postgres');
    expect(c.queue.mode).toBe('bull');
    expect(c.search.mode).toBe('elasticsearch');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['ENCRYPTION_KEY', 'short'],
    ['ENCRYPTION_KEY_ID', 'K:1'],
    ['ENCRYPTION_KEYS_RETIRED', 'k0:abc'],
    ['TREASURY_CALLBACK_KEY', 'abc'],
    ['JWT_SECRET', 'tooshort'],
    ['SEED_DEMO', 'maybe'],
    ['CONFIRM_WORKING_DAYS', '0'],
    ['CONFIRM_REMINDER_DAYS', '5;1'],
    ['CONFIRM_REMINDER_DAYS', '10'],
    ['CONFIRM_REMINDER_DAYS', '0'],
    ['REOPEN_GRACE_WORKING_DAYS', '-1'],
    ['STAFF_NOTIFY_GATEWAY_URL', 'ftp://x'],
    ['DATA_SOURCE_URL', 'ftp://x'],
    ['DATA_SOURCE_SYNC_SECONDS', '-5'],
    ['DATA_SOURCE_MAPPINGS', '{"tax":'],
    ['DATA_SOURCE_MAPPINGS', '{"tax":{"yysr":1}}'],
    ['DATA_SOURCE_MAPPINGS', '["tax"]'],
  ])('refuses a malformed %s and names it', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
  });

  it('data sources: in-process simulator pulled every 5 minutes by default; URL, interval and mappings configurable', () => {
    expect(loadConfig({}).dataSources).toEqual({ url: null, syncSeconds: 300, mappings: null });
    expect(loadConfig({ DATA_SOURCE_URL: 'http://127.0.0.1:4200', DATA_SOURCE_SYNC_SECONDS: '0', DATA_SOURCE_MAPPINGS: '{"tax":{"income":"revenue"}}' }).dataSources)
      .toEqual({ url: 'http://127.0.0.1:4200', syncSeconds: 0, mappings: { tax: { income: 'revenue' } } });
  });

  it('fulfilment deadlines: 10 working days to confirm, reminders 5 and 1 days before, configurable', () => {
    expect(loadConfig({}).fulfilment).toEqual({
      confirmWorkingDays: 10, reminderDaysBefore: [5, 1], reopenGraceWorkingDays: 10, commitmentVerifyWorkingDays: 20, staffGatewayUrl: null,
    });
    const c = loadConfig({ CONFIRM_WORKING_DAYS: '15', CONFIRM_REMINDER_DAYS: '1,3,3', REOPEN_GRACE_WORKING_DAYS: '0' });
    expect(c.fulfilment).toMatchObject({ confirmWorkingDays: 15, reminderDaysBefore: [3, 1], reopenGraceWorkingDays: 0 });
    expect(loadConfig({ CONFIRM_REMINDER_DAYS: '' }).fulfilment.reminderDaysBefore).toEqual([]);
  });


  describe('production refuses every default, short or reused secret, naming the variable', () => {
    it('accepts a proper production environment', () => {
      expect(loadConfig(prod()).nodeEnv).toBe('production');
    });

    it.each([
      ['JWT_SECRET', { JWT_SECRET: undefined }, 'unset: the published default'],
      ['JWT_SECRET', { JWT_SECRET: '' }, 'empty (a compose file passing nothing): the published default'],
      ['JWT_SECRET', { JWT_SECRET: 'dev-only-secret-change-me-please' }, 'the published default'],
      ['JWT_SECRET', { JWT_SECRET: 'change-me-in-production-please' }, 'the docker-compose placeholder'],
      ['JWT_SECRET', { JWT_SECRET: 'a-sixteen-chars!' }, 'short'],
      ['ENCRYPTION_KEY', { ENCRYPTION_KEY: undefined }, 'unset: the published default'],
      ['ENCRYPTION_KEY', { ENCRYPTION_KEY: '' }, 'empty: the published default'],
      ['ENCRYPTION_KEY', { ENCRYPTION_KEY: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff' }, 'the published default'],
      ['ENCRYPTION_KEY', { ENCRYPTION_KEY: '0'.repeat(64) }, 'not random'],
      ['ENCRYPTION_KEY', { ENCRYPTION_KEY: '0123456789abcdef'.repeat(4) }, 'a typed pattern'],
      ['ENCRYPTION_KEYS_RETIRED', { ENCRYPTION_KEYS_RETIRED: `k0:${'00112233445566778899aabbccddeeff'.repeat(2)}` }, 'a retired default'],
      ['TREASURY_CALLBACK_KEY', { TREASURY_CALLBACK_KEY: 'ab'.repeat(32) }, 'not random'],
      ['SEED_DEMO', { SEED_DEMO: 'true' }, 'demo accounts with a published password'],
    ] as Array<[string, Record<string, string | undefined>, string]>)('%s: %j (%s)', (variable, over: Record<string, string | undefined>) => {
      const env: Record<string, string | undefined> = { ...prod(), ...over };
      for (const k of Object.keys(over)) if (over[k] === undefined) delete env[k];
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(new RegExp(variable));
    });

    it('a callback key equal to the master key is refused', () => {
      const key = hex();
      expect(() => loadConfig(prod({ ENCRYPTION_KEY: key, TREASURY_CALLBACK_KEY: key }))).toThrow(/TREASURY_CALLBACK_KEY/);
    });
  });

  it('derives a separate key per purpose from the master, and keeps retired masters for reading', () => {
    const master = hex();
    const old = hex();
    const c = loadConfig({ ENCRYPTION_KEY: master, ENCRYPTION_KEY_ID: 'k2', ENCRYPTION_KEYS_RETIRED: `k1:${old}` });
    const m = Buffer.from(master, 'hex');
    const keys = [
      c.keys.field.current.key, c.keys.blindIndex.key, c.keys.treasuryCallback.current, c.keys.audit.current.key,
      c.keys.verificationCode.current.key, c.keys.refreshToken.current.key, c.keys.sourceDigest.key,
    ];
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(7);
    for (const k of keys) expect(k.equals(m)).toBe(false);
    expect(c.keys.field.current).toEqual({ kid: 'k2', key: deriveKey(m, 'field-encryption') });
    expect([...c.keys.field.byKid.keys()]).toEqual(['k2', 'k1']);
    expect([...c.keys.audit.byKid.keys()]).toEqual(['k2', 'k1']);
    expect(c.keys.blindIndex.kid).toBe('k2');
    expect(c.keys.verificationCode.current).toEqual({ kid: 'k2', key: deriveKey(m, 'verification-code') });
    expect([...c.keys.refreshToken.byKid.keys()]).toEqual(['k2', 'k1']);
    expect(c.keys.masters.map((k) => k.kid)).toEqual(['k2', 'k1']);
  });

  it('takes a separately issued treasury callback key', () => {
    const cb = hex();
    expect(loadConfig({ TREASURY_CALLBACK_KEY: cb }).keys.treasuryCallback.current.toString('hex')).toBe(cb);
  });

  it('short access tokens by default (15 min), refresh tokens for a week', () => {
    const c = loadConfig({});
    expect(c.jwt).toMatchObject({ ttlSeconds: 900, refreshTtlSeconds: 7 * 86400 });
    expect(c.auth.sessionCacheMs).toBe(1000);
    expect(() => loadConfig({ JWT_TTL_SECONDS: String(8 * 86400) })).toThrow(/JWT_TTL_SECONDS/);
  });

  it('API docs: public in development, off in production unless set, never public in production', () => {
    expect(loadConfig({}).http.apiDocs).toBe('public');
    expect(loadConfig(prod()).http.apiDocs).toBe('off');
    expect(loadConfig(prod({ API_DOCS: 'login' })).http.apiDocs).toBe('login');
    expect(() => loadConfig(prod({ API_DOCS: 'public' }))).toThrow(/API_DOCS/);
  });

  it('CORS closed unless origins are listed; malformed origins stop start-up', () => {
    expect(loadConfig({}).http.corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example.cn, http://localhost:5173' }).http.corsOrigins).toEqual(['https://a.example.cn', 'http://localhost:5173']);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example.cn/path' })).toThrow(/CORS_ORIGINS/);
  });

  it('TRUST_PROXY: off by default; true, a hop count or addresses', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toBe('loopback, 10.0.0.0/8');
  });
  describe('treasury and auto-batching (实时兑付)', () => {
    it('defaults to the simulator, auto-batching every 10 minutes or 500, no auto-check', () => {
      const c = loadConfig({});
      expect(c.treasury).toEqual({ mode: 'sim' });
      expect(c.payouts).toEqual({ autoBatchEveryMs: 600_000, autoBatchMax: 500, autoCheckMaxFen: 0 });
    });

    it('takes the HTTP treasury with its URL and the file treasury with its directory', () => {
      expect(loadConfig({ TREASURY_MODE: 'http', TREASURY_URL: 'http://treasury:4010', TREASURY_TIMEOUT_MS: '5000' }).treasury)
        .toEqual({ mode: 'http', url: 'http://treasury:4010', timeoutMs: 5000 });
      expect(loadConfig({ TREASURY_MODE: 'file', DATA_DIR: '/srv/data' }).treasury).toEqual({ mode: 'file', dir: '/srv/data/treasury' });
      expect(loadConfig({ TREASURY_MODE: 'file', TREASURY_FILE_DIR: '/mnt/gk' }).treasury).toEqual({ mode: 'file', dir: '/mnt/gk' });
    });

    it('names the variable when the treasury settings do not fit the mode', () => {
      expect(() => loadConfig({ TREASURY_MODE: 'bank' })).toThrow(/TREASURY_MODE/);
      expect(() => loadConfig({ TREASURY_MODE: 'http' })).toThrow(/TREASURY_URL must be set/);
      expect(() => loadConfig({ TREASURY_MODE: 'http', TREASURY_URL: 'ftp://x' })).toThrow(/TREASURY_URL/);
      expect(() => loadConfig({ TREASURY_URL: 'http://treasury:4010' })).toThrow(/TREASURY_URL is only used with TREASURY_MODE=http/);
      expect(() => loadConfig({ TREASURY_MODE: 'http', TREASURY_URL: 'http://t', TREASURY_FILE_DIR: '/x' })).not.toThrow();
      expect(() => loadConfig({ TREASURY_FILE_DIR: '/x' })).toThrow(/TREASURY_FILE_DIR/);
    });

    it('validates the auto-batching settings', () => {
      expect(loadConfig({ AUTO_BATCH_EVERY_MS: '0', AUTO_BATCH_MAX: '50', AUTO_CHECK_MAX_FEN: '1000000' }).payouts)
        .toEqual({ autoBatchEveryMs: 0, autoBatchMax: 50, autoCheckMaxFen: 1_000_000 });
      expect(() => loadConfig({ AUTO_BATCH_MAX: '0' })).toThrow(/AUTO_BATCH_MAX/);
      expect(() => loadConfig({ AUTO_BATCH_EVERY_MS: 'soon' })).toThrow(/AUTO_BATCH_EVERY_MS/);
      expect(() => loadConfig({ AUTO_CHECK_MAX_FEN: '-1' })).toThrow(/AUTO_CHECK_MAX_FEN/);
      expect(() => loadConfig({ AUTO_CHECK_MAX_FEN: '1.5' })).toThrow(/AUTO_CHECK_MAX_FEN/);
      // an empty variable (`FOO=` in a compose file) is unset, not 0: auto-batching stays on
      expect(loadConfig({ AUTO_BATCH_EVERY_MS: '', TREASURY_MODE: '' })).toMatchObject({ payouts: { autoBatchEveryMs: 600_000 }, treasury: { mode: 'sim' } });
    });
  });
});
