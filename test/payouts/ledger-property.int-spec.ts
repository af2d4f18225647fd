import fc from 'fast-check';
import { DomainError } from '@app/core';
import { BatchesService, InstructionsService, LedgerService, ReconciliationService } from '@app/payouts';
import { settle } from '../support/settle';
import { appendReadyEvents, makePrincipal, makeReadyPayload, makeStatement } from './support/payout-factories';
import { createPayoutTestApp, PayoutTestApp } from './support/payout-test-app';

jest.setTimeout(180_000);

/**
 * Property (fast-check, on the real database): after any sequence of operations — new
 * instructions, batches approved or rejected (some over a pool's cap), sending with lost answers or
 * partial failures, cancellations, late returns from a statement, reissues — every journal entry
 * balances, the ledger sums to zero, and its balances equal what the instructions' states imply.
 */
type Op =
  | { k: 'ready'; pool: number; n: number; closed: boolean }
  | { k: 'batch'; pool: number; outcome: 'approve' | 'reject' | 'leave' }
  | { k: 'send'; fault: 'none' | 'lost' | 'partial' }
  | { k: 'cancel'; pick: number }
  | { k: 'reissue'; pick: number }
  | { k: 'lateReturn'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('ready' as const), pool: fc.integer({ min: 0, max: 1 }), n: fc.integer({ min: 1, max: 3 }), closed: fc.boolean() }),
  fc.record({ k: fc.constant('batch' as const), pool: fc.integer({ min: 0, max: 1 }), outcome: fc.constantFrom('approve' as const, 'reject' as const, 'leave' as const) }),
  fc.record({ k: fc.constant('send' as const), fault: fc.constantFrom('none' as const, 'lost' as const, 'partial' as const) }),
  fc.record({ k: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('reissue' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('lateReturn' as const), pick: fc.nat() }),
);

describe('ledger property: balanced and consistent after any sequence of operations', () => {
  let t: PayoutTestApp;
  const pools = ['pool-prop-0', 'pool-prop-1'];

  beforeAll(async () => {
    t = await createPayoutTestApp({ chunkSize: 3 });
    t.startWorkers();
  }, 60_000);
  afterAll(async () => t?.close());

  const pickOne = async (status: string, pick: number): Promise<{ id: string; amount_fen: number } | undefined> => {
    const rows: Array<{ id: string; amount_fen: number }> = await t.dataSource.query(
      `SELECT id, amount_fen FROM payout.instructions WHERE status = $1 AND fund_pool_id = ANY($2::text[]) ORDER BY id`,
      [status, pools],
    );
    return rows.length ? rows[pick % rows.length] : undefined;
  };

  async function apply(op: Op): Promise<void> {
    const batches = t.app.get(BatchesService);
    const instructions = t.app.get(InstructionsService);
    const maker = makePrincipal('finance_maker');
    const checker = makePrincipal('finance_checker');
    switch (op.k) {
      case 'ready': {
        const payloads = Array.from({ length: op.n }, (_, i) =>
          makeReadyPayload(t.cipher, { fundPoolId: pools[op.pool], ...(op.closed && i === 0 ? { accountNumber: '6222029999888870000' } : {}) }),
        );
        await appendReadyEvents(t.dataSource, t.outbox, payloads);
        await settle(t.app);
        await t.dataSource.query(`UPDATE payout.fund_pools SET budget_fen = 2000000 WHERE id = $1 AND budget_fen IS NULL`, [pools[1]]);
        return;
      }
      case 'batch': {
        const b = await batches.create(maker, { filter: { fundPoolId: pools[op.pool] } });
        await batches.submit(maker, b.id);
        if (op.outcome === 'approve') await batches.approve(checker, b.id);
        if (op.outcome === 'reject') await batches.reject(checker, b.id, '退回');
        return;
      }
      case 'send': {
        let i = 0;
        if (op.fault === 'lost') t.bank.setFaults({ loseNextAnswers: 1 });
        if (op.fault === 'partial') {
          t.bank.setRandom(() => (i++ % 2 === 0 ? 0 : 0.99));
          t.bank.setFaults({ partialFailureRate: 0.5 });
        }
        await settle(t.app);
        t.bank.setFaults({});
        t.bank.setRandom(Math.random);
        return;
      }
      case 'cancel': {
        const statuses = ['created', 'batched', 'submitted', 'approved'];
        const row = await pickOne(statuses[op.pick % statuses.length], op.pick);
        if (row) await instructions.cancel(maker, row.id, null);
        return;
      }
      case 'reissue': {
        const row = await pickOne('returned', op.pick);
        if (row) await instructions.reissue(maker, row.id, { note: '重新支付' });
        return;
      }
      case 'lateReturn': {
        const row = await pickOne('settled', op.pick);
        if (!row) return;
        const statement = makeStatement('2026-11-27', [{ instructionId: row.id, direction: 'C', amountFen: Number(row.amount_fen) }]);
        await t.app.get(ReconciliationService).importStatement(null, { content: statement, batchId: '01900000-0000-7000-8000-00000000ffff' });
        return;
      }
    }
  }

  it('holds for random operation sequences', async () => {
    const ledger = t.app.get(LedgerService);
    let ops = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 10 }), async (sequence) => {
        for (const op of sequence) {
          try {
            await apply(op);
          } catch (err) {
            if (!(err instanceof DomainError)) throw err; // refusals (empty batch, pool cap, wrong state) are part of the game
          }
          ops++;
        }
        await settle(t.app);
        const check = await ledger.check();
        expect(check).toMatchObject({ ok: true, totalFen: 0, unbalancedEntries: [], balanceMismatches: [], poolMismatches: [], duplicatePostings: 0 });
      }),
      {
        numRuns: Number(process.env.PAYOUT_PROPERTY_RUNS ?? 30),
        // one sequence that surely books every kind of entry, whatever the random ones do
        examples: [
          [
            [
              { k: 'ready', pool: 0, n: 3, closed: true },
              { k: 'batch', pool: 0, outcome: 'approve' },
              { k: 'send', fault: 'partial' },
              { k: 'lateReturn', pick: 0 },
              { k: 'ready', pool: 0, n: 2, closed: false },
              { k: 'batch', pool: 0, outcome: 'approve' },
              { k: 'cancel', pick: 3 },
              { k: 'send', fault: 'lost' },
              { k: 'reissue', pick: 0 },
              { k: 'batch', pool: 0, outcome: 'approve' },
            ],
          ],
        ],
      },
    );
    const kinds: Array<{ kind: string }> = await t.dataSource.query(`SELECT DISTINCT kind FROM payout.journal_entries ORDER BY kind`);
    expect(kinds.map((k) => k.kind)).toEqual(['commit', 'release', 'return', 'settle']); // every kind of entry was exercised
    expect(ops).toBeGreaterThan(12);
  });
});
