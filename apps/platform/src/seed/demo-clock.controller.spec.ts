import { AppealClock } from '@app/appeals';
import { ApprovalClock } from '@app/approvals';
import { AppConfig, AuditService, loadConfig, Principal } from '@app/core';
import { PayoutClock } from '@app/payouts';
import { DemoClockController } from './demo-clock.controller';

const admin: Principal = { id: 'u0', username: 'admin', displayName: '管理员', role: 'admin', departmentCode: null, enterpriseId: null };
const DAY = 86_400_000;

describe('demo clock', () => {
  function make(seedDemo: boolean) {
    const approvals = new ApprovalClock();
    const appeals = new AppealClock();
    const recorded: unknown[] = [];
    const audit = { record: async (e: unknown) => void recorded.push(e) } as unknown as AuditService;
    const c = new DemoClockController({ ...loadConfig({}), seedDemo } as AppConfig, approvals, appeals, new PayoutClock(), audit);
    return { c, approvals, appeals, recorded };
  }

  it('moves the approval and appeals clocks forward together in the demo mode, audited', async () => {
    const { c, approvals, appeals, recorded } = make(true);
    const before = Date.now();
    const r = await c.advance(admin, { days: 8 });
    expect(r.enabled).toBe(true);
    expect(approvals.now().getTime() - before).toBeGreaterThanOrEqual(8 * DAY);
    expect(approvals.now().getTime() - before).toBeLessThan(9 * DAY);
    expect(Math.abs(appeals.now().getTime() - approvals.now().getTime())).toBeLessThan(60_000);
    expect(recorded).toEqual([expect.objectContaining({ action: 'demo.clock_advance', after: expect.objectContaining({ days: 8 }) })]);
  });

  it('refuses outside the demo mode and leaves the clocks alone', async () => {
    const { c, approvals, recorded } = make(false);
    await expect(c.advance(admin, { days: 8 })).rejects.toMatchObject({ code: 'DEMO.DISABLED' });
    expect(Math.abs(approvals.now().getTime() - Date.now())).toBeLessThan(60_000);
    expect(recorded).toEqual([]);
    expect(c.read().enabled).toBe(false);
  });
});
