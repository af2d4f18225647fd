import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FieldCipher } from '@app/core';
import type { PaymentOrder, TreasuryPort, TreasuryResult } from '../treasury.port';
import { buildTreasuryFile, parseTreasuryFile } from './treasury-file.format';

const RESULT_STATUS: Record<string, TreasuryResult['status']> = { S: 'settled', R: 'returned', F: 'failed' };

/**
 * File exchange with the treasury: each chunk becomes a payment file in `out/` (written atomically,
 * named by chunk, so a retried chunk rewrites the same file); result files dropped into `in/` are
 * read back. Results arrive later — submit answers `accepted`.
 */
export class FileTreasuryAdapter implements TreasuryPort {
  readonly kind = 'file' as const;

  constructor(
    readonly dir: string,
    private readonly cipher: FieldCipher,
    private readonly payerCode = 'ZZCZ0001',
  ) {}

  get outDir(): string {
    return join(this.dir, 'out');
  }

  get inDir(): string {
    return join(this.dir, 'in');
  }

  async submit(orders: PaymentOrder[], context: { batchId: string; chunkId: string }): Promise<TreasuryResult[]> {
    mkdirSync(this.outDir, { recursive: true });
    const text = buildTreasuryFile(
      { fileType: 'PAY1', fileId: context.chunkId, createdAt: new Date(), payerCode: this.payerCode, statementDate: null },
      orders.map((o) => ({
        instructionId: o.instructionId,
        amountFen: o.amountFen,
        account: this.cipher.decrypt(o.payeeAccountEncrypted),
        payeeName: o.payeeName,
        budgetSubject: o.budgetSubject,
        fundPoolId: o.fundPoolId,
      })),
    );
    const name = join(this.outDir, `PAY_${context.batchId}_${context.chunkId}.txt`);
    writeFileSync(`${name}.tmp`, text, 'utf8');
    renameSync(`${name}.tmp`, name);
    const at = new Date().toISOString();
    return orders.map((o) => ({ instructionId: o.instructionId, status: 'accepted', amountFen: o.amountFen, bankRef: null, reason: null, at }));
  }

  async status(instructionIds: string[]): Promise<TreasuryResult[]> {
    const wanted = new Set(instructionIds);
    const found = new Map<string, TreasuryResult>();
    const at = new Date().toISOString();
    for (const f of this.files(this.inDir)) {
      for (const d of parseTreasuryFile(readFileSync(f, 'utf8'), 'RES1').details) {
        if (wanted.has(d.instructionId)) {
          found.set(d.instructionId, { instructionId: d.instructionId, status: RESULT_STATUS[d.status] ?? 'failed', amountFen: Number(d.amountFen), bankRef: d.bankRef || null, reason: d.reason || null, at });
        }
      }
    }
    for (const f of this.files(this.outDir)) {
      for (const d of parseTreasuryFile(readFileSync(f, 'utf8'), 'PAY1').details) {
        if (wanted.has(d.instructionId) && !found.has(d.instructionId)) {
          found.set(d.instructionId, { instructionId: d.instructionId, status: 'accepted', amountFen: Number(d.amountFen), bankRef: null, reason: null, at });
        }
      }
    }
    return instructionIds.map((id) => found.get(id) ?? { instructionId: id, status: 'unknown', amountFen: null, bankRef: null, reason: null, at });
  }

  private files(dir: string): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => join(dir, f));
  }
}
