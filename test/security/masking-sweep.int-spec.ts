import type { LoggerService } from '@nestjs/common';
import yaml from 'js-yaml';
import { FieldCipher, SENSITIVE_NUMBER_PATTERNS } from '@app/core';
import { bootPlatform, DEMO_ACCOUNTS, PlatformFixture } from './platform-fixture';

jest.setTimeout(180_000);

/** Records every log line the platform writes (all levels). */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private add(...parts: unknown[]) {
    this.lines.push(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
  }
  log(...p: unknown[]) { this.add(...p); }
  error(...p: unknown[]) { this.add(...p); }
  warn(...p: unknown[]) { this.add(...p); }
  debug(...p: unknown[]) { this.add(...p); }
  verbose(...p: unknown[]) { this.add(...p); }
  fatal(...p: unknown[]) { this.add(...p); }
}

/** Every string inside a JSON value, with the key it sits under. */
function strings(value: unknown, key = ''): Array<{ key: string; text: string }> {
  if (typeof value === 'string') return [{ key, text: value }];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, k));
  return [];
}

/**
 * Phone, ID-card and bank-account numbers never appear unmasked: every GET route of the API as every
 * demo role (with real ids in the path), and every log line written while the platform was seeded and
 * swept. Two checks: the clear numbers of the seeded firms (decrypted here) appear nowhere, and no
 * text matches the personal-number patterns; a masked phone shows 7 digits at most (138****8000).
 */
describe('masking sweep: no unmasked phone, ID or account number in any response or log line', () => {
  const logger = new CapturingLogger();
  let f: PlatformFixture;
  let clear: string[];
  let creditCodes: string[];

  beforeAll(async () => {
    f = await bootPlatform(25, logger);
    const cipher = new FieldCipher(f.t.config.keys);
    const rows: Array<{ credit_code: string; contact_phone_enc: string | null; bank_account_enc: string | null }> = await f.t.dataSource.query(
      `SELECT credit_code, contact_phone_enc, bank_account_enc FROM enterprise.enterprises`,
    );
    clear = rows.flatMap((r) => [r.contact_phone_enc, r.bank_account_enc].filter((x): x is string => x !== null).map((x) => cipher.decrypt(x)));
    creditCodes = rows.map((r) => r.credit_code);
    expect(clear.length).toBeGreaterThan(20);
  });
  afterAll(async () => {
    await f?.close();
  });

  function leaks(text: string): string[] {
    let t = text;
    for (const code of creditCodes) t = t.split(code).join('统一社会信用代码'); // public, and may be all digits
    const found = clear.filter((c) => t.includes(c));
    for (const { kind, re } of SENSITIVE_NUMBER_PATTERNS) for (const m of t.match(re) ?? []) found.push(`${kind}:${m}`);
    // A masked 11-digit phone shows at most 3 + 4 digits.
    for (const m of t.match(/(?<![\w-])[\d*]{11}(?![\w-])/g) ?? []) if (m.includes('*') && m.replace(/\*/g, '').length > 7) found.push(`weak mask:${m}`);
    return found;
  }

  it('sweeps every GET route as every demo role', async () => {
    const pools: Record<string, string[]> = {
      enterprises: (await f.t.dataSource.query(`SELECT id::text AS v FROM enterprise.enterprises ORDER BY seq LIMIT 3`)).map((r: { v: string }) => r.v),
      applications: (await f.t.dataSource.query(`SELECT id::text AS v FROM approval.applications LIMIT 3`)).map((r: { v: string }) => r.v),
      policies: (await f.t.dataSource.query(`SELECT id::text AS v FROM policy.policies LIMIT 2`)).map((r: { v: string }) => r.v),
      items: (await f.t.dataSource.query(`SELECT id::text AS v FROM policy.items LIMIT 2`)).map((r: { v: string }) => r.v),
      tags: (await f.t.dataSource.query(`SELECT code AS v FROM enterprise.tags LIMIT 2`)).map((r: { v: string }) => r.v),
    };
    const me = await f.t.http.get('/api/v1/enterprises/me').set('authorization', f.auth.firm1).expect(200);
    expect(me.body.contactPhoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const poolFor = (path: string): string[] => {
      if (path.includes('/enterprises/')) return pools.enterprises;
      if (path.includes('/applications/') || path.includes('/fund-pools/')) return [...pools.applications, ...pools.items];
      if (path.includes('/tags/')) return pools.tags;
      if (path.includes('/items/') || path.includes('/me/policies/') || path.includes('/effects/')) return pools.items;
      if (path.includes('/policies/')) return pools.policies;
      return [...pools.enterprises.slice(0, 1), ...pools.items.slice(0, 1)];
    };
    const doc = f.openApi();
    const found: string[] = [];
    let responses = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!item.get) continue;
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const urls = params.length === 0 ? [path] : poolFor(path).map((id) => params.reduce((p, name) => p.replace(`{${name}}`, id), path));
      for (const url of urls) {
        for (const who of [...DEMO_ACCOUNTS, 'anonymous'] as const) {
          const req = f.t.http.get(url);
          const res = who === 'anonymous' ? await req : await req.set('authorization', f.auth[who]);
          responses += 1;
          // Structured answers are checked string by string (a number in fen is not a phone); other text whole.
          const parsed = res.type === 'application/json' ? res.body : /yaml/.test(res.type) ? yaml.load(res.text) : undefined;
          const texts = parsed !== undefined ? strings(parsed).map((s) => s.text) : [res.text ?? ''];
          for (const text of texts) for (const leak of leaks(text)) found.push(`${url} as ${who}: ${leak}`);
        }
      }
    }
    expect(responses).toBeGreaterThan(300);
    expect(found).toEqual([]);
  });

  it('the log output written while seeding and sweeping holds none either', () => {
    expect(logger.lines.length).toBeGreaterThan(0);
    const found = logger.lines.flatMap((line) => leaks(line).map((l) => `${l} in: ${line.slice(0, 120)}`));
    expect(found).toEqual([]);
  });
});
