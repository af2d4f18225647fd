import { DEMO_TAGS, TagsService } from '@app/enterprises';
import { settle } from '../support/settle';
import { TestApp } from '../support/test-app';
import { Actors, bootApprovals, loadFirms, publishItem, timelineOf, WAN } from './approval-fixture';

jest.setTimeout(120_000);

/**
 * Issue 16, hole 1: `PATCH /enterprises/:id` as a 科技局 editor rewrote another department's tags, the
 * credit status (失信 → 守信), revenue and employees, and 免申即享 pre-qualified the firm within
 * seconds. Facts now have owners; a person's change needs a reason, is audited with before/after
 * values, recorded on the profile version and flagged on the applications it leads to.
 */
describe('facts have owners: who may change what on a profile, and what a hand change leads to', () => {
  let t: TestApp;
  let who: Actors;
  let dishonest: string;
  let plain: string;
  let big: string;
  let firmUser: string;
  let rsjEditor: string;
  let gxjEditor: string;
  let item: { itemId: string; versionId: string };

  const row = (id: string) =>
    t.dataSource.query(`SELECT version, credit_status, tags, revenue, employees, contact_name, manual_facts FROM enterprise.enterprises WHERE id = $1`, [id]).then((r) => r[0]);
  const events = async (id: string): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM core.outbox_events WHERE aggregate_id = $1 AND name LIKE 'enterprise.%'`, [id]))[0].n;
  const applications = (id: string): Promise<Array<{ id: string; state: string; manual_changes: unknown }>> =>
    t.dataSource.query(`SELECT id, state, manual_changes FROM approval.applications WHERE enterprise_id = $1`, [id]);
  const patch = (auth: string, id: string, changes: Record<string, unknown>, reason?: string) =>
    t.http.patch(`/api/v1/enterprises/${id}`).set('authorization', auth).send(reason === undefined ? { changes } : { changes, reason });

  beforeAll(async () => {
    ({ t, who } = await bootApprovals());
    await t.app.get(TagsService).ensure(DEMO_TAGS);
    [dishonest, plain, big] = await loadFirms(t, [
      { name: '郑州失信测试有限公司', creditStatus: '失信', tags: 'tech_sme', employees: 30, revenue: '1000000' },
      { name: '郑州人社测试有限公司', tags: 'tech_sme', employees: 40 },
      { name: '郑州规模测试有限公司', tags: 'tech_sme', employees: 200 },
    ]);
    firmUser = await t.createUser({ username: 'plain_firm', displayName: '企业经办', role: 'enterprise', enterpriseId: plain });
    rsjEditor = await t.createUser({ username: 'rsj_editor', displayName: '人社局编辑', role: 'dept_editor', departmentCode: 'rsj' });
    gxjEditor = await t.createUser({ username: 'gxj_editor', displayName: '工信局编辑', role: 'dept_editor', departmentCode: 'gxj' });
    // 免申即享, 30万元 for firms with at least 100 employees
    item = await publishItem(t, who, {
      name: '稳岗扩岗奖励（免申即享）', mode: 'no_application', materials: [],
      rule: { all: [{ fact: 'employees', operator: 'greaterThanInclusive', value: 100 }] }, formula: { kind: 'fixed', amount: 30 * WAN },
    });
  });
  afterAll(async () => t?.close());

  it('the attack of the issue is refused (403) and changes nothing: no version, no event, no application, the refusal audited', async () => {
    const before = await row(dishonest);
    const eventsBefore = await events(dishonest);
    const res = await patch(who.editor, dishonest, { tags: ['specialized', 'tech_sme'], creditStatus: '守信', revenue: '90000000', employees: 500 }, '数据更新');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ENTERPRISE.FACT_SOURCE_ONLY');
    expect(res.body.details.refused.map((r: { field: string }) => r.field).sort()).toEqual(['creditStatus', 'employees', 'revenue']);
    // each on its own
    const alone = async (changes: Record<string, unknown>) => (await patch(who.editor, dishonest, changes, '数据更新')).body.code;
    expect(await alone({ revenue: '90000000' })).toBe('ENTERPRISE.FACT_NOT_OWNED');
    expect(await alone({ employees: 500 })).toBe('ENTERPRISE.FACT_NOT_OWNED');
    expect(await alone({ 信用状态: '守信' })).toBe('ENTERPRISE.FACT_SOURCE_ONLY'); // the Chinese column name is the same field
    expect(await alone({ tags: ['specialized', 'tech_sme'] })).toBe('ENTERPRISE.FACT_NOT_OWNED'); // 工信局's tag
    await settle(t.app);

    expect(await row(dishonest)).toEqual(before);
    expect(await events(dishonest)).toBe(eventsBefore);
    expect(await applications(dishonest)).toEqual([]);
    const [{ n: versions }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.profile_versions WHERE enterprise_id = $1`, [dishonest]);
    expect(versions).toBe(1);
    const denied: Array<{ outcome: string; details: { refused: Array<{ field: string }> } }> = await t.dataSource.query(
      `SELECT outcome, details FROM audit.audit_log WHERE action = 'enterprise.update' AND target_id = $1 ORDER BY seq`, [dishonest]);
    expect(denied.length).toBe(5);
    expect(denied.every((d) => d.outcome === 'denied')).toBe(true);
  });

  it('credit status never by hand, not even by an admin; a department may not touch a derived tag', async () => {
    const admin = await patch(who.admin, dishonest, { creditStatus: '守信' }, '更正');
    expect([admin.status, admin.body.code]).toEqual([403, 'ENTERPRISE.FACT_SOURCE_ONLY']);
    const derived = await patch(who.editor, plain, { tags: ['startup', 'tech_sme'] }, '认定');
    expect([derived.status, derived.body.code]).toEqual([403, 'ENTERPRISE.FACT_SOURCE_ONLY']);
    expect((await row(dishonest)).credit_status).toBe('dishonest');
  });

  it('the firm itself changes only its contacts, never a fact; every change needs a reason', async () => {
    const fact = await patch(firmUser, plain, { employees: 999 }, '自行更新');
    expect([fact.status, fact.body.code]).toEqual([403, 'ENTERPRISE.FACT_NOT_OWNED']);
    const account = await patch(firmUser, plain, { bankAccount: '6222020000000000001' }, '换账户');
    expect([account.status, account.body.code]).toEqual([403, 'ENTERPRISE.FIELD_READ_ONLY']);
    for (const reason of [undefined, '', '  ']) {
      const r = await patch(firmUser, plain, { contactName: '李经理' }, reason);
      expect([r.status, r.body.code]).toEqual([400, 'ENTERPRISE.REASON_REQUIRED']);
    }
    const unknown = await patch(who.admin, plain, { revenu: '1' }, '笔误');
    expect([unknown.status, unknown.body.code]).toEqual([400, 'ENTERPRISE.UNKNOWN_FIELD']);
    expect((await row(plain)).contact_name).toBe('张经理');

    const ok = await patch(firmUser, plain, { contactName: '李经理', contactPhone: '13912345678' }, '联系人变更');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ contactName: '李经理', contactPhoneMasked: '139****5678' });
    const [audit] = await t.dataSource.query(`SELECT details FROM audit.audit_log WHERE action = 'enterprise.update' AND target_id = $1 AND outcome = 'ok'`, [plain]);
    expect(audit.details.contacts).toEqual([
      { field: 'contactName', before: '张经理', after: '李经理' },
      { field: 'contactPhone', before: expect.stringMatching(/\*/), after: '139****5678' },
    ]);
    expect(JSON.stringify(audit)).not.toContain('13912345678');
  });

  it('an owning department changes its fact: versioned with who and why, audited with values, and the 免申即享 application it leads to is flagged for the reviewer', async () => {
    // the firm with 200 employees from its data source was pre-qualified at publication, unflagged
    const [clean] = await applications(big);
    expect(clean).toMatchObject({ state: 'pre_qualified', manual_changes: null });
    expect(await applications(plain)).toEqual([]);

    const wrong = await patch(gxjEditor, plain, { employees: 150 }, '更正');
    expect(wrong.status).toBe(403);
    const res = await patch(rsjEditor, plain, { employees: 150 }, '社保参保人数更正');
    expect(res.status).toBe(200);
    expect(res.body.employees).toBe(150);

    const history = await t.http.get(`/api/v1/enterprises/${plain}/history`).set('authorization', who.admin).expect(200);
    expect(history.body[0]).toMatchObject({
      changedFacts: ['employees'], changedBy: 'person', actorName: '人社局编辑', actorRole: 'dept_editor', actorDepartment: 'rsj', reason: '社保参保人数更正',
    });
    expect(history.body.at(-1)).toMatchObject({ changedBy: 'source' });
    const [audit] = await t.dataSource.query(
      `SELECT actor_name, details FROM audit.audit_log WHERE action = 'enterprise.update' AND target_id = $1 AND outcome = 'ok' ORDER BY seq DESC LIMIT 1`, [plain]);
    expect(audit).toMatchObject({ actor_name: 'rsj_editor', details: { reason: '社保参保人数更正', changes: [{ fact: 'employees', before: 40, after: 150 }] } });

    await settle(t.app);
    const [app] = await applications(plain);
    expect(app.state).toBe('pre_qualified');
    const view = await t.http.get(`/api/v1/applications/${app.id}`).set('authorization', who.reviewer).expect(200);
    expect(view.body.flagged).toBe(true);
    expect(view.body.factChangesByPerson).toEqual([
      expect.objectContaining({ fact: 'employees', label: '从业人数', before: 40, after: 150, actorName: '人社局编辑', actorRole: 'dept_editor', department: 'rsj', reason: '社保参保人数更正' }),
    ]);
    const tl = await timelineOf(t, who.reviewer, app.id);
    expect(tl[0].comment).toMatch(/手工修改/);
    // the firm sees its application, not the staff behind the change
    const own = await t.http.get(`/api/v1/applications/${app.id}`).set('authorization', firmUser).expect(200);
    expect(own.body).not.toHaveProperty('factChangesByPerson');

    const queue = await t.http.get(`/api/v1/review/queue?itemId=${item.itemId}`).set('authorization', who.reviewer).expect(200);
    expect(queue.body).toMatchObject({ total: 2, flaggedCount: 1 });
    const flaggedOnly = await t.http.get(`/api/v1/review/queue?itemId=${item.itemId}&flagged=true`).set('authorization', who.reviewer).expect(200);
    expect(flaggedOnly.body.items.map((i: { id: string; flagged: boolean }) => [i.id, i.flagged])).toEqual([[app.id, true]]);
    const cleanOnly = await t.http.get(`/api/v1/review/queue?itemId=${item.itemId}&flagged=false`).set('authorization', who.reviewer).expect(200);
    expect(cleanOnly.body.items.map((i: { id: string }) => i.id)).toEqual([clean.id]);
  });

  it('a department sets its own tag; the data source writing the fact again clears the hand change', async () => {
    const res = await patch(who.editor, big, { tags: ['hitech', 'tech_sme'] }, '高企认定');
    expect(res.status).toBe(200);
    expect(Object.keys((await row(big)).manual_facts)).toEqual(['tags']);
    const { EnterprisesService, parseEnterpriseRecord } = await import('@app/enterprises');
    const [{ credit_code }] = await t.dataSource.query(`SELECT credit_code FROM enterprise.enterprises WHERE id = $1`, [big]);
    const parsed = parseEnterpriseRecord({ creditCode: credit_code, name: '郑州规模测试有限公司', tags: 'hitech|tech_sme', employees: 200, creditStatus: '守信' });
    if (!parsed.ok) throw new Error('bad');
    await t.app.get(EnterprisesService).upsertBatch([parsed.value], null, 'import');
    expect((await row(big)).manual_facts).toEqual({});
  });
});
