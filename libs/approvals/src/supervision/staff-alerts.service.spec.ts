import type { EntityManager } from 'typeorm';
import { DomainError, Principal } from '@app/core';
import type { ApprovalClock } from '../clock';
import type { AlertAudience, ClaimedAlert, StaffAlertInsert, StaffAlertRow, StaffAlertsRepository } from './staff-alerts.repository';
import { NewStaffAlert, StaffAlertsService } from './staff-alerts.service';
import type { StaffAlert, StaffNotifier } from './staff-notifier.port';

/** The alert outbox in memory. */
class MemoryAlerts {
  inserted: Array<{ alerts: StaffAlertInsert[]; at: Date }> = [];
  due: ClaimedAlert[][] = [];
  attempts: Array<{ ids: string[]; outcome: { status: string } | { error: string } }> = [];
  audiences: AlertAudience[] = [];
  readable = new Set<string>();
  async insert(_m: EntityManager, alerts: StaffAlertInsert[], at: Date) {
    this.inserted.push({ alerts, at });
  }
  async claim() {
    return this.due.shift() ?? [];
  }
  async recordAttempt(rows: ClaimedAlert[], outcome: { status: string } | { error: string }) {
    this.attempts.push({ ids: rows.map((r) => r.id), outcome });
    return 'status' in outcome ? { sent: rows.length, retried: 0, failed: 0 } : { sent: 0, retried: rows.length - 1, failed: 1 };
  }
  async page(a: AlertAudience): Promise<{ total: number; rows: StaffAlertRow[] }> {
    this.audiences.push(a);
    return {
      total: 1,
      rows: [{ id: 's1', recipient_role: 'leader', department_code: null, kind: 'escalation', step: 'accept', title: 't', body: 'b', items: 2,
        created_at: new Date('2027-03-01T02:00:00Z'), read_at: null, status: 'sent' }],
    };
  }
  async markRead(id: string, a: AlertAudience) {
    this.audiences.push(a);
    return this.readable.has(id);
  }
}

class Notifier implements StaffNotifier {
  readonly name = 'test';
  sent: StaffAlert[][] = [];
  constructor(private readonly fail = false) {}
  async send(a: StaffAlert[]) {
    if (this.fail) throw new Error('gateway down');
    this.sent.push(a);
  }
}

const NOW = new Date('2027-03-16T02:00:00Z');
const person = (role: Principal['role'], departmentCode: string | null = null): Principal => ({ id: 'u', username: 'u', displayName: 'u', role, departmentCode, enterpriseId: null });
const claimed = (id: string): ClaimedAlert => ({ id, recipient_role: 'dept_reviewer', department_code: 'kjj', kind: 'reminder', step: 'accept', title: 't', body: 'b', items: 1, attempts: 1 });
const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

function setup(fail = false) {
  const repo = new MemoryAlerts();
  const notifier = new Notifier(fail);
  const service = new StaffAlertsService(repo as unknown as StaffAlertsRepository, { now: () => NOW } as ApprovalClock, notifier);
  return { repo, notifier, service };
}

describe('StaffAlertsService.record', () => {
  it('records each alert under a new id at the approval clock\'s time, naming at most 50 applications', async () => {
    const { repo, service } = setup();
    const alert: NewStaffAlert = { recipientRole: 'leader', departmentCode: null, kind: 'escalation', step: 'accept', title: 't', body: 'b', items: 60,
      applicationIds: Array.from({ length: 60 }, (_, i) => `a${i}`) };
    await service.record({} as EntityManager, [alert, { ...alert, recipientRole: 'dept_reviewer', departmentCode: 'kjj' }]);
    await service.record({} as EntityManager, []);
    expect(repo.inserted).toHaveLength(1);
    const [a, b] = repo.inserted[0].alerts;
    expect(repo.inserted[0].at).toEqual(NOW);
    expect(a.applicationIds).toHaveLength(50);
    expect(a.id).not.toBe(b.id);
    expect(b).toMatchObject({ recipientRole: 'dept_reviewer', departmentCode: 'kjj', items: 60 });
  });
});

describe('StaffAlertsService.sendPending', () => {
  it('sends what is claimed through the notifier and marks it sent', async () => {
    const { repo, notifier, service } = setup();
    repo.due.push([claimed('s1'), claimed('s2')]);
    expect(await service.sendPending()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(notifier.sent[0].map((a) => a.id)).toEqual(['s1', 's2']);
    expect(repo.attempts).toEqual([{ ids: ['s1', 's2'], outcome: { status: 'sent' } }]);
  });

  it('records the notifier\'s failure for the retry rules and stops the run', async () => {
    const { repo, service } = setup(true);
    repo.due.push([claimed('s1'), claimed('s2')], [claimed('s3')]);
    expect(await service.sendPending()).toEqual({ sent: 0, retried: 1, failed: 1 });
    expect(repo.attempts).toEqual([{ ids: ['s1', 's2'], outcome: { error: 'gateway down' } }]);
    expect(repo.due).toHaveLength(1);
  });
});

describe('StaffAlertsService: who sees which alerts', () => {
  it('shows an administrator everything, a department reviewer its department\'s, finance and leaders their role\'s', async () => {
    const { repo, service } = setup();
    const page = await service.list(person('admin'), 1, 20);
    await service.list(person('dept_reviewer', 'kjj'), 1, 20, true);
    await service.list(person('leader'), 1, 20);
    await service.list(person('finance_maker', 'cz'), 1, 20);
    expect(repo.audiences).toEqual([
      { everyone: true }, { role: 'dept_reviewer', departmentCode: 'kjj' }, { role: 'leader', departmentCode: null }, { role: 'finance_maker', departmentCode: null },
    ]);
    expect(page.items[0]).toMatchObject({ id: 's1', kindLabel: '超期升级督办', createdAt: '2027-03-01T02:00:00.000Z', readAt: null });
  });

  it('marks read only an alert of the caller\'s; anything else is STAFF_ALERT.NOT_FOUND', async () => {
    const { repo, service } = setup();
    const id = '0190a000-0000-7000-8000-0000000000c1';
    repo.readable.add(id);
    expect(await code(service.markRead(person('leader'), id))).toBe('resolved');
    expect(await code(service.markRead(person('leader'), '0190a000-0000-7000-8000-0000000000c2'))).toBe('STAFF_ALERT.NOT_FOUND');
    expect(await code(service.markRead(person('leader'), 'nope'))).toBe('STAFF_ALERT.NOT_FOUND');
    expect(repo.audiences).toHaveLength(2);
  });
});
