import { ConfigError, loadConfig } from './app-config';

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
    ['JWT_SECRET', 'tooshort'],
    ['SEED_DEMO', 'maybe'],
    ['CONFIRM_WORKING_DAYS', '0'],
    ['CONFIRM_REMINDER_DAYS', '5;1'],
    ['CONFIRM_REMINDER_DAYS', '10'],
    ['CONFIRM_REMINDER_DAYS', '0'],
    ['REOPEN_GRACE_WORKING_DAYS', '-1'],
    ['STAFF_NOTIFY_GATEWAY_URL', 'ftp://x'],
  ])('refuses a malformed %s and names it', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
  });

  it('fulfilment deadlines: 10 working days to confirm, reminders 5 and 1 days before, configurable', () => {
    expect(loadConfig({}).fulfilment).toEqual({
      confirmWorkingDays: 10, reminderDaysBefore: [5, 1], reopenGraceWorkingDays: 10, commitmentVerifyWorkingDays: 20, staffGatewayUrl: null,
    });
    const c = loadConfig({ CONFIRM_WORKING_DAYS: '15', CONFIRM_REMINDER_DAYS: '1,3,3', REOPEN_GRACE_WORKING_DAYS: '0' });
    expect(c.fulfilment).toMatchObject({ confirmWorkingDays: 15, reminderDaysBefore: [3, 1], reopenGraceWorkingDays: 0 });
    expect(loadConfig({ CONFIRM_REMINDER_DAYS: '' }).fulfilment.reminderDaysBefore).toEqual([]);
  });

  it('requires a real JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });
});
