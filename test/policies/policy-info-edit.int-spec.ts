import { EventBus } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { MatchingService, POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';
import { settle } from '../support/settle';
import { createTestApp, TestApp } from '../support/test-app';

const WAN = 1_000_000;

const item = (code: string, effectiveTo: string | null = '2028-12-31') => ({
  code, name: '研发费用补助', rule: { all: [{ fact: 'tags', operator: 'hasTag', value: 'hitech' }] }, formula: { kind: 'fixed', amount: 10 * WAN },
  mode: 'no_application', applyFrom: null, applyTo: null, materials: [], exclusionGroup: null, clause: null, fundPoolFen: 100 * WAN, contact: null,
  effectiveFrom: '2026-01-01', effectiveTo,
});

const policy = (code: string, items: Array<ReturnType<typeof item>>) => ({
  code, title: '郑州市支持企业研发投入若干措施', docNumber: '郑科〔2026〕1号', level: 'municipal', category: 'subsidy', tags: ['研发'],
  fullText: '对高新技术企业研发费用给予补助。', publishDate: '2026-01-01', effectiveFrom: '2026-01-01', effectiveTo: '2028-12-31', items,
});

/**
 * 编辑政策信息 (PATCH /policies/{id}) on the real database: partial edits with a reason at the revision
 * read, audited field by field; the public page and the search index show the change; another
 * department, a stale revision and bad input are refused with nothing written.
 */
describe('policy center: editing a policy’s information', () => {
  let t: TestApp;
  let editor: string;
  let reviewer: string;
  let otherEditor: string;
  let admin: string;
  let policyId: string;

  /** What an edit may change, and what must not move when it is refused. */
  const snapshot = async () => {
    const [row] = await t.dataSource.query(
      `SELECT title, doc_number, tags, effective_from::text AS effective_from, effective_to::text AS effective_to, interpretation, faq, revision, search_text
       FROM policy.policies WHERE id = $1`, [policyId]);
    const [{ audits }] = await t.dataSource.query(`SELECT count(*)::int AS audits FROM audit.audit_log WHERE action = 'policy.update' AND target_id = $1`, [policyId]);
    const [{ events }] = await t.dataSource.query(`SELECT count(*)::int AS events FROM core.outbox_events WHERE name = 'policy.updated'`);
    return { row, audits, events };
  };
  const patch = (auth: string, body: Record<string, unknown>, id = policyId) => t.http.patch(`/api/v1/policies/${id}`).set('authorization', auth).send(body);

  beforeAll(async () => {
    t = await createTestApp({ imports: [PoliciesModule], migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS] });
    editor = await t.createUser({ username: 'kjj_editor', displayName: '科技局编辑', role: 'dept_editor', departmentCode: 'kjj' });
    reviewer = await t.createUser({ username: 'kjj_reviewer', displayName: '科技局审核', role: 'dept_reviewer', departmentCode: 'kjj' });
    otherEditor = await t.createUser({ username: 'gxj_editor', displayName: '工信局编辑', role: 'dept_editor', departmentCode: 'gxj' });
    admin = await t.createUser({ username: 'admin', displayName: '管理员', role: 'admin' });
    t.app.get(EventBus).consume();
    t.app.get(MatchingService).startWorkers(1);
    const created = await t.http.post('/api/v1/policies').set('authorization', editor).send(policy('KJ-EDIT-1', [item('KJ-EDIT-RD')])).expect(201);
    policyId = created.body.id;
    const itemId = created.body.items[0].id as string;
    await t.http.post(`/api/v1/items/${itemId}/submit`).set('authorization', editor).expect(200);
    await t.http.post(`/api/v1/items/${itemId}/review`).set('authorization', reviewer).send({ decision: 'approve' }).expect(200);
    await settle(t.app);
  });
  afterAll(async () => t?.close());

  it('starts at revision 1, shown with the policy', async () => {
    const res = await t.http.get(`/api/v1/policies/${policyId}`).set('authorization', editor).expect(200);
    expect(res.body).toMatchObject({ revision: 1, title: '郑州市支持企业研发投入若干措施', updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('an editor of the department changes the title, 文号, tags, 解读 and FAQ; the changed fields are audited before and after with the reason', async () => {
    const res = await patch(editor, {
      revision: 1, reason: '根据修订后的文件更新标题与文号',
      changes: {
        title: '郑州市支持企业研发投入若干措施（修订版）', docNumber: '郑科〔2026〕7号', tags: ['研发', '创新券'],
        interpretation: '本政策面向高新技术企业。', faq: [{ question: '研发费用以什么为准？', answer: '以税务部门确认的数额为准。' }],
        effectiveFrom: '2026-01-01', // unchanged: not a change
      },
    }).expect(200);
    expect(res.body).toMatchObject({
      revision: 2, title: '郑州市支持企业研发投入若干措施（修订版）', docNumber: '郑科〔2026〕7号', tags: ['研发', '创新券'],
      interpretation: '本政策面向高新技术企业。', faq: [{ question: '研发费用以什么为准？', answer: '以税务部门确认的数额为准。' }], code: 'KJ-EDIT-1',
    });
    const [audit] = await t.dataSource.query(
      `SELECT actor_name, actor_role, details, before_digest, after_digest FROM audit.audit_log WHERE action = 'policy.update' AND target_id = $1`, [policyId]);
    expect(audit).toMatchObject({ actor_name: 'kjj_editor', actor_role: 'dept_editor', before_digest: expect.any(String), after_digest: expect.any(String) });
    expect(audit.details).toMatchObject({ reason: '根据修订后的文件更新标题与文号', revision: 2 });
    expect(audit.details.changes).toEqual([
      { field: 'title', before: '郑州市支持企业研发投入若干措施', after: '郑州市支持企业研发投入若干措施（修订版）' },
      { field: 'docNumber', before: '郑科〔2026〕1号', after: '郑科〔2026〕7号' },
      { field: 'tags', before: ['研发'], after: ['研发', '创新券'] },
      { field: 'interpretation', before: null, after: '本政策面向高新技术企业。' },
      { field: 'faq', before: [], after: [{ question: '研发费用以什么为准？', answer: '以税务部门确认的数额为准。' }] },
    ]);
  });

  it('the public page and the search show the new title (the index re-reads the policy on policy.updated)', async () => {
    await settle(t.app);
    const page = await t.http.get(`/api/v1/public/policies/${policyId}`).expect(200);
    expect(page.body).toMatchObject({ title: '郑州市支持企业研发投入若干措施（修订版）', docNumber: '郑科〔2026〕7号', interpretation: '本政策面向高新技术企业。' });
    const search = await t.http.get('/api/v1/search/policies').query({ q: '修订版' }).expect(200);
    expect(search.body.items.map((i: { policyTitle: string; itemCode: string }) => [i.itemCode, i.policyTitle])).toEqual([['KJ-EDIT-RD', '郑州市支持企业研发投入若干措施（修订版）']]);
    const byTag = await t.http.get('/api/v1/search/policies').query({ q: '创新券' }).expect(200);
    expect(byTag.body.total).toBe(1);
  });

  it("another department's policy is not found, and a reviewer may not edit: nothing written", async () => {
    const before = await snapshot();
    const other = await patch(otherEditor, { revision: 2, reason: '越权修改', changes: { title: '工信局改的标题内容' } }).expect(404);
    expect(other.body.code).toBe('POLICY.NOT_FOUND');
    expect((await patch(reviewer, { revision: 2, reason: '审核人修改', changes: { title: '审核人改的标题内容' } }).expect(403)).body.code).toBe('AUTH.FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });

  it('a stale revision is refused with 409 and the current revision; nothing written', async () => {
    const before = await snapshot();
    const res = await patch(editor, { revision: 1, reason: '用旧页面修改', changes: { title: '基于旧版本的标题修改' } }).expect(409);
    expect(res.body).toMatchObject({ code: 'POLICY.STALE_REVISION', details: { revision: 2 } });
    expect(await snapshot()).toEqual(before);
  });

  it('two editors saving the same revision at once: one wins, the other is stale', async () => {
    const [a, b] = await Promise.all([
      patch(editor, { revision: 2, reason: '甲修改', changes: { docNumber: '郑科〔2026〕8号' } }),
      patch(editor, { revision: 2, reason: '乙修改', changes: { docNumber: '郑科〔2026〕9号' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const { row, audits } = await snapshot();
    expect(row.revision).toBe(3);
    expect(audits).toBe(2);
    expect(row.doc_number).toBe((a.status === 200 ? a : b).body.docNumber);
  });

  it('invalid dates, an inverted window, unknown or fixed fields, no reason and empty edits are 400 with a code; nothing written', async () => {
    const before = await snapshot();
    const bad = async (body: Record<string, unknown>, code: string, pointer?: string) => {
      const res = await patch(editor, { revision: 3, reason: '修改', ...body }).expect(400);
      expect(res.body.code).toBe(code);
      if (pointer) expect(res.body.details.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    };
    await bad({ changes: { effectiveTo: '2027-02-30' } }, 'POLICY.INVALID', '/changes/effectiveTo');
    await bad({ changes: { effectiveTo: '2025-12-31' } }, 'POLICY.INVALID', '/changes/effectiveTo');
    await bad({ changes: { publishDate: 'yesterday' } }, 'POLICY.INVALID', '/changes/publishDate');
    await bad({ changes: { title: '短' } }, 'POLICY.INVALID', '/changes/title');
    await bad({ changes: { level: 'galactic' } }, 'POLICY.INVALID', '/changes/level');
    await bad({ changes: { code: 'KJ-EDIT-2' } }, 'POLICY.UNKNOWN_FIELD');
    await bad({ changes: { ownerDepartment: 'gxj' } }, 'POLICY.UNKNOWN_FIELD');
    await bad({ changes: { title: '郑州市支持企业研发投入若干措施（再修订）' }, reason: '   ' }, 'POLICY.INVALID_REASON'); // blank once trimmed
    await bad({ changes: { tags: ['研发', '创新券'] } }, 'POLICY.NO_CHANGES');
    // outside `changes`: refused by the request validation
    expect((await patch(editor, { revision: 3, reason: '修改', changes: { title: '合法的新政策标题' }, ownerDepartment: 'gxj' }).expect(400)).body.code).toBe('VALIDATION.FAILED');
    expect((await patch(editor, { reason: '修改', changes: { title: '合法的新政策标题' } }).expect(400)).body.code).toBe('VALIDATION.FAILED');
    expect(await snapshot()).toEqual(before);
  });

  it("a window that would no longer cover a published item's own dates is refused, naming the item; widening it is fine", async () => {
    const before = await snapshot();
    const res = await patch(editor, { revision: 3, reason: '缩短有效期', changes: { effectiveTo: '2027-12-31' } }).expect(409);
    expect(res.body).toMatchObject({ code: 'POLICY.WINDOW_EXCLUDES_ITEMS', details: { items: [{ itemCode: 'KJ-EDIT-RD', effectiveTo: '2028-12-31' }] } });
    expect(await snapshot()).toEqual(before);
    const wider = await patch(editor, { revision: 3, reason: '延长有效期', changes: { effectiveTo: '2030-12-31', effectiveFrom: '2025-07-01' } }).expect(200);
    expect(wider.body).toMatchObject({ revision: 4, effectiveFrom: '2025-07-01', effectiveTo: '2030-12-31' });
    // the item's own window did not move
    expect(wider.body.items[0].current).toMatchObject({ effectiveFrom: '2026-01-01', effectiveTo: '2028-12-31' });
  });

  it('an administrator may edit any department’s policy, as with the other policy routes', async () => {
    const res = await patch(admin, { revision: 4, reason: '管理员更正来源链接', changes: { sourceUrl: 'https://kjj.zhengzhou.gov.cn/zc/1.html' } }).expect(200);
    expect(res.body).toMatchObject({ revision: 5, sourceUrl: 'https://kjj.zhengzhou.gov.cn/zc/1.html', ownerDepartment: 'kjj' });
    const [audit] = await t.dataSource.query(`SELECT actor_role FROM audit.audit_log WHERE action = 'policy.update' AND target_id = $1 ORDER BY seq DESC LIMIT 1`, [policyId]);
    expect(audit.actor_role).toBe('admin');
  });

  it('the export still reads as a policy document (no revision bookkeeping in it)', async () => {
    const res = await t.http.get('/api/v1/policies/export?format=json').set('authorization', editor).expect(200);
    const doc = JSON.parse(res.text).policies.find((p: { code: string }) => p.code === 'KJ-EDIT-1');
    expect(doc).toMatchObject({ title: '郑州市支持企业研发投入若干措施（修订版）', effectiveTo: '2030-12-31' });
    expect(doc).not.toHaveProperty('revision');
    expect(doc).not.toHaveProperty('updatedAt');
  });
});
