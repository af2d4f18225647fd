import type { EntityManager } from 'typeorm';
import { AuditService, DomainError, Principal } from '@app/core';
import { DEFAULT_APPROVAL_OPTIONS } from '../approval.options';
import type { ApplicationRepository, NodeInfo } from '../application/application.repository';
import type { ApplicationRow } from '../application/application.types';
import type { ApprovalClock } from '../clock';
import { makeApplicationRow } from '../testing/make-application-row';
import type { ClawbackRepository, ClawbackRow, NewClawback } from './clawback.repository';
import { ClawbackService } from './clawback.service';

/** approval.clawbacks in memory: one per application; recovery guarded like the UPDATE … WHERE. */
class MemoryClawbacks {
  rows = new Map<string, ClawbackRow>();
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work({} as EntityManager);
  }
  async insert(_m: EntityManager, c: NewClawback) {
    if ([...this.rows.values()].some((r) => r.application_id === c.applicationId)) return null;
    const row: ClawbackRow = { id: c.id, application_id: c.applicationId, amount_fen: c.amountFen, recovered_fen: 0, status: 'pending', reason: c.reason,
      bar_until: c.barUntil, created_at: new Date('2027-03-16T02:00:00Z') };
    this.rows.set(c.id, row);
    return row;
  }
  async find(_m: EntityManager, id: string) {
    return this.rows.get(id) ?? null;
  }
  async addRecovered(_m: EntityManager, id: string, fen: number) {
    const r = this.rows.get(id)!;
    const after = Number(r.recovered_fen) + fen;
    if (r.status !== 'pending' || after > Number(r.amount_fen)) return null;
    Object.assign(r, { recovered_fen: after, status: after >= Number(r.amount_fen) ? 'recovered' : 'pending' });
    return r;
  }
}

const APP = '0190a000-0000-7000-8000-0000000000a1';
const reviewer = (departmentCode = 'kjj'): Principal => ({ id: 'u-rev', username: 'r', displayName: '审核', role: 'dept_reviewer', departmentCode, enterpriseId: null });
const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

function setup(app: Partial<ApplicationRow> = {}) {
  const clawbacks = new MemoryClawbacks();
  const apps = new Map([[APP, makeApplicationRow({ id: APP, state: 'paid', reserved_fen: 500_000, ...app })]]);
  const notes: NodeInfo[] = [];
  const repo = { get: async (id: string) => apps.get(id) ?? null, note: async (_m: unknown, _id: string, n: NodeInfo) => { notes.push(n); } } as unknown as ApplicationRepository;
  const audits: unknown[] = [];
  const audit = { record: async (e: unknown) => { audits.push(e); } } as unknown as AuditService;
  const clock = { now: () => new Date('2027-03-16T02:00:00Z') } as ApprovalClock;
  const service = new ClawbackService(clawbacks as unknown as ClawbackRepository, repo, clock, audit, { ...DEFAULT_APPROVAL_OPTIONS, clawbackBarDays: 365 });
  return { service, clawbacks, notes, audits };
}

describe('ClawbackService.open', () => {
  it('records the paid amount to recover and bars the firm for the configured days from today (China)', async () => {
    const { service, notes, audits } = setup();
    const view = await service.open(reviewer(), APP, { reason: '不符合条件' });
    expect(view).toMatchObject({ applicationId: APP, amountFen: 500_000, recoveredFen: 0, status: 'pending', barUntil: '2028-03-15' });
    expect(notes[0]).toMatchObject({ outcome: 'clawback' });
    expect(audits).toHaveLength(1);
    expect(await code(service.open(reviewer(), APP, { reason: '再次' }))).toBe('CLAWBACK.ALREADY_EXISTS');
  });

  it('refuses an application not paid, an amount of nothing or above what was paid, and another department\'s reviewer', async () => {
    expect(await code(setup({ state: 'approved' }).service.open(reviewer(), APP, { reason: 'x' }))).toBe('CLAWBACK.INVALID_STATE');
    const t = setup();
    expect(await code(t.service.open(reviewer(), APP, { reason: 'x', amountFen: 0 }))).toBe('CLAWBACK.INVALID_AMOUNT');
    expect(await code(t.service.open(reviewer(), APP, { reason: 'x', amountFen: 500_001 }))).toBe('CLAWBACK.INVALID_AMOUNT');
    expect(await code(t.service.open(reviewer('gxj'), APP, { reason: 'x' }))).not.toBe('resolved');
    expect(t.clawbacks.rows.size).toBe(0);
  });
});

describe('ClawbackService.recover', () => {
  it('adds what came back until all of it has, then refuses more', async () => {
    const { service } = setup();
    const { id } = await service.open(reviewer(), APP, { reason: 'x', amountFen: 300_000 });
    expect(await service.recover(reviewer(), id, 100_000)).toMatchObject({ recoveredFen: 100_000, status: 'pending' });
    expect(await code(service.recover(reviewer(), id, 300_000))).toBe('CLAWBACK.INVALID_AMOUNT');
    expect(await service.recover(reviewer(), id, 200_000)).toMatchObject({ recoveredFen: 300_000, status: 'recovered' });
    expect(await code(service.recover(reviewer(), id, 1))).toBe('CLAWBACK.INVALID_AMOUNT');
  });

  it('answers CLAWBACK.NOT_FOUND for an unknown or malformed id', async () => {
    const { service } = setup();
    expect(await code(service.recover(reviewer(), 'nope', 1))).toBe('CLAWBACK.NOT_FOUND');
    expect(await code(service.recover(reviewer(), '0190a000-0000-7000-8000-0000000000ff', 1))).toBe('CLAWBACK.NOT_FOUND');
  });
});
