import type { EntityManager } from 'typeorm';
import { DomainError, Principal } from '@app/core';
import type { EnterpriseFactsRecord, EnterprisesService } from '@app/enterprises';
import type { ItemVersionRepository, ItemVersionView } from '@app/policies';
import type { ApprovalClock } from '../clock';
import type { ConfirmationDeadlines } from '../deadline/confirmation-deadlines.service';
import type { Screened, ScreeningService } from '../pipeline/screening.service';
import { makeApplicationRow } from '../testing/make-application-row';
import type { ApplicationListFilter, ApplicationRepository, NewApplication, NodeInfo } from './application.repository';
import type { ApplicationCommand } from './application.states';
import type { ApplicationRow } from './application.types';
import type { ApplicationWorkflow } from './application-workflow.service';
import { ApplicationsService } from './applications.service';
import type { InboxAppliedAdapter } from './inbox-applied.adapter';
import type { MaterialsRepository } from './materials.repository';

const ITEM = '0190a000-0000-7000-8000-0000000000b1';
const APP = '0190a000-0000-7000-8000-0000000000a1';
const NOW = new Date('2027-03-16T02:00:00Z');
const firm: Principal = { id: 'u-firm', username: 'f', displayName: '企业', role: 'enterprise', departmentCode: null, enterpriseId: 'e1' };
const reviewer: Principal = { id: 'u-rev', username: 'r', displayName: '审核', role: 'dept_reviewer', departmentCode: 'kjj', enterpriseId: null };
const admin: Principal = { id: 'u-adm', username: 'a', displayName: '管理', role: 'admin', departmentCode: null, enterpriseId: null };

/** 研发费用 ≥ 100万元 → 5万元, open all year. */
const version = (over: Partial<ItemVersionView> = {}): ItemVersionView => ({
  id: 'v1', itemId: ITEM, itemCode: 'I-1', policyId: 'p1', version: 1, status: 'published', ownerDepartment: 'kjj', name: '研发补贴',
  rule: { all: [{ fact: 'rdExpense', operator: 'greaterThanInclusive', value: 100_000_000 }] }, formula: { kind: 'fixed', amount: 5_000_000 },
  mode: 'application', applyFrom: null, applyTo: null, materials: ['营业执照'], exclusionGroup: null, clause: null, fundPoolFen: 0, contact: null,
  effectiveFrom: '2020-01-01', effectiveTo: null, factsUsed: ['rdExpense'], changeNote: null, createdBy: 'a', submittedBy: 'a', reviewedBy: 'b',
  reviewComment: null, publishedAt: null, retiredAt: null, ...over,
}) as ItemVersionView;

function setup(opts: { version?: ItemVersionView; rdExpense?: number; screened?: Screened['reason']; poolExhausted?: boolean } = {}) {
  const rows = new Map<string, ApplicationRow>();
  const inserted: NewApplication[] = [];
  const notes: NodeInfo[] = [];
  const pages: ApplicationListFilter[] = [];
  let duplicate = false;
  const repo = {
    transaction: <T>(work: (m: EntityManager) => Promise<T>) => work({} as EntityManager),
    get: async (id: string) => rows.get(id) ?? null,
    page: async (f: ApplicationListFilter) => { pages.push(f); return { rows: [...rows.values()], total: rows.size }; },
    insertMany: async (_m: unknown, list: NewApplication[]) => {
      if (duplicate) return new Set<string>();
      inserted.push(...list);
      for (const a of list) rows.set(a.id, makeApplicationRow({ id: a.id, state: 'draft', mode: a.mode, amount_fen: a.amountFen }));
      return new Set(list.map((a) => a.id));
    },
    note: async (_m: unknown, _id: string, n: NodeInfo) => { notes.push(n); },
  } as unknown as ApplicationRepository;
  const uploaded = new Set<string>();
  let signed = false;
  const materials = { uploadedNames: async () => uploaded, hasCommitment: async () => signed } as unknown as MaterialsRepository;
  const commands: ApplicationCommand[] = [];
  const next: Partial<Record<ApplicationCommand, ApplicationRow['state']>> = { submit: 'submitted', approve: 'approved', withdraw: 'withdrawn' };
  const workflow = {
    apply: async (_m: unknown, app: ApplicationRow, command: ApplicationCommand, _n: unknown, set: Record<string, unknown> = {}) => {
      if (command === 'approve' && opts.poolExhausted) throw new DomainError('APPROVAL.POOL_EXHAUSTED', '资金池余额不足');
      commands.push(command);
      const row = { ...app, ...set, state: next[command] ?? app.state } as ApplicationRow;
      rows.set(row.id, row);
      return row;
    },
  } as unknown as ApplicationWorkflow;
  const versions = { forItem: async () => [opts.version ?? version()] } as unknown as ItemVersionRepository;
  const facts = { id: 'e1', name: '甲科技有限公司', version: 1, facts: { rdExpense: opts.rdExpense ?? 200_000_000, creditStatus: 'good' } } as unknown as EnterpriseFactsRecord;
  const enterprises = { factsBatch: async () => [facts] } as unknown as EnterprisesService;
  const screening = { screen: async () => [{ firm: facts, reason: opts.screened ?? null }] } as unknown as ScreeningService;
  const applied: string[] = [];
  const inbox = { markApplied: async (_m: unknown, e: string, i: string) => { applied.push(`${e}:${i}`); } } as unknown as InboxAppliedAdapter;
  const announced: string[] = [];
  const deadlines = { announceApproval: async (_m: unknown, apps: ApplicationRow[]) => { announced.push(...apps.map((a) => a.id)); } } as unknown as ConfirmationDeadlines;
  const clock = { now: () => NOW } as ApprovalClock;
  const service = new ApplicationsService(repo, materials, workflow, versions, enterprises, screening, inbox, clock, deadlines);
  return {
    service, rows, inserted, notes, pages, commands, applied, announced, uploaded,
    sign: () => { signed = true; },
    duplicate: () => { duplicate = true; },
  };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('ApplicationsService.list', () => {
  it('scopes a firm to its own applications, a reviewer to its department, and an administrator to none', async () => {
    const t = setup();
    await t.service.list(firm, { state: 'submitted', page: 1, pageSize: 20 });
    await t.service.list(reviewer, { itemId: ITEM, page: 1, pageSize: 20 });
    await t.service.list(admin, { page: 1, pageSize: 20 });
    expect(t.pages).toEqual([
      { enterpriseId: 'e1', departmentCode: undefined, state: 'submitted', itemId: undefined },
      { enterpriseId: undefined, departmentCode: 'kjj', state: undefined, itemId: ITEM },
      { enterpriseId: undefined, departmentCode: undefined, state: undefined, itemId: undefined },
    ]);
  });
});

describe('ApplicationsService.create', () => {
  it('creates a draft with the estimate for an item the firm is eligible for', async () => {
    const t = setup();
    const view = await t.service.create(firm, ITEM);
    expect(view.state).toBe('draft');
    expect(t.inserted).toEqual([expect.objectContaining({ enterpriseId: 'e1', itemId: ITEM, itemVersionId: 'v1', departmentCode: 'kjj', amountFen: 5_000_000, mode: 'application' })]);
  });

  it('refuses 免申即享 items, a closed window, an ineligible firm, a screened-out firm and a second application, creating nothing', async () => {
    expect(await code(setup({ version: version({ mode: 'no_application' }) }).service.create(firm, ITEM))).toBe('APPLICATION.MODE_NOT_APPLICABLE');
    expect(await code(setup({ version: version({ applyTo: '2020-12-31' }) }).service.create(firm, ITEM))).toBe('APPLICATION.WINDOW_CLOSED');
    expect(await code(setup({ version: version({ effectiveTo: '2020-12-31' }) }).service.create(firm, ITEM))).toBe('ITEM.NOT_FOUND');
    const poor = setup({ rdExpense: 1 });
    const err = await poor.service.create(firm, ITEM).catch((e: DomainError) => e);
    expect(err).toMatchObject({ code: 'APPLICATION.NOT_ELIGIBLE' });
    expect(((err as DomainError).details as { reasons: string[] }).reasons).toHaveLength(1);
    expect(await code(setup({ screened: 'dishonest' }).service.create(firm, ITEM))).toBe('APPLICATION.DISHONEST');
    expect(await code(setup({ screened: 'exclusion_group' }).service.create(firm, ITEM))).toBe('APPLICATION.EXCLUSION_CONFLICT');
    const twice = setup();
    twice.duplicate();
    expect(await code(twice.service.create(firm, ITEM))).toBe('APPLICATION.DUPLICATE');
    expect(await code(setup().service.create(reviewer, ITEM))).toBe('AUTH.FORBIDDEN');
    expect(poor.inserted).toEqual([]);
  });
});

describe('ApplicationsService.submit', () => {
  const draft = (t: ReturnType<typeof setup>, over: Partial<ApplicationRow> = {}) => t.rows.set(APP, makeApplicationRow({ id: APP, item_id: ITEM, state: 'draft', ...over }));

  it('requires every listed material and the signed commitment, then submits and marks the inbox entry applied', async () => {
    const t = setup();
    draft(t);
    expect(await code(t.service.submit(firm, APP))).toBe('APPLICATION.MATERIALS_REQUIRED');
    t.uploaded.add('营业执照');
    expect(await code(t.service.submit(firm, APP))).toBe('APPLICATION.COMMITMENT_REQUIRED');
    expect(t.commands).toEqual([]);
    t.sign();
    expect((await t.service.submit(firm, APP)).state).toBe('submitted');
    expect(t.commands).toEqual(['submit']);
    expect(t.applied).toEqual([`e1:${ITEM}`]);
    expect(t.announced).toEqual([]);
  });

  it('approves 即申即享 at once and opens its confirmation; 承诺兑现 needs only the commitment', async () => {
    const instant = setup({ version: version({ mode: 'instant' }) });
    draft(instant, { mode: 'instant' });
    instant.uploaded.add('营业执照');
    instant.sign();
    expect((await instant.service.submit(firm, APP)).state).toBe('approved');
    expect(instant.commands).toEqual(['submit', 'approve']);
    expect(instant.announced).toEqual([APP]);
    const commitment = setup({ version: version({ mode: 'commitment' }) });
    draft(commitment, { mode: 'commitment' });
    commitment.sign();
    expect((await commitment.service.submit(firm, APP)).state).toBe('approved');
  });

  it('leaves a 即申即享 application to a reviewer when the pool cannot carry it', async () => {
    const t = setup({ version: version({ mode: 'instant' }), poolExhausted: true });
    draft(t, { mode: 'instant' });
    t.uploaded.add('营业执照');
    t.sign();
    expect((await t.service.submit(firm, APP)).state).toBe('submitted');
    expect(t.notes).toEqual([expect.objectContaining({ outcome: 'manual_review' })]);
    expect(t.announced).toEqual([]);
  });

  it('submits only a draft or a returned application', async () => {
    const t = setup();
    draft(t, { state: 'submitted' });
    expect(await code(t.service.submit(firm, APP))).toBe('APPLICATION.INVALID_STATE');
  });
});
