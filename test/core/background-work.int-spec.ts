import { APPROVAL_MIGRATIONS, ApprovalsModule } from '@app/approvals';
import { startBackgroundWork } from '@app/core';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { PAYOUT_MIGRATIONS, PayoutsModule } from '@app/payouts';
import { POLICY_MIGRATIONS } from '@app/policies';
import { createTestApp, TestApp } from '../support/test-app';

/** Each lib declares its own background work; a worker process starts what the modules it loaded declare, once each. */
describe('background work, discovered per lib', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      imports: [ApprovalsModule, PayoutsModule],
      migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...PAYOUT_MIGRATIONS],
      env: { DATA_SOURCE_SYNC_SECONDS: '0' }, // the data-source pulls are declared (and counted) but not scheduled here
    });
  });
  afterAll(async () => t?.close());

  it('starts enterprises and policies (imported by approvals), approvals and payouts work once each', () => {
    const started = startBackgroundWork(t.app);
    expect(started.map((name) => name.split(':')[0]).sort()).toEqual(['approvals', 'enterprises', 'payouts', 'policies']);
  });
});
