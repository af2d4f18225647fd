import { randomUUID } from 'node:crypto';
import { buildTreasuryFile } from '../file/treasury-file.format';
import type { SimPayment } from './sim-store';

/** The simulated bank's statement (STM1) for its bookings: a debit per payment, a credit per return. */
export function simStatement(payments: SimPayment[], date: string, payerCode = 'ZZCZ0001'): string {
  const lines: Array<Record<string, string | number>> = [];
  for (const p of payments) {
    if (p.status === 'failed') continue;
    const valueDate = date.replace(/-/g, '');
    lines.push({ instructionId: p.instructionId, direction: 'D', amountFen: p.amountFen, bankRef: p.bankRef, valueDate, memo: '惠企资金' });
    if (p.status === 'returned') lines.push({ instructionId: p.instructionId, direction: 'C', amountFen: p.amountFen, bankRef: p.bankRef, valueDate, memo: '退回' });
  }
  return buildTreasuryFile({ fileType: 'STM1', fileId: randomUUID(), createdAt: new Date(), payerCode, statementDate: date }, lines);
}
