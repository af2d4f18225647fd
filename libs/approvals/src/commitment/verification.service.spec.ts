import { AuditService, DomainError, loadConfig, Principal } from '@app/core';
import { ApplicationRepository } from '../application/application.repository';
import { ApplicationRow } from '../application/application.types';
import { ApprovalClock } from '../clock';
import { ClawbackService } from '../credit/clawback.service';
import { FirmNotifier } from '../notice/firm-notifier';
import { CalendarRepository } from '../supervision/calendar.repository';
import { WorkingDayCalendar } from '../supervision/working-day-calendar';
import { VerificationRepository, VerificationRow } from './verification.repository';
import { CommitmentVerificationService } from './verification.service';

/** 承诺兑现 verification decisions on an in-memory repository (the SQL: test/approvals/commitment.int-spec.ts). */
const TASK = '0190a000-0000-7000-8000-0000000000f1';
const NOW = new Date('2026-06-01T02:00:00Z'); // Monday
const reviewer: Principal = { id: 'u-rev', username: 'kjj_reviewer', displayName: '审核', role: 'dept_reviewer', departmentCode: 'kjj', enterpriseId: null };
const otherDept: Principal = { ...reviewer, id: 'u-gxj', departmentCode: 'gxj' };

const app = (extra: Partial<ApplicationRow> = {}) => ({
  id: 'a1', mode: 'commitment', state: 'paid', enterprise_id: 'e1', item_id: 'i1', item_name: '研发补贴', department_code: 'kjj', reserved_fen: 500_000,
  paid_at: new Date('2026-06-01T01:00:00Z'), version: 7, ...extra,
}) as unknown as ApplicationRow;

function setup(status: 'pending' | 'passed' = 'pending') {
  const tasks = new Map<string, { applicationId: string; status: string; clawbackId?: string; dueOn?: string }>([[TASK, { applicationId: 'a1', status }]]);
  const credit: unknown[] = [];
  const notes: string[] = [];
  const verifications = {
    transaction: <T>(work: (m: never) => Promise<T>) => work({} as never),
    insertOnce: async (_m: unknown, t: { applicationId: string; dueOn: string }) => {
      if ([...tasks.values()].some((x) => x.applicationId === t.applicationId && x.dueOn)) return false;
      tasks.set(`new-${t.applicationId}`, { applicationId: t.applicationId, status: 'pending', dueOn: t.dueOn });
      return true;
    },
    applicationOf: async (_m: unknown, id: string) => tasks.get(id)?.applicationId ?? null,
    decide: async (_m: unknown, id: string, d: { status: string }) => {
      const t = tasks.get(id)!;
      if (t.status !== 'pending') return false;
      t.status = d.status;
      return true;
    },
    linkClawback: async (_m: unknown, id: string, clawbackId: string) => { tasks.get(id)!.clawbackId = clawbackId; },
    insertCreditRecord: async (_m: unknown, r: unknown) => { credit.push(r); },
    view: async (_m: unknown, id: string): Promise<VerificationRow> => ({
      id, application_id: 'a1', enterprise_name: '甲公司', item_name: '研发补贴', department_code: 'kjj', amount_fen: 500_000, status: tasks.get(id)!.status as VerificationRow['status'],
      due_on: '2026-06-15', created_at: NOW, decided_at: NOW, comment: null, clawback_id: tasks.get(id)!.clawbackId ?? null,
    }),
  } as unknown as VerificationRepository;
  const applications = { get: async () => app(), note: async (_m: unknown, _id: string, n: { comment: string }) => { notes.push(n.comment); } } as unknown as ApplicationRepository;
  const calendar = { calendar: async () => new WorkingDayCalendar() } as unknown as CalendarRepository;
  const clawbacks = { openIn: async () => ({ id: 'c1', amountFen: 500_000, barUntil: '2027-06-01' }) } as unknown as ClawbackService;
  const notifier = { notify: async () => undefined } as unknown as FirmNotifier;
  const audit = { record: async () => undefined } as unknown as AuditService;
  const clock = { now: () => NOW } as ApprovalClock;
  const config = loadConfig({ COMMITMENT_VERIFY_WORKING_DAYS: '10' });
  const service = new CommitmentVerificationService(verifications, applications, calendar, clawbacks, notifier, audit, clock, config);
  return { service, tasks, credit, notes };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('CommitmentVerificationService', () => {
  it('opens one task when a 承诺兑现 application is paid, due N working days after the payment day, and none for other modes', async () => {
    const { service, tasks, notes } = setup();
    await service.openOnPaid({} as never, app());
    await service.openOnPaid({} as never, app());
    await service.openOnPaid({} as never, app({ id: 'a2', mode: 'application' } as Partial<ApplicationRow>));
    const opened = [...tasks.values()].filter((t) => t.dueOn);
    expect(opened).toEqual([{ applicationId: 'a1', status: 'pending', dueOn: '2026-06-15' }]);
    expect(notes).toEqual([expect.stringContaining('2026-06-15 前核查')]);
  });

  it('a failed verification opens a clawback and writes a credit record; a passed one writes neither', async () => {
    const failed = setup();
    const view = await failed.service.decide(reviewer, TASK, { result: 'failed', comment: '研发人员数量与承诺不符' });
    expect(view).toMatchObject({ status: 'failed', clawbackId: 'c1', clawback: { id: 'c1' } });
    expect(failed.credit).toEqual([expect.objectContaining({ enterpriseId: 'e1', reason: '「研发补贴」信用承诺不实：研发人员数量与承诺不符' })]);
    const passed = setup();
    expect(await passed.service.decide(reviewer, TASK, { result: 'passed', comment: '核查属实' })).toMatchObject({ status: 'passed', clawback: null });
    expect(passed.credit).toEqual([]);
  });

  it('refuses a missing comment, an unknown task, another department and a task already decided', async () => {
    const { service, credit } = setup('passed');
    expect(await code(service.decide(reviewer, TASK, { result: 'failed', comment: '  ' }))).toBe('VERIFICATION.COMMENT_REQUIRED');
    expect(await code(service.decide(reviewer, 'nope', { result: 'failed', comment: 'x' }))).toBe('VERIFICATION.NOT_FOUND');
    expect(await code(service.decide(otherDept, TASK, { result: 'failed', comment: 'x' }))).toBe('APPLICATION.NOT_FOUND');
    expect(await code(service.decide(reviewer, TASK, { result: 'failed', comment: 'x' }))).toBe('VERIFICATION.INVALID_STATE');
    expect(credit).toEqual([]);
  });
});
