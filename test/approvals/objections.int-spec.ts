import { createHash } from 'node:crypto';
import { ApprovalClock, FakeVerificationSender, VERIFICATION_SENDER } from '@app/approvals';
import { DenialCounter } from '@app/core';
import { TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { Actors, bootApprovals, loadFirms, publishItem, timelineOf, WAN } from './approval-fixture';

jest.setTimeout(120_000);

describe('objections to a 公示: verified contact, rate limits, audit, neutral summary, spam', () => {
  let t: TestApp;
  let who: Actors;
  let firms: string[];
  const auth: string[] = [];
  const appOf: string[] = [];
  let roundId: string;
  let sms: FakeVerificationSender;

  const codeFor = async (phone: string, ip = '10.0.0.1') => {
    const v = await t.http.post(`/api/v1/disclosures/${roundId}/objections/contact-code`).set('x-forwarded-for', ip).send({ phone });
    return { res: v, verificationId: v.body.verificationId as string, code: sms.lastCodeByPhone.get(phone)! };
  };
  const object = (body: Record<string, unknown>, ip = '10.0.0.1', authz?: string) => {
    const req = t.http.post(`/api/v1/disclosures/${roundId}/objections`).set('x-forwarded-for', ip);
    return (authz ? req.set('authorization', authz) : req).send(body);
  };
  const stateOf = async (i: number) => (await t.dataSource.query(`SELECT state FROM approval.applications WHERE id = $1`, [appOf[i]]))[0].state as string;
  const objectionCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM approval.objections`))[0].n as number;
  const refusals = async () => (await t.dataSource.query(`SELECT details FROM audit.audit_log WHERE action = 'objection.refused' ORDER BY seq`)) as Array<{ details: { code: string; step: string; ip: string } }>;

  beforeAll(async () => {
    ({ t, who } = await bootApprovals({ disclosureWorkingDays: 5 }, { env: { TRUST_PROXY: 'loopback' } }));
    sms = t.app.get<FakeVerificationSender>(VERIFICATION_SENDER);
    firms = await loadFirms(t, Array.from({ length: 4 }, (_, i) => ({ name: `异议测试企业${i}有限公司` })));
    for (let i = 0; i < firms.length; i++) auth[i] = await t.createUser({ username: `obj_firm${i}`, displayName: `企业${i}`, role: 'enterprise', enterpriseId: firms[i] });
    const item = await publishItem(t, who, { name: '稳岗补贴（免申即享）', mode: 'no_application', formula: { kind: 'fixed', amount: WAN }, fundPoolFen: 100 * WAN });
    const apps: Array<{ id: string; enterprise_id: string }> = await t.dataSource.query(`SELECT id, enterprise_id FROM approval.applications WHERE item_id = $1`, [item.itemId]);
    for (const a of apps) appOf[firms.indexOf(a.enterprise_id)] = a.id;
    await t.http.post('/api/v1/review/batch-approve').set('authorization', who.reviewer).send({ itemId: item.itemId }).expect(200);
    roundId = (await t.http.post('/api/v1/disclosures').set('authorization', who.reviewer).send({ itemId: item.itemId }).expect(201)).body.id;
  });
  afterAll(async () => t?.close());

  it('an anonymous objection without a verified phone is refused (400), changes nothing and is audited', async () => {
    const res = await object({ applicationId: appOf[0], contactName: '匿名', reason: '我就是看它不顺眼' }).expect(400);
    expect(res.body.code).toBe('OBJECTION.CONTACT_UNVERIFIED');
    const bad = await object({ applicationId: appOf[0], contactName: '匿名', contactPhone: '13912345678', reason: '旧的匿名方式' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION.FAILED');
    expect(await stateOf(0)).toBe('in_disclosure');
    expect(await objectionCount()).toBe(0);
    const rows = await waitFor(refusals, (r) => r.length >= 2);
    expect(rows.map((r) => r.details.code).sort()).toEqual(['OBJECTION.CONTACT_UNVERIFIED', 'VALIDATION.FAILED']);
    expect(rows.every((r) => r.details.ip === '10.0.0.1' && r.details.step === 'object')).toBe(true);
  });

  it('with an SMS code the objection is taken: the code is stored as a keyed digest, a wrong code counts, five wrong kill it', async () => {
    const { verificationId, code } = await codeFor('13912345678');
    const [row] = await t.dataSource.query(`SELECT code_digest, code_key_id, phone_enc FROM approval.contact_verifications WHERE id = $1`, [verificationId]);
    expect(row.code_digest).not.toBe(createHash('sha256').update(`${verificationId}:${code}`).digest('hex'));
    expect(row.code_key_id).toBe('k1');
    expect(row.phone_enc).not.toContain('13912345678');
    const wrong = code === '000000' ? '000001' : '000000';
    expect((await object({ applicationId: appOf[0], contactName: '李先生', reason: '研发费用数据存疑', verificationId, code: wrong }).expect(422)).body.code).toBe('OBJECTION.CODE_INVALID');
    const ok = await object({ applicationId: appOf[0], contactName: '李先生', category: 'data', reason: '该企业研发费用数据存疑，请核查', verificationId, code }).expect(201);
    expect(ok.body.status).toBe('open');
    expect(await stateOf(0)).toBe('objection_raised');
    // the code is spent
    await object({ applicationId: appOf[1], contactName: '李先生', reason: '再用一次验证码', verificationId, code }).expect(422);
    // five wrong codes end a verification: the right one no longer works
    const second = await codeFor('13700001111');
    for (let i = 0; i < 5; i++) await object({ applicationId: appOf[1], contactName: '王', reason: '猜验证码中', verificationId: second.verificationId, code: String(100000 + i) }).expect(422);
    await object({ applicationId: appOf[1], contactName: '王', reason: '猜中了也不行', verificationId: second.verificationId, code: second.code }).expect(422);
    const [filed] = await t.dataSource.query(`SELECT details FROM audit.audit_log WHERE action = 'objection.filed'`);
    expect(filed.details).toMatchObject({ category: 'data', verifiedBy: 'sms', contact: '139****5678', ip: '10.0.0.1' });
  });

  it('the firm sees a neutral summary: the category, not the text, not who objected; staff see all of it', async () => {
    const tl = await timelineOf(t, auth[0], appOf[0]);
    const node = tl.find((n) => n.command === 'raise_objection')!;
    expect(node.comment).toBe('收到公示异议（数据真实性），暂停办理待核查');
    const text = JSON.stringify(tl) + JSON.stringify((await t.http.get(`/api/v1/applications/${appOf[0]}`).set('authorization', auth[0])).body);
    for (const leak of ['研发费用数据存疑', '李先生', '13912345678', '139****5678']) expect(text).not.toContain(leak);
    const staff = await t.http.get('/api/v1/objections').set('authorization', who.reviewer).expect(200);
    expect(staff.body[0]).toMatchObject({ reason: '该企业研发费用数据存疑，请核查', contactName: '李先生', contactMasked: '139****5678', category: 'data', verifiedBy: 'sms' });
  });

  it('a logged-in user objects without a phone; objections per objector and codes per phone are limited per hour (429, counted per source)', async () => {
    for (let i = 0; i < 5; i++) await object({ applicationId: appOf[1], contactName: '企业3经办', reason: `第${i + 1}条异议内容`, category: 'other' }, '10.0.0.3', auth[3]).expect(201);
    const limited = await object({ applicationId: appOf[1], contactName: '企业3经办', reason: '第6条异议内容' }, '10.0.0.3', auth[3]).expect(429);
    expect(limited.body.code).toBe('OBJECTION.RATE_LIMITED');
    const [byLogin] = await t.dataSource.query(`SELECT verified_by, objector_user_id FROM approval.objections WHERE application_id = $1 LIMIT 1`, [appOf[1]]);
    expect(byLogin.verified_by).toBe('login');
    for (let i = 0; i < 3; i++) expect((await codeFor('13600000000', '10.0.0.4')).res.status).toBe(201);
    expect((await codeFor('13600000000', '10.0.0.5')).res.status).toBe(429);
    // codes per source: another 7 phones from 10.0.0.4 fill its 10 an hour
    for (let i = 0; i < 7; i++) expect((await codeFor(`1350000000${i}`, '10.0.0.4')).res.status).toBe(201);
    expect((await codeFor('13511111111', '10.0.0.4')).res.status).toBe(429);
    const counter = t.app.get(DenialCounter);
    await counter.flush(true);
    const rows: Array<{ details: { source: string; count: number } }> = await t.dataSource.query(`SELECT details FROM audit.audit_log WHERE action = 'objection.rate_limited'`);
    expect(Object.fromEntries(rows.map((r) => [r.details.source, r.details.count]))).toEqual({ '10.0.0.3': 1, '10.0.0.5': 1, '10.0.0.4': 1 });
  });

  it('objections per source address are limited too', async () => {
    let last = 0;
    for (let i = 0; i < 11 && last !== 429; i++) {
      const who2 = auth[i % 3];
      last = (await object({ applicationId: appOf[2], contactName: '同一网络', reason: `来自同一地址的异议${i}` }, '10.0.0.9', who2)).status;
    }
    expect(last).toBe(429);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM approval.objections WHERE source_digest IS NOT NULL AND application_id = $1`, [appOf[2]]);
    expect(n).toBe(10);
  });

  it('staff mark an objection as spam (audited, with reason): the payment is not held — confirmable after 公示', async () => {
    const [o] = await t.dataSource.query(`SELECT id FROM approval.objections WHERE application_id = $1`, [appOf[0]]);
    await t.http.post(`/api/v1/objections/${o.id}/spam`).set('authorization', who.otherReviewer).send({ reason: '恶意重复' }).expect(404);
    await t.http.post(`/api/v1/objections/${o.id}/spam`).set('authorization', who.reviewer).send({}).expect(400);
    const res = await t.http.post(`/api/v1/objections/${o.id}/spam`).set('authorization', who.reviewer).send({ reason: '无具体事实，系恶意投诉' }).expect(200);
    expect(res.body.applicationState).toBe('in_disclosure');
    await t.http.post(`/api/v1/objections/${o.id}/spam`).set('authorization', who.reviewer).send({ reason: '再来一次' }).expect(409);
    const [audit] = await t.dataSource.query(`SELECT actor_name, details FROM audit.audit_log WHERE action = 'objection.spam' AND target_id = $1`, [o.id]);
    expect(audit).toMatchObject({ actor_name: 'kjj_reviewer', details: { reason: '无具体事实，系恶意投诉', applicationId: appOf[0] } });
    expect((await t.http.get('/api/v1/objections?status=spam').set('authorization', who.reviewer).expect(200)).body).toHaveLength(1);
    t.app.get(ApprovalClock).advance(15 * 86_400_000);
    try {
      const c = await t.http.post(`/api/v1/applications/${appOf[0]}/confirm`).set('authorization', auth[0]).send({}).expect(200);
      expect(c.body.state).toBe('ready_for_payout');
    } finally {
      t.app.get(ApprovalClock).reset();
    }
  });

  it('免申即享 account confirmation code: a keyed digest, five wrong attempts kill it, three codes an hour per application', async () => {
    const change = { holderName: '异议测试企业3有限公司', bankName: '中国银行郑州分行', accountNumber: '6216610200012345678' };
    const url = `/api/v1/applications/${appOf[3]}/account-change`;
    const v = await t.http.post(url).set('authorization', auth[3]).send(change).expect(201);
    const code = sms.lastCode.get(firms[3])!;
    const [row] = await t.dataSource.query(`SELECT code_hash, code_key_id FROM approval.account_verifications WHERE id = $1`, [v.body.verificationId]);
    expect(row.code_hash).not.toBe(createHash('sha256').update(`${v.body.verificationId}:${code}`).digest('hex'));
    expect(row.code_key_id).toBe('k1');
    for (let i = 0; i < 5; i++) {
      const wrong = String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
      await t.http.post(`/api/v1/applications/${appOf[3]}/confirm`).set('authorization', auth[3]).send({ verificationId: v.body.verificationId, code: wrong }).expect(422);
    }
    const dead = await t.http.post(`/api/v1/applications/${appOf[3]}/confirm`).set('authorization', auth[3]).send({ verificationId: v.body.verificationId, code }).expect(422);
    expect(dead.body.code).toBe('ACCOUNT.VERIFICATION_FAILED');
    await t.http.post(url).set('authorization', auth[3]).send(change).expect(201);
    await t.http.post(url).set('authorization', auth[3]).send(change).expect(201);
    const limited = await t.http.post(url).set('authorization', auth[3]).send(change).expect(429);
    expect(limited.body.code).toBe('ACCOUNT.VERIFICATION_RATE_LIMITED');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM approval.account_verifications WHERE application_id = $1`, [appOf[3]]);
    expect(n).toBe(3);
  });
});
