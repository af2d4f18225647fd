import { TestApp } from '../support/test-app';
import { InMemoryMaterialStorage } from '@app/approvals';
import { AppealClock } from '@app/appeals';
import { at, bootAppeals, footprint, loadFirms, PDF, People } from './appeal-fixture';

const V1 = '/api/v1';

/** Who may do what, and bad input: every refusal is a coded error and leaves the database as it was. */
describe('appeals: permissions and bad input change nothing', () => {
  let t: TestApp;
  let who: People;
  let clock: AppealClock;
  let storage: InMemoryMaterialStorage;
  let firmA: string;
  let firmB: string;
  let otherOfficer: string;

  beforeAll(async () => {
    ({ t, who, clock, storage } = await bootAppeals({ maxAttachmentBytes: 2048 }));
    const [a, b] = await loadFirms(t, [{ name: '权限测试甲有限公司' }, { name: '权限测试乙有限公司' }]);
    firmA = await t.createUser({ username: 'perm_a', displayName: '甲', role: 'enterprise', enterpriseId: a });
    firmB = await t.createUser({ username: 'perm_b', displayName: '乙', role: 'enterprise', enterpriseId: b });
    otherOfficer = await t.createUser({ username: 'officer_wang', displayName: '包联干部王', role: 'officer' });
    clock.set(at('2026-11-02 10:00'));
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  /** Sends a request, expects the status and code, and that no appeal row, timeline node, event or audit entry appeared. */
  async function refused(req: () => Promise<{ status: number; body: { code?: string } }>, status: number, code: string): Promise<void> {
    const before = await footprint(t);
    const files = storage.files.size;
    const res = await req();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(await footprint(t)).toEqual(before);
    expect(storage.files.size).toBe(files);
  }

  it('refuses unknown categories, bad attachments, other firms, out-of-order steps and the wrong unit', async () => {
    const body = { category: 'land', title: '厂房扩建规划调整', description: '厂房扩建需要调整容积率，规划审批进展缓慢。' };
    await refused(() => t.http.post(`${V1}/appeals`).set('authorization', firmA).send({ ...body, category: 'astrology' }), 400, 'APPEAL.CATEGORY_INVALID');
    await refused(() => t.http.post(`${V1}/appeals`).set('authorization', firmA).send({ ...body, contactPhone: '1380000' }), 400, 'APPEAL.PHONE_INVALID');
    await refused(() => t.http.post(`${V1}/appeals`).set('authorization', firmA).send({ ...body, relatedItemId: '01a00000-0000-7000-8000-000000000000' }), 404, 'ITEM.NOT_FOUND');
    await refused(() => t.http.post(`${V1}/appeals`).set('authorization', who.zgj).send(body), 403, 'AUTH.FORBIDDEN');
    const id = (await t.http.post(`${V1}/appeals`).set('authorization', firmA).send(body).expect(201)).body.id as string;

    // attachments: too large, wrong type by name, wrong type by content, another firm's appeal
    await refused(() => t.http.post(`${V1}/appeals/${id}/attachments`).set('authorization', firmA).attach('file', Buffer.concat([PDF, Buffer.alloc(4096)]), '规划图.pdf'), 413, 'MATERIAL.FILE_TOO_LARGE');
    await refused(() => t.http.post(`${V1}/appeals/${id}/attachments`).set('authorization', firmA).attach('file', PDF, 'setup.exe'), 415, 'MATERIAL.TYPE_NOT_ALLOWED');
    await refused(() => t.http.post(`${V1}/appeals/${id}/attachments`).set('authorization', firmA).attach('file', Buffer.from('MZ\x90\x00 not a pdf at all'), '规划图.pdf'), 415, 'MATERIAL.TYPE_NOT_ALLOWED');
    await refused(() => t.http.post(`${V1}/appeals/${id}/attachments`).set('authorization', firmB).attach('file', PDF, '规划图.pdf'), 404, 'APPEAL.NOT_FOUND');
    const att = await t.http.post(`${V1}/appeals/${id}/attachments`).set('authorization', firmA).attach('file', PDF, '规划图.pdf').expect(201);
    const dl = await t.http.get(`${V1}/appeals/${id}/attachments/${att.body.id}`).set('authorization', who.supervisor).expect(200);
    expect(Buffer.compare(dl.body as Buffer, PDF)).toBe(0);

    // other firms and units see nothing; out-of-order steps are refused
    await refused(() => t.http.get(`${V1}/appeals/${id}`).set('authorization', firmB), 404, 'APPEAL.NOT_FOUND');
    await refused(() => t.http.post(`${V1}/appeals/${id}/feedback`).set('authorization', firmB).send({ rating: 'satisfied' }), 404, 'APPEAL.NOT_FOUND');
    await refused(() => t.http.post(`${V1}/appeals/${id}/feedback`).set('authorization', firmA).send({ rating: 'satisfied' }), 409, 'APPEAL.INVALID_STATE');
    await refused(() => t.http.post(`${V1}/appeals/${id}/close`).set('authorization', who.supervisor).send({ reason: '企业长期不回复，经核实问题已解决。' }), 409, 'APPEAL.INVALID_STATE');
    await refused(() => t.http.post(`${V1}/appeals/${id}/answer`).set('authorization', who.zgj).send({ kind: 'resolved', text: '未交办就答复。' }), 404, 'APPEAL.NOT_FOUND');
    await refused(() => t.http.post(`${V1}/appeals/${id}/answer-on-spot`).set('authorization', otherOfficer).send({ text: '不是我的企业' }), 404, 'APPEAL.NOT_FOUND');
    await refused(() => t.http.post(`${V1}/appeals/${id}/assign`).set('authorization', firmA).send({ leadDepartment: 'zgj' }), 403, 'AUTH.FORBIDDEN');
    await refused(() => t.http.post(`${V1}/appeals/${id}/assign`).set('authorization', who.supervisor).send({ leadDepartment: 'nosuch' }), 400, 'APPEAL.DEPARTMENT_INVALID');
    await refused(() => t.http.post(`${V1}/appeals/${id}/assign`).set('authorization', who.supervisor).send({ leadDepartment: 'zgj; DROP TABLE' }), 400, 'VALIDATION.FAILED');

    await t.http.post(`${V1}/appeals/${id}/assign`).set('authorization', who.supervisor).send({ leadDepartment: 'zgj', coDepartments: ['fgw'] }).expect(200);
    await refused(() => t.http.post(`${V1}/appeals/${id}/answer`).set('authorization', who.jrj).send({ kind: 'resolved', text: '别的部门来答复。' }), 404, 'APPEAL.NOT_FOUND');
    await refused(() => t.http.post(`${V1}/appeals/${id}/answer`).set('authorization', who.fgw).send({ kind: 'resolved', text: '协办单位来答复。' }), 403, 'APPEAL.NOT_LEAD');
    await refused(() => t.http.post(`${V1}/appeals/${id}/answer`).set('authorization', who.zgj).send({ kind: 'resolved', text: '未签收就答复。' }), 409, 'APPEAL.INVALID_STATE');
    await refused(() => t.http.post(`${V1}/appeals/${id}/answer`).set('authorization', who.zgj).send({ kind: 'maybe', text: '未知答复方式。' }), 400, 'VALIDATION.FAILED');
    await refused(() => t.http.post(`${V1}/appeals/${id}/redispatch`).set('authorization', who.zgj).send({ to: 'jrj', reason: '不是协办单位' }), 400, 'APPEAL.REDISPATCH_INVALID');
    await t.http.post(`${V1}/appeals/${id}/accept`).set('authorization', who.zgj).send({}).expect(200);
    await t.http.post(`${V1}/appeals/${id}/answer`).set('authorization', who.zgj).send({ kind: 'explained', text: '容积率调整须经市规委会审议，客观上暂难解决，已向企业说明。' }).expect(200);
    await refused(() => t.http.post(`${V1}/appeals/${id}/close`).set('authorization', who.supervisor).send({ reason: '太短了' }), 400, 'APPEAL.CLOSE_REASON_REQUIRED');
    await refused(() => t.http.post(`${V1}/appeals/${id}/close`).set('authorization', who.zgj).send({ reason: '部门想自己销号，理由足够长了。' }), 403, 'AUTH.FORBIDDEN');
    const closed = await t.http.post(`${V1}/appeals/${id}/close`).set('authorization', who.supervisor).send({ reason: '企业多次电话未接，经现场核实规划已按程序上会。' }).expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', closeReason: '企业多次电话未接，经现场核实规划已按程序上会。', rating: null });
    await refused(() => t.http.post(`${V1}/appeals/${id}/feedback`).set('authorization', firmA).send({ rating: 'satisfied' }), 409, 'APPEAL.INVALID_STATE');
    await refused(() => t.http.post(`${V1}/appeals/${id}/attachments`).set('authorization', firmA).attach('file', PDF, '补充.pdf'), 409, 'APPEAL.INVALID_STATE');
    await refused(() => t.http.post(`${V1}/appeals/${id}/withdraw`).set('authorization', firmA).send({}), 409, 'APPEAL.INVALID_STATE');
    // the supervisor's override is documented on the timeline the firm sees
    const tl = (await t.http.get(`${V1}/appeals/${id}/timeline`).set('authorization', firmA).expect(200)).body;
    expect(tl.at(-1)).toMatchObject({ command: 'override_close', commandLabel: '督办销号（说明理由）', actorRoleLabel: '督办人员' });
  });
});
