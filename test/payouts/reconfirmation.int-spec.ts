import { appendReadyEvents, makeReadyPayload } from './support/payout-factories';
import { createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';
import { settle } from '../support/settle';

/**
 * After a failed or returned payment the firm confirms again (the approval center emits a second
 * application.ready_for_payout for the same application): a failed one gets a fresh instruction,
 * a returned one a reissue drawing on the returned funds; a live instruction is never doubled.
 */
describe('payout after the firm confirms again', () => {
  let t: PayoutTestApp;

  beforeAll(async () => {
    t = await createPayoutTestApp();
    t.startWorkers();
  });
  afterAll(async () => t?.close());

  const moveTo = async (applicationId: string, path: string[]) => {
    for (const status of path) {
      await t.dataSource.query(`UPDATE payout.instructions SET status = $2 WHERE application_id = $1 AND status <> $2 AND reissue_of IS NULL`, [applicationId, status]);
    }
  };
  const instructionsOf = (applicationId: string) =>
    t.dataSource.query(`SELECT status, reissue_of IS NOT NULL AS reissue, payee_account_masked AS masked FROM payout.instructions WHERE application_id = $1 ORDER BY created_at, id`, [applicationId]);

  it('a second event for a live instruction creates nothing', async () => {
    const p = makeReadyPayload(t.cipher);
    await appendReadyEvents(t.dataSource, t.outbox, [p]);
    await appendReadyEvents(t.dataSource, t.outbox, [{ ...p }]);
    await settle(t.app);
    expect(await instructionsOf(p.applicationId)).toHaveLength(1);
  });

  it('after a failure: a new instruction to the newly confirmed account', async () => {
    const p = makeReadyPayload(t.cipher);
    await appendReadyEvents(t.dataSource, t.outbox, [p]);
    await settle(t.app);
    await moveTo(p.applicationId, ['batched', 'submitted', 'approved', 'sending', 'failed']);
    const again = makeReadyPayload(t.cipher, { accountNumber: '6217000011112222333' });
    await appendReadyEvents(t.dataSource, t.outbox, [{ ...again, applicationId: p.applicationId }]);
    await settle(t.app);
    const rows = await instructionsOf(p.applicationId);
    expect(rows).toEqual([
      { status: 'failed', reissue: false, masked: p.payeeAccountMasked },
      { status: 'created', reissue: false, masked: '621700*********2333' },
    ]);
  });

  it('after a return: a reissue linked to the returned instruction, only once', async () => {
    const p = makeReadyPayload(t.cipher);
    await appendReadyEvents(t.dataSource, t.outbox, [p]);
    await settle(t.app);
    await moveTo(p.applicationId, ['batched', 'submitted', 'approved', 'sending', 'sent', 'returned']);
    const again = makeReadyPayload(t.cipher, { accountNumber: '6217000099998888777' });
    await appendReadyEvents(t.dataSource, t.outbox, [{ ...again, applicationId: p.applicationId }]);
    await appendReadyEvents(t.dataSource, t.outbox, [{ ...again, applicationId: p.applicationId }]);
    await settle(t.app);
    const rows = await instructionsOf(p.applicationId);
    expect(rows).toEqual([
      { status: 'returned', reissue: false, masked: p.payeeAccountMasked },
      { status: 'created', reissue: true, masked: '621700*********8777' },
    ]);
  });
});
