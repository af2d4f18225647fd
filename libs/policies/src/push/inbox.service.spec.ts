import { DomainError, Principal } from '@app/core';
import { EnterprisesService, TagsService } from '@app/enterprises';
import { InboxRepository, InboxRow, MyPolicyRow } from './inbox.repository';
import { attainableSum, InboxService, MyPolicy } from './inbox.service';

/** The inbox's decisions on an in-memory repository (the SQL: the policies and journey integration suites). */
const firm: Principal = { id: 'u1', username: 'firm1', displayName: '企业', role: 'enterprise', departmentCode: null, enterpriseId: 'e1' };
const editor: Principal = { id: 'u2', username: 'gxj_editor', displayName: '编辑', role: 'dept_editor', departmentCode: 'gxj', enterpriseId: null };

const row = (itemId: string, estimate: number, group: string | null = null, outcome: 'eligible' | 'near_miss' = 'eligible'): MyPolicyRow => ({
  item_id: itemId, item_version_id: `${itemId}-v1`, name: `事项${itemId}`, policy_id: 'p1', title: '研发补助办法', owner_department: 'kjj', mode: 'application',
  outcome, estimate_fen: String(estimate), apply_to: '2026-12-31', lacking: null, exclusion_group: group, facts_digest: 'd', matched_at: new Date('2026-05-01T00:00:00Z'),
});

function setup() {
  let stamp = '2:100';
  let loads = 0;
  let rows = [row('a', 300_000, 'rd'), row('b', 500_000, 'rd'), row('c', 100_000), row('d', 0, null, 'near_miss')];
  const inboxRows: InboxRow[] = [
    { id: 'v1', kind: 'eligible', itemId: 'a', itemVersionId: 'v1', title: '研发费用后补助', estimateFen: '20000000', createdAt: new Date(), readAt: null, statusText: null, statusAt: null,
      body: null, noticeKind: null, applicationId: null },
    { id: 'n1', kind: 'notice', itemId: 'a', itemVersionId: null, title: '请确认账户', estimateFen: null, createdAt: new Date(), readAt: null, statusText: null, statusAt: null,
      body: '请于 2026-06-10 前确认收款账户', noticeKind: 'confirm', applicationId: 'app1' },
  ];
  const repo = {
    listStamp: async () => stamp,
    myPolicies: async () => { loads += 1; return rows; },
    inbox: async () => ({ rows: inboxRows, total: 2 }),
    mark: async (_e: string, id: string) => id === '0190a000-0000-7000-8000-000000000001',
    policyDepartment: async () => 'kjj',
    policyStats: async () => [],
  } as unknown as InboxRepository;
  const service = new InboxService(repo, {} as TagsService, {} as EnterprisesService);
  return { service, loads: () => loads, setStamp: (s: string) => (stamp = s), setRows: (r: MyPolicyRow[]) => (rows = r) };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('InboxService', () => {
  it('counts an exclusion group (不重复享受) once, with its largest estimate', () => {
    const items = [{ estimateFen: 300, exclusionGroup: 'rd' }, { estimateFen: 500, exclusionGroup: 'rd' }, { estimateFen: 100, exclusionGroup: null }] as MyPolicy[];
    expect(attainableSum(items)).toBe(600);
  });

  it('builds my policies once per change of the firm\'s stamp, and pages both lists', async () => {
    const t = setup();
    const first = await t.service.myPolicies(firm, 'amount', 1, 2);
    expect(first.totals).toMatchObject({ eligible: 3, nearMisses: 1, estimateFen: 600_000, estimateText: '6,000元' });
    expect(first.eligible.map((x) => x.itemId)).toEqual(['a', 'b']);
    await t.service.myPolicies(firm, 'amount', 2, 2);
    expect(t.loads()).toBe(1);
    t.setRows([row('c', 100_000)]);
    t.setStamp('1:50');
    expect((await t.service.myPolicies(firm, 'amount')).totals.eligible).toBe(1);
    expect(t.loads()).toBe(2);
  });

  it('renders a pushed policy\'s message from its estimate; a notice keeps its own text', async () => {
    const { service } = setup();
    const page = await service.inbox(firm, 1, 20);
    expect(page.items[0]).toMatchObject({ kind: 'eligible', body: '您的企业符合“研发费用后补助”的申报条件，预计可享受：20万元' });
    expect(page.items[1]).toMatchObject({ kind: 'notice', estimateFen: null, body: '请于 2026-06-10 前确认收款账户', noticeKind: 'confirm', applicationId: 'app1' });
  });

  it('answers only to firms, and INBOX.NOT_FOUND for an entry that is not theirs', async () => {
    const { service } = setup();
    expect(await code(service.inbox(editor, 1, 20))).toBe('AUTH.FORBIDDEN');
    expect(await code(service.mark(firm, 'not-a-uuid', 'read'))).toBe('INBOX.NOT_FOUND');
    expect(await code(service.mark(firm, '0190a000-0000-7000-8000-000000000002', 'read'))).toBe('INBOX.NOT_FOUND');
    expect(await code(service.mark(firm, '0190a000-0000-7000-8000-000000000001', 'dismissed'))).toBe('resolved');
    expect(await code(service.myPolicy(firm, 'not-a-uuid'))).toBe('MY_POLICY.NOT_FOUND');
  });

  it('shows a policy\'s push statistics to its own department only', async () => {
    const { service } = setup();
    expect(await code(service.policyStats(editor, '0190a000-0000-7000-8000-000000000003'))).toBe('POLICY.NOT_FOUND');
    expect(await code(service.policyStats({ ...editor, departmentCode: 'kjj' }, '0190a000-0000-7000-8000-000000000003'))).toBe('resolved');
    expect(await code(service.policyStats({ ...editor, departmentCode: 'kjj' }, 'nope'))).toBe('POLICY.NOT_FOUND');
  });
});
