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
