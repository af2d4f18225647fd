import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { errorCatalogue } from '@app/core';
import '@app/enterprises';
import '@app/rules';
import '@app/policies';
import '@app/approvals';
import '@app/payouts';
import '@app/sandbox';
import '@app/appeals';

/**
 * Every error code the production code can throw is in a lib's catalogue (`<lib>.errors.ts`) with an
 * explicit HTTP status and a Chinese message. Codes are found as string literals shaped like
 * `AREA.REASON` and as the entity names given to `notFound` / `ScopeDeniedError` / the scope asserts
 * (which throw `<ENTITY>.NOT_FOUND`).
 */
const root = join(__dirname, '..', '..', 'libs');
const CODE = /['"`]([A-Z][A-Z0-9_]*\.[A-Z][A-Z0-9_]*)['"`]/g;
const ENTITY = /(?:notFound|ScopeDeniedError|assertDepartmentScope|assertEnterpriseScope)\([^)]*?'([A-Z_]+)'/g;
// the simulated treasury answers with its own codes, as the real treasury would: not ours to catalogue
const SKIP = /(\.spec\.ts$|\/testing\/|\/sim\/|\/bench\/|\/migrations\/)/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !SKIP.test(path) ? [path] : [];
  });
}

describe('error catalogues', () => {
  const thrown = new Map<string, string>();
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(CODE)) thrown.set(m[1], relative(root, file));
    for (const m of text.matchAll(ENTITY)) thrown.set(`${m[1]}.NOT_FOUND`, relative(root, file));
  }

  it('finds the codes (the scan itself works)', () => {
    expect(thrown.size).toBeGreaterThan(150);
    expect(thrown.has('PAYOUT_BATCH.MAKER_CHECKER_SAME_PERSON')).toBe(true);
    expect(thrown.has('SANDBOX_SCENARIO.NOT_FOUND')).toBe(true);
  });

  it('has every code thrown anywhere, with its status and a Chinese message', () => {
    const catalogue = errorCatalogue();
    const missing = [...thrown].filter(([code]) => !catalogue.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
    for (const [code, spec] of catalogue) {
      if (spec.lib === 'test') continue;
      expect([code, spec.status >= 400 && spec.status <= 599]).toEqual([code, true]);
      expect([code, /[\u4e00-\u9fff]/.test(spec.message)]).toEqual([code, true]);
    }
  });
});
