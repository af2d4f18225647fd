import { PrequalificationService } from '@app/approvals';
import { TestApp } from '../support/test-app';
import { Actors, bootApprovals, loadFirms, publishItem, timelineOf } from './approval-fixture';

/** 申报截止: a draft the firm never submitted lapses once the item's application window has closed. */
describe('applications lapse after the application deadline', () => {
  let t: TestApp;
  let who: Actors;

  beforeAll(async () => {
    ({ t, who } = await bootApprovals());
  });
  afterAll(async () => t?.close());

  it('expires drafts past apply_to, keeps submitted ones, and says why on the timeline', async () => {
    const [a, b] = await loadFirms(t, [{ name: '郑州截止测试甲有限公司' }, { name: '郑州截止测试乙有限公司' }]);
    const firmA = await t.createUser({ username: 'deadline_a', displayName: 'a', role: 'enterprise', enterpriseId: a });
    const firmB = await t.createUser({ username: 'deadline_b', displayName: 'b', role: 'enterprise', enterpriseId: b });
    const item = await publishItem(t, who, { name: '截止测试事项', mode: 'instant', materials: [], applyTo: '2026-12-31' });
    const draft = await t.http.post('/api/v1/applications').set('authorization', firmA).send({ itemId: item.itemId }).expect(201);
    const other = await t.http.post('/api/v1/applications').set('authorization', firmB).send({ itemId: item.itemId }).expect(201);
    await t.http.post(`/api/v1/applications/${other.body.id}/commitment`).set('authorization', firmB).send({ textVersion: 'XYCN-2026.1' }).expect(201);
    await t.http.post(`/api/v1/applications/${other.body.id}/submit`).set('authorization', firmB).expect(200);

    const service = t.app.get(PrequalificationService);
    expect(await service.expireOverdue('2026-12-31')).toBe(0); // the last day still counts
    expect(await service.expireOverdue('2027-01-01')).toBe(1);
    expect(await service.expireOverdue('2027-01-01')).toBe(0);

    const lapsed = await t.http.get(`/api/v1/applications/${draft.body.id}`).set('authorization', firmA).expect(200);
    expect(lapsed.body.state).toBe('expired');
    const timeline = await timelineOf(t, firmA, draft.body.id);
    expect(timeline.at(-1)).toMatchObject({ command: 'expire', toState: 'expired' });
    expect((await t.http.get(`/api/v1/applications/${other.body.id}`).set('authorization', firmB).expect(200)).body.state).not.toBe('expired');
  });
});
