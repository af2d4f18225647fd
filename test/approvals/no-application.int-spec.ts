import { ApprovalClock, FakeVerificationSender, VERIFICATION_SENDER } from '@app/approvals';
import { ApplicationReadyForPayoutPayload } from '@app/contracts';
import { FieldCipher } from '@app/core';
import { TagsService } from '@app/enterprises';
import { toCsv } from '../support/factories';
import { settle } from '../support/settle';
import { TestApp } from '../support/test-app';
import { Actors, bootApprovals, emitPayoutResult, loadFirms, publishItem, timelineOf, WAN } from './approval-fixture';

jest.setTimeout(120_000);

const ACCOUNT = '6222021234567890123';

describe('approval center: 免申即享 from publication to payment', () => {
  let t: TestApp;
  let who: Actors;
  let firms: string[];
  let codes: string[];
  let item: { itemId: string; versionId: string };
  const auth: string[] = [];
  const appOf = new Map<number, string>();

  beforeAll(async () => {
    ({ t, who } = await bootApprovals({ disclosureWorkingDays: 5 }));
    const rows = Array.from({ length: 10 }, (_, i) => ({
      name: `郑州免申测试企业${i}有限公司`,
      tags: i === 8 ? 'tech_sme' : 'hitech',
      creditStatus: i === 5 ? '失信' : '守信',
      rdExpense: i === 6 ? '' : String((100 + i * 10) * 10_000),
    }));
    firms = await loadFirms(t, rows);
    codes = (await t.dataSource.query(`SELECT id, credit_code FROM enterprise.enterprises`)).reduce(
      (acc: string[], r: { id: string; credit_code: string }) => ((acc[firms.indexOf(r.id)] = r.credit_code), acc), []);
    for (let i = 0; i < firms.length; i++) {
      auth[i] = await t.createUser({ username: `nf_${i}`, displayName: `企业${i}经办`, role: 'enterprise', enterpriseId: firms[i] });
    }
    // firm 7 is on the imported 失信 list; firm 9 already holds a benefit of the same exclusion group
    const csv = toCsv([{ creditCode: codes[7], source: '信用中国（河南）', listedFrom: '2026-01-01', listedTo: '' }]);
    const imp = await t.http.post('/api/v1/credit/dishonest-list').set('authorization', who.admin).send({ csv }).expect(201);
    expect(imp.body).toMatchObject({ imported: 1, unknownFirms: 0 });
    const badCsv = toCsv([{ creditCode: '91410100XXXXXXXXXX', source: '', listedFrom: '2026-13-01', listedTo: '' }]);
    expect((await t.http.post('/api/v1/credit/dishonest-list').set('authorization', who.admin).send({ csv: badCsv }).expect(400)).body.code).toBe('CREDIT_LIST.INVALID');
    const held = await publishItem(t, who, { name: '创新券', mode: 'instant', exclusionGroup: 'innov', formula: { kind: 'fixed', amount: 5 * WAN } });
    const c = await t.http.post('/api/v1/applications').set('authorization', auth[9]).send({ itemId: held.itemId }).expect(201);
    await t.http.post(`/api/v1/applications/${c.body.id}/commitment`).set('authorization', auth[9]).send({ textVersion: 'XYCN-2026.1' }).expect(201);
    expect((await t.http.post(`/api/v1/applications/${c.body.id}/submit`).set('authorization', auth[9]).expect(200)).body.state).toBe('approved');
  });
  afterAll(async () => t?.close());

  it('publication creates pre-qualified applications with the computed amount, after the checks', async () => {
    item = await publishItem(t, who, { name: '研发后补助（免申即享）', mode: 'no_application', exclusionGroup: 'innov', materials: [],
      formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 50 * WAN }, fundPoolFen: 100 * WAN });
    const apps: Array<{ id: string; enterprise_id: string; amount_fen: string; state: string }> = await t.dataSource.query(
      `SELECT id, enterprise_id, amount_fen, state FROM approval.applications WHERE item_id = $1`, [item.itemId]);
    for (const a of apps) appOf.set(firms.indexOf(a.enterprise_id), a.id);
    expect([...appOf.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(apps.every((a) => a.state === 'pre_qualified')).toBe(true);
    expect(Number(apps.find((a) => a.enterprise_id === firms[2])!.amount_fen)).toBe(12 * WAN);
    const screenings: Array<{ enterprise_id: string; reason: string }> = await t.dataSource.query(
      `SELECT enterprise_id, reason FROM approval.screenings WHERE item_version_id = $1`, [item.versionId]);
    const why = Object.fromEntries(screenings.map((s) => [firms.indexOf(s.enterprise_id), s.reason]));
    expect(why).toEqual({ 5: 'dishonest', 6: 'data_incomplete', 7: 'dishonest', 9: 'exclusion_group' });
    const tl = await timelineOf(t, auth[0], appOf.get(0)!);
    expect(tl).toEqual([expect.objectContaining({ command: 'pre_qualify', toState: 'pre_qualified', actorRole: 'system' })]);
  });

  it('re-running the range jobs creates nothing twice (duplicate detection by constraint and check)', async () => {
    const { PrequalificationService } = await import('@app/approvals');
    await t.app.get(PrequalificationService).plan(item.versionId);
    await settle(t.app);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM approval.applications WHERE item_id = $1`, [item.itemId]);
    expect(n).toBe(5);
  });

  it('a profile change that makes a firm eligible pre-qualifies it', async () => {
    await t.app.get(TagsService).ensure([{ code: 'hitech', name: '高新技术企业', category: '资质认定', ownerDepartment: null }]); // a patch adds only tags the library holds
    await t.http.patch(`/api/v1/enterprises/${firms[8]}`).set('authorization', who.admin).send({ changes: { tags: ['hitech'] }, reason: '高企认定' }).expect(200);
    await settle(t.app);
    const [row] = await t.dataSource.query(`SELECT id, state FROM approval.applications WHERE item_id = $1 AND enterprise_id = $2`, [item.itemId, firms[8]]);
    expect(row.state).toBe('pre_qualified');
    appOf.set(8, row.id);
  });

  it('batch approval: filter, select, approve N at once with a spot-check sample; the pool is reserved', async () => {
    const queue = await t.http.get(`/api/v1/review/queue?itemId=${item.itemId}`).set('authorization', who.reviewer).expect(200);
    expect(queue.body.total).toBe(6);
    expect(queue.body.items[0].facts).toHaveProperty('tags');
    await t.http.post('/api/v1/review/batch-approve').set('authorization', who.otherReviewer).send({ itemId: item.itemId }).expect(404);
    const selected = [0, 1, 2, 3].map((i) => appOf.get(i)!);
    const b = await t.http.post('/api/v1/review/batch-approve').set('authorization', who.reviewer).send({ itemId: item.itemId, ids: selected, comment: '经比对核验，同意' }).expect(200);
    expect(b.body).toMatchObject({ approved: 4 });
    expect(b.body.sample.length).toBeGreaterThan(0);
    expect(b.body.sample[0].facts).toBeDefined();
    const rest = await t.http.post('/api/v1/review/batch-approve').set('authorization', who.reviewer).send({ itemId: item.itemId }).expect(200);
    expect(rest.body.approved).toBe(2);
    const pool = await t.http.get(`/api/v1/fund-pools/${item.itemId}`).set('authorization', who.reviewer).expect(200);
    expect(pool.body.reservedFen).toBe(b.body.amountFen + rest.body.amountFen);
  });

  let roundId: string;

  it('公示: a public list without login — firm name, item and amount only', async () => {
    const r = await t.http.post('/api/v1/disclosures').set('authorization', who.reviewer).send({ itemId: item.itemId }).expect(201);
    roundId = r.body.id;
    expect(r.body.entries).toBe(6);
    const rounds = await t.http.get('/api/v1/disclosures').expect(200);
    expect(rounds.body.map((x: { id: string }) => x.id)).toContain(roundId);
    const page = await t.http.get(`/api/v1/disclosures/${roundId}`).expect(200);
    expect(page.body.list).toHaveLength(6);
    for (const e of page.body.list) expect(Object.keys(e).sort()).toEqual(['amountFen', 'amountText', 'applicationId', 'enterpriseName', 'itemName', 'status']);
    const text = JSON.stringify(page.body);
    for (const c of codes) expect(text).not.toContain(c);
    for (const leak of [ACCOUNT, '13800138000', '张经理', 'rdExpense', 'revenue', 'facts', ...firms]) expect(text).not.toContain(leak);
  });

  /** An objection from somebody not logged in: the phone proved by an SMS code first. */
  const objectByPhone = async (phone: string, body: Record<string, unknown>) => {
    const v = await t.http.post(`/api/v1/disclosures/${roundId}/objections/contact-code`).send({ phone }).expect(201);
    const code = t.app.get<FakeVerificationSender>(VERIFICATION_SENDER).lastCodeByPhone.get(phone);
    return t.http.post(`/api/v1/disclosures/${roundId}/objections`).send({ ...body, verificationId: v.body.verificationId, code }).expect(201);
  };

  it('objections pause the firm; upheld → rejected (pool released); dismissed → back in 公示', async () => {
    const o1 = await objectByPhone('13912345678', { applicationId: appOf.get(1), contactName: '李先生', category: 'data', reason: '该企业研发费用数据存疑' });
    const o2 = await objectByPhone('13700001111', { applicationId: appOf.get(2), contactName: '王女士', category: 'duplicate', reason: '怀疑与其他政策重复享受' });
    const page = await t.http.get(`/api/v1/disclosures/${roundId}`).expect(200);
    expect(page.body.list.find((e: { applicationId: string }) => e.applicationId === appOf.get(1)).status).toBe('异议核查中');
    expect((await t.http.get(`/api/v1/applications/${appOf.get(1)}`).set('authorization', auth[1]).expect(200)).body.state).toBe('objection_raised');
    const list = await t.http.get('/api/v1/objections').set('authorization', who.reviewer).expect(200);
    expect(list.body).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain('13912345678');
    await t.http.post(`/api/v1/objections/${o1.body.objectionId}/resolve`).set('authorization', who.otherReviewer).send({ decision: 'upheld', resolution: '核实' }).expect(404);
    const before = (await t.http.get(`/api/v1/fund-pools/${item.itemId}`).set('authorization', who.reviewer)).body.reservedFen;
    const up = await t.http.post(`/api/v1/objections/${o1.body.objectionId}/resolve`).set('authorization', who.reviewer).send({ decision: 'upheld', resolution: '经核查研发费用口径不符' }).expect(200);
    expect(up.body.applicationState).toBe('rejected');
    const after = (await t.http.get(`/api/v1/fund-pools/${item.itemId}`).set('authorization', who.reviewer)).body.reservedFen;
    expect(before - after).toBe(11 * WAN);
    const down = await t.http.post(`/api/v1/objections/${o2.body.objectionId}/resolve`).set('authorization', who.reviewer).send({ decision: 'dismissed', resolution: '经核查无重复享受' }).expect(200);
    expect(down.body.applicationState).toBe('in_disclosure');
    const tl = await timelineOf(t, auth[1], appOf.get(1)!);
    // the firm was told of the approval and, after the objection was upheld, of the refusal with the reason (notices on the timeline)
    expect(tl.map((n) => n.command)).toEqual(['pre_qualify', 'approve', 'note', 'open_disclosure', 'raise_objection', 'uphold_objection', 'note']);
    expect(tl.at(-1)!.comment).toContain('经核查研发费用口径不符');
  });

  it('confirmation waits for the end of 公示; then one step with the account on file → ready_for_payout event in the outbox', async () => {
    expect((await t.http.post(`/api/v1/applications/${appOf.get(0)}/confirm`).set('authorization', auth[0]).send({}).expect(422)).body.code).toBe('APPLICATION.DISCLOSURE_NOT_ENDED');
    t.app.get(ApprovalClock).advance(15 * 86_400_000);
    await t.http.get(`/api/v1/disclosures/${roundId}`).expect(404);
    await t.http.post(`/api/v1/disclosures/${roundId}/objections/contact-code`).send({ phone: '13900000000' }).expect(404);
    await t.http.post(`/api/v1/disclosures/${roundId}/objections`).set('authorization', auth[9]).send({ applicationId: appOf.get(0), contactName: '迟到者', reason: '公示期后的异议' }).expect(404);
    await t.http.post(`/api/v1/applications/${appOf.get(0)}/confirm`).set('authorization', auth[1]).send({}).expect(404);
    const c = await t.http.post(`/api/v1/applications/${appOf.get(0)}/confirm`).set('authorization', auth[0]).send({}).expect(200);
    expect(c.body).toMatchObject({ state: 'ready_for_payout', payeeAccountMasked: '622202*********0123' });
    const [ev] = await t.dataSource.query(`SELECT payload FROM core.outbox_events WHERE name = 'application.ready_for_payout' AND aggregate_id = $1`, [appOf.get(0)]);
    const payload = ev.payload as ApplicationReadyForPayoutPayload;
    expect(payload).toMatchObject({ applicationId: appOf.get(0), enterpriseId: firms[0], amountFen: 10 * WAN, itemId: item.itemId, fundPoolId: item.itemId,
      departmentCode: 'kjj', budgetSubject: '2150805', payeeName: '郑州免申测试企业0有限公司', payeeAccountMasked: '622202*********0123' });
    expect(JSON.stringify(payload)).not.toContain(ACCOUNT);
    expect(new FieldCipher(t.config.keys).decrypt(payload.payeeAccountEncrypted)).toBe(ACCOUNT);
    const [inbox] = await t.dataSource.query(`SELECT applied_at FROM policy.matches WHERE enterprise_id = $1 AND item_id = $2 AND pushed_at IS NOT NULL`, [firms[0], item.itemId]);
    expect(inbox.applied_at).not.toBeNull();
  });

  it('changing the account: holder must be the firm, and the SMS code must match', async () => {
    const id = appOf.get(3)!;
    const mismatch = await t.http.post(`/api/v1/applications/${id}/account-change`).set('authorization', auth[3]).send({ holderName: '张三', bankName: '中国银行郑州分行', accountNumber: '6216610200012345678' }).expect(422);
    expect(mismatch.body.code).toBe('ACCOUNT.HOLDER_MISMATCH');
    const v = await t.http.post(`/api/v1/applications/${id}/account-change`).set('authorization', auth[3]).send({ holderName: '郑州免申测试企业3有限公司', bankName: '中国银行郑州分行', accountNumber: '6216610200012345678' }).expect(201);
    const wrong = await t.http.post(`/api/v1/applications/${id}/confirm`).set('authorization', auth[3]).send({ verificationId: v.body.verificationId, code: '000000x' }).expect(422);
    expect(wrong.body.code).toBe('ACCOUNT.VERIFICATION_FAILED');
    const code = t.app.get<FakeVerificationSender>(VERIFICATION_SENDER).lastCode.get(firms[3])!;
    const ok = await t.http.post(`/api/v1/applications/${id}/confirm`).set('authorization', auth[3]).send({ verificationId: v.body.verificationId, code }).expect(200);
    expect(ok.body).toMatchObject({ state: 'ready_for_payout', payeeAccountMasked: '621661*********5678', payeeBankName: '中国银行郑州分行' });
    await t.http.post(`/api/v1/applications/${id}/confirm`).set('authorization', auth[3]).send({ verificationId: v.body.verificationId, code }).expect(422);
  });

  it('payout results: settled → paid; failed → payout_failed, then the firm reconfirms → ready_for_payout again', async () => {
    await emitPayoutResult(t, appOf.get(0)!, 'settled', 10 * WAN);
    expect((await t.http.get(`/api/v1/applications/${appOf.get(0)}`).set('authorization', auth[0]).expect(200)).body.state).toBe('paid');
    await emitPayoutResult(t, appOf.get(3)!, 'returned', 13 * WAN, '账户名与账号不符');
    const failed = await t.http.get(`/api/v1/applications/${appOf.get(3)}`).set('authorization', auth[3]).expect(200);
    expect(failed.body.state).toBe('payout_failed');
    const tl = await timelineOf(t, auth[3], appOf.get(3)!);
    expect(tl[tl.length - 1].comment).toContain('账户名与账号不符');
    await t.http.post(`/api/v1/applications/${appOf.get(3)}/confirm`).set('authorization', auth[3]).send({}).expect(200);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM core.outbox_events WHERE name = 'application.ready_for_payout' AND aggregate_id = $1`, [appOf.get(3)]);
    expect(n).toBe(2);
    const pool = await t.http.get(`/api/v1/fund-pools/${item.itemId}`).set('authorization', who.finance).expect(200);
    expect(pool.body.paidFen).toBe(10 * WAN);
  });

  it('clawback: a paid benefit found ineligible is recorded for recovery and bars the firm from new benefits', async () => {
    const cb = await t.http.post(`/api/v1/applications/${appOf.get(0)}/clawback`).set('authorization', who.reviewer).send({ reason: '事后核查：研发费用虚报' }).expect(201);
    expect(cb.body).toMatchObject({ amountFen: 10 * WAN, status: 'pending' });
    await t.http.post(`/api/v1/applications/${appOf.get(0)}/clawback`).set('authorization', who.reviewer).send({ reason: '再次' }).expect(409);
    const rec = await t.http.post(`/api/v1/clawbacks/${cb.body.id}/recover`).set('authorization', who.reviewer).send({ amountFen: 10 * WAN }).expect(200);
    expect(rec.body.status).toBe('recovered');
    t.app.get(ApprovalClock).reset();
    const other = await publishItem(t, who, { name: '稳岗补贴（免申即享）', mode: 'no_application', formula: { kind: 'fixed', amount: WAN }, fundPoolFen: 100 * WAN });
    const [s] = await t.dataSource.query(`SELECT reason FROM approval.screenings WHERE item_version_id = $1 AND enterprise_id = $2`, [other.versionId, firms[0]]);
    expect(s.reason).toBe('barred');
    const tl = await timelineOf(t, auth[0], appOf.get(0)!);
    expect(tl.map((n) => n.command).slice(-2)).toEqual(['note', 'note']);
  });
});
