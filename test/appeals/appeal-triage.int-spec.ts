import { TestApp } from '../support/test-app';
import { AppealClock, SimilarityService } from '@app/appeals';
import { toCsv } from '../support/factories';
import { at, bootAppeals, footprint, loadFirms, People } from './appeal-fixture';

const V1 = '/api/v1';

/** Pre-study: similar appeals on constructed examples, merging, and the register import (all or nothing). */
describe('appeals: similar-appeal detection, merge and register import', () => {
  let t: TestApp;
  let who: People;
  let clock: AppealClock;
  let firms: string[];
  let creditCodes: string[];

  beforeAll(async () => {
    ({ t, who, clock } = await bootAppeals());
    firms = await loadFirms(t, [{ name: '甲物流有限公司' }, { name: '乙食品有限公司' }, { name: '丙机械有限公司' }, { name: '丁电子有限公司' }]);
    creditCodes = (await t.dataSource.query(`SELECT credit_code FROM enterprise.enterprises WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`, [firms])).map((r: { credit_code: string }) => r.credit_code);
    clock.set(at('2026-11-02 10:00'));
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  const record = async (enterpriseId: string, category: string, title: string, description: string) =>
    (await t.http.post(`${V1}/appeals/record`).set('authorization', who.supervisor).send({ enterpriseId, channel: 'hotline', category, title, description }).expect(201)).body.id as string;

  it('finds the same firm’s appeals and same-theme appeals of the category, best first, and nothing unrelated', async () => {
    const [a, b, c, d] = firms;
    const target = await record(a, 'utilities', '园区道路施工影响货车通行', '园区主干道施工封闭，货车无法通行，原材料进厂和成品发货受阻。');
    const sameTheme = await record(b, 'utilities', '园区主干道封闭施工，货车绕行', '园区主干道施工封闭已两个月，货车只能绕行，物流成本上升。');
    const sameThemeWeaker = await record(c, 'utilities', '厂区门口道路破损', '厂区门口道路破损严重，货车通行困难。');
    const sameFirmOtherTopic = await record(a, 'labor', '急需招聘叉车司机', '扩大仓储后急需招聘二十名叉车司机。');
    const otherCategorySameWords = await record(d, 'legal', '货车通行事故纠纷', '货车在园区道路通行时发生事故，赔偿纠纷诉至法院。');
    const unrelated = await record(d, 'finance', '申请贷款贴息', '技改项目贷款希望享受贴息政策。');

    const found = (await t.http.get(`${V1}/appeals/${target}/similar`).set('authorization', who.supervisor).expect(200)).body as Array<{ id: string; score: number; sameFirm: boolean; reason: string; commonTerms: string[] }>;
    const ids = found.map((f) => f.id);
    expect(ids[0]).toBe(sameTheme);
    expect(ids).toContain(sameThemeWeaker);
    expect(ids).toContain(sameFirmOtherTopic);
    expect(ids).not.toContain(otherCategorySameWords);
    expect(ids).not.toContain(unrelated);
    expect(ids).not.toContain(target);
    expect(found[0]).toMatchObject({ sameFirm: false, reason: '同类问题' });
    expect(found[0].commonTerms).toEqual(expect.arrayContaining(['货车', '施工']));
    expect(found.find((f) => f.id === sameFirmOtherTopic)).toMatchObject({ sameFirm: true, reason: '同一企业' });
    expect(found[0].score).toBeGreaterThan(found.find((f) => f.id === sameThemeWeaker)!.score);
    // a department sees only what it may see: none of these is assigned to it
    expect((await t.http.get(`${V1}/appeals/${target}/similar`).set('authorization', who.zgj).expect(404)).body.code).toBe('APPEAL.NOT_FOUND');
    // the service on its own, as the benchmark calls it
    const terms = (await t.http.get(`${V1}/appeals/${target}`).set('authorization', who.supervisor).expect(200)).body.terms as string[];
    const direct = await t.app.get(SimilarityService).find({ enterpriseId: firms[3], category: 'utilities', terms, receivedAt: clock.now() });
    const byId = new Map(direct.map((x) => [x.id, x]));
    expect(byId.get(target)?.score).toBe(1);
    expect(byId.has(sameTheme)).toBe(true);
    // firm d's own appeals come back as "same firm", whatever their theme
    expect(direct.filter((s) => s.sameFirm).map((s) => s.id).sort()).toEqual([otherCategorySameWords, unrelated].sort());

    // merging the duplicate: it ends as merged, pointing at the target; the target notes it; both on their timelines
    const merged = await t.http.post(`${V1}/appeals/${sameTheme}/merge`).set('authorization', who.supervisor).send({ into: target, reason: '同一路段施工问题' }).expect(200);
    expect(merged.body).toMatchObject({ state: 'merged', stateLabel: '已合并', mergedInto: target });
    const tl = (await t.http.get(`${V1}/appeals/${target}/timeline`).set('authorization', who.supervisor).expect(200)).body;
    expect(tl.at(-1)).toMatchObject({ command: 'merged_in', commandLabel: '并入相似诉求' });
    expect((await t.http.post(`${V1}/appeals/${sameThemeWeaker}/merge`).set('authorization', who.supervisor).send({ into: sameTheme }).expect(400)).body.code).toBe('APPEAL.MERGE_INVALID');
    // merged appeals are no longer offered as similar
    const again = (await t.http.get(`${V1}/appeals/${target}/similar`).set('authorization', who.supervisor).expect(200)).body.map((f: { id: string }) => f.id);
    expect(again).not.toContain(sameTheme);
  });

  it('imports a register all or nothing: one bad row and nothing is created, with every row error listed', async () => {
    const good = { 统一社会信用代码: creditCodes[2], 类别: '融资信贷', 标题: '流动资金贷款续贷', 问题描述: '流动资金贷款到期，希望续贷不抽贷。', 联系人: '王经理', 联系电话: '13912345678', 渠道: '政企恳谈会' };
    const rows = [
      good,
      { ...good, 统一社会信用代码: '91410100MA00000000', 标题: '企业不存在' },
      { ...good, 类别: '无此类别' },
      { ...good, 联系电话: '12345', 标题: 'x' },
    ];
    const before = await footprint(t);
    const bad = await t.http.post(`${V1}/appeals/import`).set('authorization', who.supervisor).attach('file', Buffer.from(toCsv(rows)), '登记表.csv').expect(400);
    expect(bad.body.code).toBe('APPEAL.IMPORT_INVALID');
    expect(bad.body.details.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 3, field: 'creditCode' }), expect.objectContaining({ row: 4, field: 'category' }),
      expect.objectContaining({ row: 5, field: 'contactPhone' }), expect.objectContaining({ row: 5, field: 'title' }),
    ]));
    expect(bad.body.details.errors).toHaveLength(4);
    expect(await footprint(t)).toEqual(before);
    expect((await t.http.post(`${V1}/appeals/import`).set('authorization', who.supervisor).attach('file', Buffer.from('x'), '登记表.pdf').expect(400)).body.code).toBe('IMPORT.UNSUPPORTED_FORMAT');
    await t.http.post(`${V1}/appeals/import`).set('authorization', who.zgj).attach('file', Buffer.from(toCsv([good])), '登记表.csv').expect(403);

    // the same register as XLSX, corrected: every row becomes an appeal, phone masked
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('登记表');
    ws.addRow(Object.keys(good));
    ws.addRow(Object.values(good));
    ws.addRow(Object.values({ ...good, 统一社会信用代码: creditCodes[3], 类别: 'land', 标题: '厂房扩建用地指标', 渠道: 'forum' }));
    const ok = await t.http.post(`${V1}/appeals/import`).set('authorization', who.supervisor).attach('file', Buffer.from(await wb.xlsx.writeBuffer()), '登记表.xlsx').expect(201);
    expect(ok.body.created).toBe(2);
    const first = (await t.http.get(`${V1}/appeals/${ok.body.appealIds[0]}`).set('authorization', who.supervisor).expect(200)).body;
    expect(first).toMatchObject({ channelLabel: '政企恳谈会', categoryLabel: '融资信贷', contactName: '王经理', contactPhoneMasked: '139****5678', state: 'submitted' });
    expect(JSON.stringify(first)).not.toContain('13912345678');
  });
});
