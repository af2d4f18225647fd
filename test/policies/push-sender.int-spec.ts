import { DataSource } from 'typeorm';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { POLICY_MIGRATIONS, PoliciesModule, PushChannel, PushDigest, PushService } from '@app/policies';
import { PushDeliveryRepository } from '@app/policies/testing';
import { createTestApp, TestApp } from '../support/test-app';

/** A gateway that records what it was sent and can be told to fail. */
class RecordingChannel implements PushChannel {
  readonly calls: PushDigest[][] = [];
  failNext = 0;
  constructor(readonly name: string) {}
  async send(digests: PushDigest[]): Promise<'sent'> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error(`${this.name} gateway answered 503`);
    }
    this.calls.push(digests);
    return 'sent';
  }
}

/**
 * Push deliveries as an outbox: recorded in the matching transaction, sent after it by a sender that
 * claims rows, retries with back-off, and resends (same id) what a dead sender left half done.
 */
describe('push sender (delivery outbox)', () => {
  let t: TestApp;
  let ds: DataSource;
  let sms: RecordingChannel;
  let app: RecordingChannel;
  let push: PushService;
  const FIRM_A = '01900000-0000-7000-8000-00000000f001';
  const FIRM_B = '01900000-0000-7000-8000-00000000f002';
  const V1 = '01900000-0000-7000-8000-00000000e001';
  const V2 = '01900000-0000-7000-8000-00000000e002';
  const status = async () =>
    (await ds.query(`SELECT enterprise_id AS firm, channel, status, attempts FROM policy.push_deliveries ORDER BY enterprise_id, channel`)) as Array<{ firm: string; channel: string; status: string; attempts: number }>;

  beforeAll(async () => {
    t = await createTestApp({ imports: [PoliciesModule], migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS] });
    ds = t.dataSource;
    sms = new RecordingChannel('sms');
    app = new RecordingChannel('app_message');
    push = new PushService(new PushDeliveryRepository(ds), [sms, app]);
  });
  afterAll(async () => t?.close());

  it('a rolled-back run records nothing and sends nothing; a committed one is sent once per firm and channel, as one digest', async () => {
    await expect(
      ds.transaction(async (m) => {
        await push.record(m, [{ enterpriseId: FIRM_A, itemVersionId: V1, title: '' }]);
        throw new Error('matching failed after recording');
      }),
    ).rejects.toThrow('matching failed');
    expect(await status()).toEqual([]);

    await ds.transaction((m) =>
      push.record(m, [
        { enterpriseId: FIRM_A, itemVersionId: V1, title: '' },
        { enterpriseId: FIRM_A, itemVersionId: V2, title: '' },
        { enterpriseId: FIRM_B, itemVersionId: V1, title: '' },
      ]),
    );
    expect((await status()).map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(sms.calls).toHaveLength(0); // nothing leaves before the sender runs

    expect(await push.sendPending()).toEqual({ sent: 4, retried: 0, failed: 0 });
    expect(sms.calls).toHaveLength(1);
    expect(sms.calls[0].map((d) => [d.enterpriseId, d.itemVersionIds.length]).sort()).toEqual([[FIRM_A, 2], [FIRM_B, 1]]);
    expect(sms.calls[0].every((d) => typeof d.id === 'string')).toBe(true);
    expect(await push.sendPending()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sms.calls).toHaveLength(1);
    expect((await status()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('a failing gateway: pending again with a back-off and the error; sent on a later attempt under the same id', async () => {
    await ds.query(`DELETE FROM policy.push_deliveries`);
    sms.calls.length = 0;
    app.calls.length = 0;
    await ds.transaction((m) => push.record(m, [{ enterpriseId: FIRM_A, itemVersionId: V1, title: '' }]));
    sms.failNext = 1;
    expect(await push.sendPending()).toEqual({ sent: 1, retried: 1, failed: 0 }); // app_message went, sms will retry
    const [row] = await ds.query(`SELECT id, status, attempts, detail, next_at > now() AS later FROM policy.push_deliveries WHERE channel = 'sms'`);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, detail: 'sms gateway answered 503', later: true });
    expect(await push.sendPending()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not before its back-off
    await ds.query(`UPDATE policy.push_deliveries SET next_at = now() - interval '1 second' WHERE id = $1`, [row.id]);
    expect(await push.sendPending()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(sms.calls.flat().map((d) => d.id)).toEqual([row.id]);
  });

  it('gives a delivery up as failed after its sixth attempt, with the error, and sends it no more', async () => {
    await ds.query(`DELETE FROM policy.push_deliveries`);
    sms.calls.length = 0;
    await ds.transaction((m) => push.record(m, [{ enterpriseId: FIRM_A, itemVersionId: V1, title: '' }]));
    await ds.query(`UPDATE policy.push_deliveries SET attempts = 5 WHERE channel = 'sms'`);
    sms.failNext = 1;
    expect(await push.sendPending()).toEqual({ sent: 1, retried: 0, failed: 1 });
    const [row] = await ds.query(`SELECT status, attempts, detail FROM policy.push_deliveries WHERE channel = 'sms'`);
    expect(row).toEqual({ status: 'failed', attempts: 6, detail: 'sms gateway answered 503' });
    await ds.query(`UPDATE policy.push_deliveries SET next_at = now() - interval '1 hour'`);
    expect(await push.sendPending()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('a delivery left "sending" by a dead sender is sent again with its id after the lease; a fresh claim is not touched', async () => {
    await ds.query(`DELETE FROM policy.push_deliveries`);
    sms.calls.length = 0;
    await ds.transaction((m) => push.record(m, [{ enterpriseId: FIRM_A, itemVersionId: V1, title: '' }, { enterpriseId: FIRM_B, itemVersionId: V1, title: '' }]));
    await ds.query(`UPDATE policy.push_deliveries SET status = 'sending', attempts = 1, claimed_at = now() - interval '10 minutes' WHERE enterprise_id = $1 AND channel = 'sms'`, [FIRM_A]);
    await ds.query(`UPDATE policy.push_deliveries SET status = 'sending', attempts = 1, claimed_at = now() WHERE enterprise_id = $1 AND channel = 'sms'`, [FIRM_B]);
    await push.sendPending();
    expect(sms.calls.flat().map((d) => d.enterpriseId)).toEqual([FIRM_A]);
    expect((await status()).find((r) => r.firm === FIRM_A && r.channel === 'sms')).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await status()).find((r) => r.firm === FIRM_B && r.channel === 'sms')).toMatchObject({ status: 'sending' });
  });

  it('two senders at once: every delivery is sent exactly once', async () => {
    await ds.query(`DELETE FROM policy.push_deliveries`);
    sms.calls.length = 0;
    app.calls.length = 0;
    const firms = Array.from({ length: 300 }, (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    await ds.transaction((m) => push.record(m, firms.map((f) => ({ enterpriseId: f, itemVersionId: V1, title: '' }))));
    const other = new PushService(new PushDeliveryRepository(ds), [sms, app]);
    await Promise.all([push.sendPending(), other.sendPending()]);
    const sent = sms.calls.flat().map((d) => d.enterpriseId);
    expect(sent.sort()).toEqual([...firms].sort());
    expect((await status()).every((r) => r.status === 'sent')).toBe(true);
  });
});
