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
  ])('refuses a malformed %s and names it', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
  });

  it('requires a real JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });
});
