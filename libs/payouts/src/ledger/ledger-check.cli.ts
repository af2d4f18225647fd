/**
 * `npm run ledger:check` — recomputes every balance from the journal entries and checks the
 * invariants: each entry balances, the ledger sums to zero, balances equal what the instructions'
 * states imply, fund pools' commitments equal the budget account, no instruction booked twice, no
 * obligation (application) paid twice, no late return booked without the bank confirming it;
 * and, when the simulated treasury keeps its state in this database, bank total = ledger total.
 * Exit code 1 when anything is off. Uses the platform's configuration (DATABASE_URL or DATA_DIR).
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ConfigError, CoreModule, formatMoney } from '@app/core';
import { LedgerService } from './ledger.service';
import { PAYOUT_MIGRATIONS, PayoutsModule } from '../payouts.module';

@Module({ imports: [CoreModule.forRoot({ migrations: PAYOUT_MIGRATIONS }), PayoutsModule] })
class LedgerCheckModule {}

async function main(): Promise<number> {
  const app = await NestFactory.createApplicationContext(LedgerCheckModule, { logger: ['error', 'warn'] });
  try {
    const r = await app.get(LedgerService).check();
    const ds = app.get(DataSource);
    const [sim] = await ds.query(`SELECT to_regclass('treasury_sim.payments') IS NOT NULL AS present`);
    let bankOk = true;
    console.log(`entries ${r.entries}, lines ${r.lines}, sum of all lines ${r.totalFen} fen`);
    console.log(`unbalanced entries: ${r.unbalancedEntries.length}; duplicate postings: ${r.duplicatePostings}`);
    for (const m of r.balanceMismatches) console.log(`MISMATCH ${m.fundPoolId} ${m.account}: ledger ${m.ledgerFen}, instructions imply ${m.expectedFen}`);
    for (const p of r.poolMismatches) console.log(`MISMATCH pool ${p.fundPoolId}: committed ${p.committedFen}, budget account ${p.ledgerFen}`);
    for (const d of r.doublePayments) {
      console.log(`PAID TWICE application ${d.applicationId}: ${d.instructionIds.length} settled instructions (${d.instructionIds.join(', ')}), ${formatMoney(d.settledFen)} in all`);
    }
    for (const id of r.unconfirmedLateReturns) console.log(`UNCONFIRMED late return booked for instruction ${id}`);
    console.log(`paid through the bank (ledger): ${formatMoney(-r.bankClearingFen)}`);
    if (sim.present) {
      const [b] = await ds.query(`SELECT coalesce(sum(amount_fen) FILTER (WHERE status = 'settled'), 0)::bigint AS settled FROM treasury_sim.payments`);
      bankOk = Number(b.settled) === -r.bankClearingFen;
      console.log(`simulated bank settled: ${formatMoney(Number(b.settled))} — ${bankOk ? 'equal' : 'DIFFERENT (late returns or unreconciled results?)'}`);
    }
    console.log(r.ok && bankOk ? 'ledger OK' : 'ledger NOT OK');
    return r.ok && bankOk ? 0 : 1;
  } finally {
    await app.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
