import { EventBus, OutboxService, Principal } from '@app/core';
import { EventNames, PayoutResultPayload } from '@app/contracts';
import { ENTERPRISE_MIGRATIONS, EnterprisesService, parseEnterpriseRecord } from '@app/enterprises';
import { MatchingService, POLICY_MIGRATIONS } from '@app/policies';
import { APPROVAL_MIGRATIONS, ApprovalOptions, ApprovalsModule, InMemoryMaterialStorage, MATERIAL_STORAGE, PrequalificationService } from '@app/approvals';
import { makeEnterpriseRow } from '../support/factories';
import { settle } from '../support/settle';
import { createTestApp, TestApp } from '../support/test-app';

export const WAN = 1_000_000; // 1万元 in fen
export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%测试材料\n'), Buffer.alloc(2048, 0x20)]);

export interface Actors {
  editor: string;
  reviewer: string;
  otherReviewer: string;
  finance: string;
  admin: string;
}

/** Boots enterprises + policies + approvals over a fresh database, with the workers running and the usual people. */
export async function bootApprovals(options: Partial<ApprovalOptions> = {}, env: Record<string, string> = {}): Promise<{ t: TestApp; who: Actors; storage: InMemoryMaterialStorage }> {
  const storage = new InMemoryMaterialStorage();
  const t = await createTestApp({
    env,
    imports: [ApprovalsModule.forRoot(options, [{ provide: MATERIAL_STORAGE, useValue: storage }])],
    migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS],
  });
  t.app.get(EventBus).consume();
  t.app.get(MatchingService).startWorkers(1);
  t.app.get(PrequalificationService).startWorkers(1);
  const who: Actors = {
    editor: await t.createUser({ username: 'kjj_editor', displayName: '科技局编辑', role: 'dept_editor', departmentCode: 'kjj' }),
    reviewer: await t.createUser({ username: 'kjj_reviewer', displayName: '科技局审核', role: 'dept_reviewer', departmentCode: 'kjj' }),
    otherReviewer: await t.createUser({ username: 'gxj_reviewer', displayName: '工信局审核', role: 'dept_reviewer', departmentCode: 'gxj' }),
    finance: await t.createUser({ username: 'czj_maker', displayName: '财政经办', role: 'finance_maker' }),
    admin: await t.createUser({ username: 'admin', displayName: '管理员', role: 'admin' }),
  };
  return { t, who, storage };
}

/** Loads firms (rows from makeEnterpriseRow overrides) and returns their ids in order. */
export async function loadFirms(t: TestApp, overrides: Array<Record<string, unknown>>): Promise<string[]> {
  const rows = overrides.map((o) => makeEnterpriseRow(o));
  const inputs = rows.map((r) => {
    const p = parseEnterpriseRecord(r);
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    return p.value;
  });
  await t.app.get(EnterprisesService).upsertBatch(inputs, null, 'test', { emitEvents: false });
  const stored: Array<{ id: string; credit_code: string }> = await t.dataSource.query(`SELECT id, credit_code FROM enterprise.enterprises`);
  const byCode = new Map(stored.map((s) => [s.credit_code, s.id]));
  return rows.map((r) => byCode.get(r.creditCode as string)!);
}

let policySerial = 1;

/** Creates a one-item policy through HTTP, has it reviewed and published; returns the item and version ids. */
export async function publishItem(t: TestApp, who: Actors, item: Record<string, unknown>): Promise<{ itemId: string; versionId: string }> {
  const n = policySerial++;
  const body = {
    code: `T-${n}`, title: `郑州市测试政策第${n}号`, docNumber: null, level: 'municipal', category: 'subsidy', tags: [], fullText: '测试',
    effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
    items: [{
      code: `T-${n}-A`, name: `测试事项${n}`, rule: { all: [{ fact: 'tags', operator: 'hasTag', value: 'hitech' }] },
      formula: { kind: 'fixed', amount: 10 * WAN }, mode: 'application', applyFrom: '2026-01-01', applyTo: '2026-12-31', materials: [],
      exclusionGroup: null, clause: null, fundPoolFen: 1000 * WAN, contact: null, effectiveFrom: '2026-01-01', effectiveTo: '2099-12-31',
      ...item,
    }],
  };
  const res = await t.http.post('/api/v1/policies').set('authorization', who.editor).send(body);
  if (res.status !== 201) throw new Error(`create policy: ${res.status} ${JSON.stringify(res.body)}`);
  const itemId = res.body.items[0].id as string;
  await t.http.post(`/api/v1/items/${itemId}/submit`).set('authorization', who.editor).expect(200);
  const pub = await t.http.post(`/api/v1/items/${itemId}/review`).set('authorization', who.reviewer).send({ decision: 'approve' }).expect(200);
  await settle(t.app);
  return { itemId, versionId: pub.body.id as string };
}

/** What the payout center would emit after the bank's answer. */
export async function emitPayoutResult(t: TestApp, applicationId: string, status: PayoutResultPayload['status'], amountFen: number, reason: string | null = null): Promise<void> {
  const name = status === 'settled' ? EventNames.PayoutSettled : status === 'returned' ? EventNames.PayoutReturned : EventNames.PayoutFailed;
  const payload: PayoutResultPayload = { applicationId, instructionId: `PI-${applicationId.slice(0, 8)}`, amountFen, status, reason, at: new Date().toISOString() };
  await t.dataSource.transaction((m) => t.app.get(OutboxService).append(m, { name, aggregateType: 'payout_instruction', aggregateId: payload.instructionId, payload }));
  await settle(t.app);
}

export async function timelineOf(t: TestApp, auth: string, id: string): Promise<Array<{ command: string; toState: string; actorRole: string; comment: string | null }>> {
  return (await t.http.get(`/api/v1/applications/${id}/timeline`).set('authorization', auth).expect(200)).body;
}

export type { Principal };
