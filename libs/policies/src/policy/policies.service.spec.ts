import { AuditService, DomainError, OutboxService, Principal } from '@app/core';
import { ItemVersionRepository } from '../item/item-version.repository';
import { PoliciesService } from './policies.service';
import { PolicyRepository } from './policy.repository';
import { ItemVersionView } from './policy.types';

/** The review rules of policy items on in-memory stand-ins (the SQL: test/policies/policy-lifecycle.int-spec.ts). */
const ITEM = '0190a000-0000-7000-8000-0000000000b1';
const editor: Principal = { id: 'u-ed', username: 'kjj_editor', displayName: '编辑', role: 'dept_editor', departmentCode: 'kjj', enterpriseId: null };
const reviewer: Principal = { id: 'u-rev', username: 'kjj_reviewer', displayName: '审核', role: 'dept_reviewer', departmentCode: 'kjj', enterpriseId: null };
const otherReviewer: Principal = { ...reviewer, id: 'u-gxj', departmentCode: 'gxj' };

const version = (id: string, v: number, status: ItemVersionView['status'], extra: Partial<ItemVersionView> = {}) =>
  ({ id, itemId: ITEM, version: v, status, createdBy: 'u-ed', submittedBy: status === 'in_review' ? 'u-ed' : null, mode: 'application', ...extra }) as ItemVersionView;

function setup(versions: ItemVersionView[]) {
  const events: Array<{ name: string; payload: unknown }> = [];
  const transitions: string[] = [];
  const policies = {
    transaction: <T>(work: (m: never) => Promise<T>) => work({} as never),
    lockItem: async () => ({ id: ITEM, owner_department: 'kjj', latest_version: versions.length }),
  } as unknown as PolicyRepository;
  const repo = {
    forItem: async () => versions,
    byId: async (id: string) => versions.find((v) => v.id === id) ?? null,
    transition: async (_m: unknown, id: string, from: string, to: string) => {
      const v = versions.find((x) => x.id === id && x.status === from);
      if (!v) return false;
      transitions.push(`${v.version}:${from}→${to}`);
      v.status = to as ItemVersionView['status'];
      return true;
    },
  } as unknown as ItemVersionRepository;
  const outbox = { append: async (_m: unknown, e: { name: string; payload: unknown }) => { events.push(e); } } as unknown as OutboxService;
  const audit = { record: async () => undefined } as unknown as AuditService;
  return { service: new PoliciesService(policies, repo, outbox, audit), events, transitions };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('PoliciesService review', () => {
  it('publishing supersedes the published version and announces the new one (policy.item.published)', async () => {
    const { service, events, transitions } = setup([version('v2', 2, 'in_review'), version('v1', 1, 'published')]);
    await service.review(reviewer, ITEM, 'approve', '同意');
    expect(transitions).toEqual(['1:published→superseded', '2:in_review→published']);
    expect(events).toEqual([{ name: 'policy.item.published', aggregateType: 'item', aggregateId: ITEM, payload: { itemId: ITEM, itemVersionId: 'v2', previousVersionId: 'v1', mode: 'application' } }]);
  });

  it('a returned draft goes back to draft and announces nothing', async () => {
    const { service, events, transitions } = setup([version('v1', 1, 'in_review')]);
    await service.review(reviewer, ITEM, 'reject', '补充条款');
    expect(transitions).toEqual(['1:in_review→draft']);
    expect(events).toEqual([]);
  });

  it('nobody reviews what they edited or submitted, another department\'s item is not found, and there must be a version in review', async () => {
    expect(await code(setup([version('v1', 1, 'in_review')]).service.review({ ...reviewer, id: 'u-ed' }, ITEM, 'approve', null))).toBe('ITEM.SAME_PERSON');
    expect(await code(setup([version('v1', 1, 'in_review')]).service.review(otherReviewer, ITEM, 'approve', null))).toBe('ITEM.NOT_FOUND');
    expect(await code(setup([version('v1', 1, 'published')]).service.review(reviewer, ITEM, 'approve', null))).toBe('ITEM.INVALID_STATE');
    expect(await code(setup([version('v1', 1, 'published')]).service.review(reviewer, 'not-a-uuid', 'approve', null))).toBe('ITEM.NOT_FOUND');
  });

  it('a version in review cannot be edited, and only a draft can be submitted', async () => {
    expect(await code(setup([version('v1', 1, 'in_review')]).service.editItem(editor, ITEM, { name: '新名称' }, null))).toBe('ITEM.INVALID_STATE');
    expect(await code(setup([version('v1', 1, 'published')]).service.submit(editor, ITEM))).toBe('ITEM.INVALID_STATE');
  });

  it('an administrator creating a policy names its department', async () => {
    const { service } = setup([]);
    const admin: Principal = { ...editor, role: 'admin', departmentCode: null };
    expect(await code(service.createPolicy(admin, { code: 'P1' } as never))).toBe('POLICY.INVALID_DEPARTMENT');
  });
});

describe('PoliciesService: editing a policy\'s information (政策信息)', () => {
  const POLICY = '0190a000-0000-7000-8000-0000000000a1';
  const row = (extra: Record<string, unknown> = {}) => ({
    id: POLICY, code: 'KJ-1', title: '郑州市支持企业研发投入若干措施', doc_number: '郑科〔2026〕1号', owner_department: 'kjj', level: 'municipal',
    category: 'subsidy', tags: ['研发'], source_url: null, full_text: '原文', publish_date: '2026-01-01', effective_from: '2026-01-01',
    effective_to: '2028-12-31', is_demo: false, interpretation: null, faq: [], revision: 3, updated_at: '2026-02-01T00:00:00.000Z', ...extra,
  });

  function setupPolicy(published: Array<Partial<ItemVersionView>> = []) {
    const state = { row: row() as Record<string, unknown>, writes: [] as Array<{ revision: number; info: Record<string, unknown> }>, events: [] as Array<{ name: string; payload: unknown }>, audits: [] as unknown[] };
    const policies = {
      db: {},
      transaction: <T>(work: (m: never) => Promise<T>) => work({} as never),
      get: async () => ({ ...state.row }),
      itemsOf: async () => [],
      updateInfo: async (_m: unknown, _id: string, revision: number, info: Record<string, unknown>) => {
        if (revision !== state.row.revision) return null;
        state.writes.push({ revision, info });
        state.row = { ...state.row, title: info.title, effective_from: info.effectiveFrom, effective_to: info.effectiveTo, revision: revision + 1 };
        return revision + 1;
      },
    } as unknown as PolicyRepository;
    const versions = { find: async () => published, forItem: async () => [] } as unknown as ItemVersionRepository;
    const outbox = { append: async (_m: unknown, e: { name: string; payload: unknown }) => { state.events.push(e); } } as unknown as OutboxService;
    const audit = { record: async (e: unknown) => { state.audits.push(e); } } as unknown as AuditService;
    return { service: new PoliciesService(policies, versions, outbox, audit), state };
  }

  it('writes only what changed at the next revision, announces it (policy.updated) and audits the changed fields before and after with the reason', async () => {
    const { service, state } = setupPolicy();
    const view = await service.updatePolicy(editor, POLICY, { changes: { title: '郑州市支持企业研发投入若干措施（修订）', tags: ['研发'], docNumber: '' }, reason: '更正标题与文号', revision: 3 });
    expect(view.revision).toBe(4);
    expect(state.writes[0].info).toMatchObject({ title: '郑州市支持企业研发投入若干措施（修订）', docNumber: null, tags: ['研发'], effectiveTo: '2028-12-31' });
    expect(state.events).toEqual([{ name: 'policy.updated', aggregateType: 'policy', aggregateId: POLICY, payload: { policyId: POLICY, revision: 4, fields: ['title', 'docNumber'] } }]);
    expect(state.audits).toEqual([expect.objectContaining({
      action: 'policy.update', before: { title: '郑州市支持企业研发投入若干措施', docNumber: '郑科〔2026〕1号' },
      after: { title: '郑州市支持企业研发投入若干措施（修订）', docNumber: null },
      details: { reason: '更正标题与文号', revision: 4, changes: [
        { field: 'title', before: '郑州市支持企业研发投入若干措施', after: '郑州市支持企业研发投入若干措施（修订）' },
        { field: 'docNumber', before: '郑科〔2026〕1号', after: null },
      ] },
    })]);
  });

  it('refuses a stale revision, an edit that changes nothing, unknown or fixed fields, a missing reason and invalid values — writing nothing', async () => {
    const { service, state } = setupPolicy();
    const edit = (changes: Record<string, unknown>, revision = 3, reason = '修改') => code(service.updatePolicy(editor, POLICY, { changes, reason, revision }));
    expect(await edit({ title: '新的政策标题' }, 2)).toBe('POLICY.STALE_REVISION');
    expect(await edit({ title: '郑州市支持企业研发投入若干措施', tags: ['研发'] })).toBe('POLICY.NO_CHANGES');
    expect(await edit({ code: 'KJ-2' })).toBe('POLICY.UNKNOWN_FIELD');
    expect(await edit({ ownerDepartment: 'gxj' })).toBe('POLICY.UNKNOWN_FIELD');
    expect(await edit({ title: '新的政策标题' }, 3, ' ')).toBe('POLICY.INVALID_REASON');
    expect(await edit({ effectiveTo: '2025-12-31' })).toBe('POLICY.INVALID');
    expect(await edit({ effectiveFrom: '2026-02-30' })).toBe('POLICY.INVALID');
    expect(await edit({ title: null })).toBe('POLICY.INVALID');
    expect(await edit({ tags: null })).toBe('POLICY.INVALID');
    expect(await edit({ faq: [{ question: '问题', answer: '' }] })).toBe('POLICY.INVALID');
    expect(await code(service.updatePolicy(otherReviewer, POLICY, { changes: { title: '新的政策标题' }, reason: '越权', revision: 3 }))).toBe('POLICY.NOT_FOUND');
    expect(state.writes).toEqual([]);
    expect(state.events).toEqual([]);
  });

  it('reports problems at the changed field, under /changes', async () => {
    const { service } = setupPolicy();
    const err = await service.updatePolicy(editor, POLICY, { changes: { effectiveTo: '2025-12-31', sourceUrl: 'ftp://x' }, reason: '修改', revision: 3 }).catch((e: DomainError) => e);
    expect((err as DomainError).details).toEqual({ errors: [
      expect.objectContaining({ pointer: '/changes/effectiveTo', code: 'POLICY.INVALID_WINDOW' }),
      expect.objectContaining({ pointer: '/changes/sourceUrl', code: 'POLICY.INVALID_URL' }),
    ] });
  });

  it('refuses a new effective window that no longer covers a published item\'s own window, naming the items', async () => {
    const item = { itemId: 'i1', itemCode: 'KJ-RD', name: '研发费用补助', effectiveFrom: '2026-01-01', effectiveTo: '2028-12-31' };
    const { service, state } = setupPolicy([item]);
    const err = await service.updatePolicy(editor, POLICY, { changes: { effectiveTo: '2027-12-31' }, reason: '缩短有效期', revision: 3 }).catch((e: DomainError) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('POLICY.WINDOW_EXCLUDES_ITEMS');
    expect((err as DomainError).details).toMatchObject({ items: [{ itemCode: 'KJ-RD', effectiveTo: '2028-12-31' }] });
    expect(await code(service.updatePolicy(editor, POLICY, { changes: { effectiveFrom: '2026-06-01' }, reason: '推迟生效', revision: 3 }))).toBe('POLICY.WINDOW_EXCLUDES_ITEMS');
    expect(state.writes).toEqual([]);
    // widening the window is fine
    expect((await service.updatePolicy(editor, POLICY, { changes: { effectiveTo: '2030-12-31' }, reason: '延长有效期', revision: 3 })).revision).toBe(4);
  });
});
