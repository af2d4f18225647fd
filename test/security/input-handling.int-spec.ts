import ExcelJS from 'exceljs';
import yaml from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { makeCreditCode } from '@app/enterprises';
import { makeEnterpriseRow, toCsv } from '../support/factories';
import { bootPlatform, PlatformFixture, stateFingerprint } from './platform-fixture';

jest.setTimeout(180_000);

const CHINESE = /[\u4e00-\u9fff]/;
const nest = (depth: number, leaf: unknown, key = 'not'): unknown => {
  let node = leaf;
  for (let i = 0; i < depth; i += 1) node = { [key]: node };
  return node;
};

/**
 * Bad input gives a coded 4xx with a Chinese message and changes nothing — never a 500. Each case
 * below was a 500 (or silently accepted) before: body limits, nesting depth, NUL bytes, days that do
 * not exist, ill-typed facts, negative revenue, unknown tags, material names, Excel date cells, CSV
 * formula injection.
 */
describe('input handling: every refusal is a coded 4xx and changes nothing', () => {
  let f: PlatformFixture;
  let firmId: string;

  beforeAll(async () => {
    f = await bootPlatform(30);
    firmId = (await f.t.http.get('/api/v1/enterprises/me').set('authorization', f.auth.firm1).expect(200)).body.id;
  });
  afterAll(async () => {
    await f?.close();
  });

  /** Sends a request that must be refused: status, code, Chinese message, and no state changed. */
  async function refused(send: () => Promise<Response>, status: number, code: string | RegExp): Promise<Response> {
    const before = await stateFingerprint(f.t.dataSource);
    const res = await send();
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code: typeof code === 'string' ? code : expect.stringMatching(code) });
    expect(res.body.message).toMatch(CHINESE);
    expect(await stateFingerprint(f.t.dataSource)).toEqual(before);
    return res;
  }
  const fieldCodes = (res: Response): string[] =>
    ((res.body.details?.errors ?? []) as Array<{ code: string }>).map((e) => e.code);

  describe('body size', () => {
    it('a body over the route limit is 413 HTTP.PAYLOAD_TOO_LARGE, also for the anonymous calculator', async () => {
      const big = { facts: { name: 'x'.repeat(300 * 1024) } };
      const res = await refused(() => f.t.http.post('/api/v1/calculator').send(big), 413, 'HTTP.PAYLOAD_TOO_LARGE');
      expect(res.body.details).toEqual({ limitBytes: 256 * 1024 });
      await refused(() => f.t.http.patch(`/api/v1/enterprises/${firmId}`).set('authorization', f.auth.admin).send({ changes: { name: '甲'.repeat(200_000) }, reason: '过大' }), 413, 'HTTP.PAYLOAD_TOO_LARGE');
    });

    it('the documented 5 MB policy import works over HTTP', async () => {
      const demo = yaml.load(readFileSync(join(process.cwd(), 'config/policies/demo-policies.yaml'), 'utf8')) as { policies: Array<Record<string, unknown>> };
      const found = demo.policies.find((p) => p.ownerDepartment === 'kjj')!;
      const policy = { ...found, code: 'BIG-IMPORT-1', items: (found.items as Array<Record<string, unknown>>).map((item, i) => ({ ...item, code: `BIG-IMPORT-1-${i}` })) };
      const head = yaml.dump({ policies: [policy] });
      const padding = `# ${'备注'.repeat(30)}\n`;
      const content = head + padding.repeat(Math.floor((4.9 * 1024 * 1024 - Buffer.byteLength(head)) / Buffer.byteLength(padding)));
      expect(Buffer.byteLength(content)).toBeGreaterThan(4.8 * 1024 * 1024);
      const res = await f.t.http.post('/api/v1/policies/import').set('authorization', f.auth.kjj_editor).send({ format: 'yaml', content });
      expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { created: 1, skipped: [] } });
    });
  });

  describe('nesting depth is refused before validation', () => {
    it('a rule nested 1,000 levels (what-if) and any body nested 3,000 levels are 400 VALIDATION.TOO_DEEP', async () => {
      const deepRule = nest(1000, { fact: 'revenue', operator: 'greaterThan', value: 1 });
      await refused(
        () => f.t.http.post('/api/v1/sandbox/what-if').set('authorization', f.auth.leader).send({ base: { rule: deepRule, formula: { kind: 'fixed', amount: 100 } } }),
        400, 'VALIDATION.TOO_DEEP',
      );
      await refused(() => f.t.http.post('/api/v1/calculator').send({ facts: nest(3000, 1, 'a') }), 400, 'VALIDATION.TOO_DEEP');
      await refused(() => f.t.http.post('/api/v1/auth/login').send(nest(3000, 'x', 'username') as object), 400, 'VALIDATION.TOO_DEEP');
      await refused(
        () => f.t.http.post('/api/v1/policies/BIG/items').set('authorization', f.auth.kjj_editor).send({ rule: nest(1000, { fact: 'revenue', operator: 'greaterThan', value: 1 }, 'not') }),
        400, 'VALIDATION.TOO_DEEP',
      );
    });

    it('malformed JSON is 400 VALIDATION.MALFORMED_JSON', async () => {
      await refused(() => f.t.http.post('/api/v1/calculator').set('content-type', 'application/json').send('{"facts": {'), 400, 'VALIDATION.MALFORMED_JSON');
    });
  });

  describe('NUL bytes', () => {
    it('in login, objections, a search query and a profile patch: 400 VALIDATION.NUL_CHARACTER', async () => {
      await refused(() => f.t.http.post('/api/v1/auth/login').send({ username: 'admin\u0000', password: 'x' }), 400, 'VALIDATION.NUL_CHARACTER');
      await refused(
        () => f.t.http.post(`/api/v1/disclosures/${firmId}/objections`).send({ applicationId: firmId, contactName: '张\u0000三', contactPhone: '13800138000', reason: '异议内容\u0000' }),
        400, 'VALIDATION.NUL_CHARACTER',
      );
      await refused(() => f.t.http.get('/api/v1/search/policies?q=%00'), 400, 'VALIDATION.NUL_CHARACTER');
      await refused(() => f.t.http.get('/api/v1/search/policies?q=%E7%A0%94%00'), 400, 'VALIDATION.NUL_CHARACTER');
      await refused(
        () => f.t.http.patch(`/api/v1/enterprises/${firmId}`).set('authorization', f.auth.admin).send({ changes: { contactName: '王\u0000' }, reason: '测试空字符' }),
        400, 'VALIDATION.NUL_CHARACTER',
      );
    });

    it('in an imported file: the row is refused with a code', async () => {
      const csv = toCsv([makeEnterpriseRow({ name: '郑州空字符\u0000有限公司' })]);
      const res = await f.t.http.post('/api/v1/enterprises/import').set('authorization', f.auth.admin).attach('file', Buffer.from(csv), 'nul.csv').expect(200);
      expect(res.body).toMatchObject({ valid: 0, invalid: 1, created: 0 });
      expect(res.body.errors.map((e: { code: string }) => e.code)).toContain('ENTERPRISE.INVALID_TEXT');
    });
  });

  describe('days that do not exist', () => {
    it.each(['2026-13-45', '2026-02-30'])('%s is a coded 400 in calendar, 失信 list, reports, as-of, search and item dates', async (day) => {
      await refused(() => f.t.http.put('/api/v1/supervision/calendar').set('authorization', f.auth.admin).send({ days: [{ day, kind: 'holiday', name: '假日' }] }), 400, 'VALIDATION.FAILED');
      const list = await refused(
        () => f.t.http.post('/api/v1/credit/dishonest-list').set('authorization', f.auth.admin).send({ csv: `creditCode,source,listedFrom\n${makeCreditCode('410105', 777)},法院,${day}\n` }),
        400, 'CREDIT_LIST.INVALID',
      );
      expect(list.body.details.errors[0]).toMatchObject({ field: 'listedFrom' });
      await refused(() => f.t.http.get(`/api/v1/payouts/reports/paid?from=${day}`).set('authorization', f.auth.finance_maker), 400, 'VALIDATION.FAILED');
      await refused(() => f.t.http.get(`/api/v1/payouts/reports/paid.xlsx?to=${day}`).set('authorization', f.auth.finance_maker), 400, 'VALIDATION.FAILED');
      await refused(() => f.t.http.get(`/api/v1/enterprises/${firmId}/as-of?at=${day}`).set('authorization', f.auth.admin), 400, 'VALIDATION.FAILED');
      await refused(() => f.t.http.get(`/api/v1/enterprises/${firmId}/as-of?at=${day}T00:00:00Z`).set('authorization', f.auth.admin), 400, 'VALIDATION.FAILED');
      await refused(() => f.t.http.get(`/api/v1/search/policies?q=%E7%A0%94%E5%8F%91&onDate=${day}`), 400, 'SEARCH.INVALID_DATE');
      const demo = yaml.load(readFileSync(join(process.cwd(), 'config/policies/demo-policies.yaml'), 'utf8')) as { policies: Array<Record<string, unknown>> };
      const { ownerDepartment: _owner, ...policy } = demo.policies.find((p) => p.ownerDepartment === 'kjj')!;
      const items = (policy.items as Array<Record<string, unknown>>).map((it, i) => ({ ...it, code: `BAD-DATE-${i}`, applyFrom: day }));
      const item = await refused(
        () => f.t.http.post('/api/v1/policies').set('authorization', f.auth.kjj_editor).send({ ...policy, code: 'BAD-DATE-1', effectiveFrom: day, items }),
        400, /^(POLICY|ITEM)\.INVALID/,
      );
      expect(JSON.stringify(item.body.details)).toContain('effectiveFrom');
    });

    it('a date outside 1900-01-01 … 2199-12-31 is refused in facts, rules and the calculator', async () => {
      const patch = await refused(
        () => f.t.http.patch(`/api/v1/enterprises/${firmId}`).set('authorization', f.auth.admin).send({ changes: { establishedOn: '0099-12-31' }, reason: '年份错误' }),
        400, 'ENTERPRISE.INVALID',
      );
      expect(fieldCodes(patch)).toEqual(['DATE.OUT_OF_RANGE']);
      const calc = await refused(() => f.t.http.post('/api/v1/calculator').send({ facts: { establishedOn: '0000-02-29' } }), 400, 'CALCULATOR.INVALID_FACTS');
      expect(fieldCodes(calc)).toEqual(['DATE.OUT_OF_RANGE']);
      const rule = await refused(
        () => f.t.http.post('/api/v1/sandbox/what-if').set('authorization', f.auth.leader)
          .send({ base: { rule: { all: [{ fact: 'establishedOn', operator: 'dateAfter', value: '0060-01-01' }] }, formula: { kind: 'fixed', amount: 100 } } }),
        400, /^SANDBOX\.INVALID/,
      );
      expect(JSON.stringify(rule.body.details)).toContain('DATE.OUT_OF_RANGE');
    });
  });

  describe('ill-typed facts: "missing" means only missing', () => {
    it('the calculator refuses "100" for revenue, an enum value outside its list, an empty string, an unknown tag, negative money', async () => {
      const res = await refused(
        () => f.t.http.post('/api/v1/calculator').send({ facts: { revenue: '100', scale: 'huge', districtCode: '', tags: ['no_such_tag'], rdExpense: -1 } }),
        400, 'CALCULATOR.INVALID_FACTS',
      );
      expect(res.body.details.errors.map((e: { fact: string; code: string }) => `${e.fact}:${e.code}`)).toEqual([
        'revenue:FACT.WRONG_TYPE', 'scale:FACT.VALUE_NOT_ALLOWED', 'districtCode:FACT.EMPTY', 'tags:FACT.UNKNOWN_TAG', 'rdExpense:FACT.NEGATIVE',
      ]);
      await f.t.http.post('/api/v1/calculator').send({ facts: { revenue: 100, scale: 'small', districtCode: null, tags: ['hitech'] } }).expect(200);
    });

    it('a profile patch refuses "100" for revenue, negative revenue, unknown tags, empty strings and unknown fields', async () => {
      const send = (changes: Record<string, unknown>) => () => f.t.http.patch(`/api/v1/enterprises/${firmId}`).set('authorization', f.auth.admin).send({ changes, reason: '类型测试' });
      expect(fieldCodes(await refused(send({ revenue: '100' }), 400, 'ENTERPRISE.INVALID'))).toEqual(['FACT.WRONG_TYPE']);
      expect(fieldCodes(await refused(send({ revenue: -100 }), 400, 'ENTERPRISE.INVALID'))).toEqual(['ENTERPRISE.NEGATIVE_AMOUNT']);
      expect(fieldCodes(await refused(send({ tags: ['hitech', 'no_such_tag'] }), 400, 'ENTERPRISE.INVALID'))).toEqual(['FACT.UNKNOWN_TAG']);
      expect(fieldCodes(await refused(send({ scale: '' }), 400, 'ENTERPRISE.INVALID'))).toEqual(['FACT.EMPTY']);
      expect(fieldCodes(await refused(send({ scale: 'huge' }), 400, 'ENTERPRISE.INVALID'))).toEqual(['ENTERPRISE.INVALID_SCALE']);
      // a field the registry does not know is refused before anything else (ownership check)
      await refused(send({ revenu: 1 }), 400, 'ENTERPRISE.UNKNOWN_FIELD');
    });

    it('an import refuses negative revenue per row and writes nothing of that row', async () => {
      const row = makeEnterpriseRow({ revenue: '-5000' });
      const res = await f.t.http.post('/api/v1/enterprises/import').set('authorization', f.auth.admin).attach('file', Buffer.from(toCsv([row])), 'neg.csv').expect(200);
      expect(res.body).toMatchObject({ valid: 0, invalid: 1, created: 0 });
      expect(res.body.errors[0]).toMatchObject({ column: 'revenue', code: 'ENTERPRISE.NEGATIVE_AMOUNT' });
      const [{ n }] = await f.t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.enterprises WHERE credit_code = $1`, [row.creditCode]);
      expect(n).toBe(0);
    });

    it('an XLSX date cell is read as its date', async () => {
      const row = makeEnterpriseRow({ tags: '' });
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('企业');
      const headers = Object.keys(row);
      ws.addRow(headers.map((h) => (h === 'establishedOn' ? '成立日期' : h)));
      ws.addRow(headers.map((h) => (h === 'establishedOn' ? new Date(Date.UTC(2015, 5, 30)) : row[h])));
      ws.getCell(2, headers.indexOf('establishedOn') + 1).numFmt = 'yyyy-mm-dd';
      const file = Buffer.from(await wb.xlsx.writeBuffer());
      const res = await f.t.http.post('/api/v1/enterprises/import').set('authorization', f.auth.admin).attach('file', file, 'dates.xlsx').expect(200);
      expect(res.body).toMatchObject({ valid: 1, invalid: 0, created: 1 });
      const [stored] = await f.t.dataSource.query(`SELECT established_on::text AS day FROM enterprise.enterprises WHERE credit_code = $1`, [row.creditCode]);
      expect(stored.day).toBe('2015-06-30');
    });
  });

  describe('applications', () => {
    it('a material name outside the item list is refused and nothing is stored', async () => {
      const items: Array<{ itemId: string }> = await f.t.dataSource.query(
        `SELECT DISTINCT item_id AS "itemId" FROM policy.item_versions WHERE status = 'published' AND mode IN ('application', 'commitment') AND jsonb_array_length(materials) > 0`,
      );
      let created: Response | undefined;
      for (const { itemId } of items) {
        const res = await f.t.http.post('/api/v1/applications').set('authorization', f.auth.firm1).send({ itemId });
        if (res.status === 201) {
          created = res;
          break;
        }
      }
      if (!created) throw new Error(`firm1 qualifies for none of the ${items.length} demo items that list materials`);
      await refused(
        () => f.t.http.post(`/api/v1/applications/${created!.body.id}/materials`).set('authorization', f.auth.firm1)
          .field('materialName', '随便什么材料').attach('file', Buffer.from('%PDF-1.4\n%%EOF'), 'x.pdf'),
        400, 'MATERIAL.NAME_INVALID',
      );
    });
  });

  describe('CSV export', () => {
    it('the scenario export neutralises formula-looking cells, -1+cmd included, and keeps negative numbers', async () => {
      const name = "-1+cmd|' /C calc'!A0";
      const created = await f.t.http.post('/api/v1/sandbox/scenarios').set('authorization', f.auth.leader)
        .send({ name, definition: { base: { rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 1 }] }, formula: { kind: 'fixed', amount: 100 } } } });
      expect({ status: created.status, body: created.status === 201 ? 'created' : created.body }).toEqual({ status: 201, body: 'created' });
      await f.t.http.post('/api/v1/sandbox/snapshot/refresh').set('authorization', f.auth.leader).expect(200);
      const csv = await f.t.http.get(`/api/v1/sandbox/scenarios/${created.body.id}/export.csv`).set('authorization', f.auth.leader).expect(200);
      const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toBe(`情景,'${name}`);
      for (const cell of lines.flatMap((l) => l.split(','))) {
        if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^[+-]?(\d+(\.\d*)?|\.\d+)$/);
      }
    });
  });
});
