import { AuditService, DomainError, Principal } from '@app/core';
import { DEFAULT_APPROVAL_OPTIONS } from '../approval.options';
import { ApplicationRepository } from '../application/application.repository';
import { ApplicationWorkflow } from '../application/application-workflow.service';
import { ApprovalClock } from '../clock';
import { ConfirmationDeadlines } from '../deadline/confirmation-deadlines.service';
import { FirmNotifier } from '../notice/firm-notifier';
import { FundPoolRepository } from '../pool/fund-pool.repository';
import { ReviewRepository } from './review.repository';
import { ReviewService, sample } from './review.service';

/** The review desk's decisions on in-memory stand-ins (the SQL: the approvals integration suites). */
const ITEM = '0190a000-0000-7000-8000-0000000000a1';
const reviewer: Principal = { id: 'u-rev', username: 'kjj_reviewer', displayName: '审核', role: 'dept_reviewer', departmentCode: 'kjj', enterpriseId: null };
const editor: Principal = { ...reviewer, id: 'u-ed', role: 'dept_editor' };

function setup(candidates = [{ id: 'a1', amount: 100_000 }, { id: 'a2', amount: 250_000 }, { id: 'a3', amount: 50_000 }]) {
  const reserved: number[] = [];
  const batches: Array<{ approved: number; amountFen: number; sample: string[] }> = [];
  const transitioned: string[][] = [];
  const reviews = {
    transaction: <T>(work: (m: never) => Promise<T>) => work({} as never),
    itemDepartment: async () => 'kjj',
    candidates: async () => candidates.map((c) => ({ id: c.id, item_version_id: 'v1' })),
    insertBatch: async (_m: unknown, b: { approved: number; amountFen: number; sample: string[] }) => { batches.push(b); },
    byIds: async (_m: unknown, ids: string[]) => ids.map((id) => ({ id, state: 'approved', amount_fen: 0, reserved_fen: 0 })),
  } as unknown as ReviewRepository;
  const repo = {
    transitionMany: async (_m: unknown, ids: string[]) => {
      transitioned.push(ids);
      return ids.map((id) => ({ id, amount_fen: String(candidates.find((c) => c.id === id)!.amount) }));
    },
  } as unknown as ApplicationRepository;
  const workflow = { reserve: async (_m: unknown, _app: unknown, amount: number) => { reserved.push(amount); } } as unknown as ApplicationWorkflow;
  const pools = { get: async () => null } as unknown as FundPoolRepository;
  const audit = { record: async () => undefined } as unknown as AuditService;
  const clock = { now: () => new Date('2026-05-20T02:00:00Z') } as ApprovalClock;
  const deadlines = { announceApproval: async () => undefined } as unknown as ConfirmationDeadlines;
  const service = new ReviewService(reviews, repo, workflow, pools, audit, clock, deadlines, {} as FirmNotifier, { ...DEFAULT_APPROVAL_OPTIONS, spotCheckSize: 2 });
  return { service, reserved, batches, transitioned };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('ReviewService', () => {
  it('approves a batch all at once: one reservation of the total, one batch record with a spot-check sample of the approved', async () => {
    const { service, reserved, batches, transitioned } = setup();
    const r = await service.batchApprove(reviewer, { itemId: ITEM }, null);
    expect(r).toMatchObject({ approved: 3, amountFen: 400_000, amountText: '4,000元' });
    expect(transitioned).toEqual([['a1', 'a2', 'a3']]);
    expect(reserved).toEqual([400_000]);
    expect(batches).toHaveLength(1);
    expect(batches[0].sample).toHaveLength(2);
    expect(r.sample.map((s) => s.id).sort()).toEqual([...batches[0].sample].sort());
  });

  it('refuses another department, an editor, and an empty selection — nothing reserved', async () => {
    const other = setup();
    expect(await code(other.service.batchApprove({ ...reviewer, departmentCode: 'gxj' }, { itemId: ITEM }, null))).toBe('ITEM.NOT_FOUND');
    expect(await code(other.service.batchApprove(editor, { itemId: ITEM }, null))).toBe('ITEM.NOT_FOUND');
    const empty = setup([]);
    expect(await code(empty.service.batchApprove(reviewer, { itemId: ITEM }, null))).toBe('REVIEW.NOTHING_SELECTED');
    expect([...other.reserved, ...empty.reserved]).toEqual([]);
  });

  it('wants a reason to reject or return an application', async () => {
    const { service } = setup();
    expect(await code(service.decide(reviewer, 'a1', 'reject', ' '))).toBe('REVIEW.COMMENT_REQUIRED');
    expect(await code(service.decide(reviewer, 'a1', 'return', null))).toBe('REVIEW.COMMENT_REQUIRED');
  });

  it('samples without replacement, at most the population', () => {
    const s = sample(['a', 'b', 'c', 'd'], 3);
    expect(new Set(s).size).toBe(3);
    expect(sample(['a'], 5)).toEqual(['a']);
  });
});
