import type { EntityManager } from 'typeorm';
import type { AuditService, Principal } from '@app/core';
import type { PayoutSender } from '../sending/payout-sender';
import { buildTreasuryFile } from '../treasury/file/treasury-file.format';
import type { TreasuryPort, TreasuryResult } from '../treasury/treasury.port';
import type { ReconItemDraft } from './reconcile';
import type { NewReconRun, ReconciliationRepository, ReconItemRow, ReconRunRow } from './reconciliation.repository';
import { ReconciliationService } from './reconciliation.service';

interface Instruction {
  id: string;
  amountFen: number;
  status: string;
  batchId?: string;
  settledOn?: string;
  reissueOf?: string;
}

/** The repository's contract, in memory: instructions by id, runs and their items. */
class MemoryRecon {
  readonly instructionsById = new Map<string, Instruction>();
  readonly runs = new Map<string, ReconRunRow & { batch_id: string | null }>();
  readonly items = new Map<string, ReconItemRow>();
  readonly settledOnCalls: string[] = [];

  add(i: Instruction) {
    this.instructionsById.set(i.id, i);
  }
  transaction<T>(work: (m: EntityManager) => Promise<T>) {
    return work({} as EntityManager);
  }
  async settledInBatch(batchId: string) {
    return [...this.instructionsById.values()].filter((i) => i.batchId === batchId && i.status === 'settled').map((i) => i.id);
  }
  async settledOn(date: string) {
    this.settledOnCalls.push(date);
    return [...this.instructionsById.values()].filter((i) => i.settledOn === date && i.status === 'settled').map((i) => i.id);
  }
  async instructions(ids: string[]) {
    return ids.flatMap((id) => {
      const i = this.instructionsById.get(id);
      return i ? [{ id, amountFen: i.amountFen, status: i.status }] : [];
    });
  }
  async hasReissue(instructionId: string | null) {
    return [...this.instructionsById.values()].some((i) => i.reissueOf === instructionId);
  }
  async insertRun(_m: unknown, run: NewReconRun, items: Array<ReconItemDraft & { id: string }>) {
    this.runs.set(run.id, {
      id: run.id, kind: run.kind, file_name: run.fileName, statement_date: run.statementDate, line_count: run.lineCount, matched: run.matched, exceptions: run.exceptions,
      batch_id: run.batchId,
    });
    for (const i of items) {
      this.items.set(i.id, {
        id: i.id, run_id: run.id, line_no: i.lineNo, instruction_id: i.instructionId, classification: i.classification, expected_fen: i.expectedFen,
        actual_fen: i.actualFen, bank_ref: i.bankRef, detail: i.detail, resolution: null,
      });
    }
  }
  async findRun(id: string) {
    return this.runs.get(id) ?? null;
  }
  async countByClass(runId: string) {
    const out: Record<string, number> = {};
    for (const i of this.items.values()) if (i.run_id === runId) out[i.classification] = (out[i.classification] ?? 0) + 1;
    return out;
  }
  async exceptions(filter: { runId?: string; includeResolved?: boolean }) {
    return [...this.items.values()].filter((i) => i.classification !== 'matched' && (!filter.runId || i.run_id === filter.runId) && (filter.includeResolved || i.resolution === null));
  }
  async findItem(id: string) {
    const i = this.items.get(id);
    return i ? { ...i } : null;
  }
  async resolve(_m: unknown, id: string, resolution: string) {
    const i = this.items.get(id);
    if (!i || i.resolution !== null) return null;
    i.resolution = resolution;
    return { ...i };
  }
}

const ins = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const finance: Principal = { id: 'fm', username: 'fm', displayName: '经办', role: 'finance_maker', departmentCode: null, enterpriseId: null };

function setup() {
  const repo = new MemoryRecon();
  const recorded: Array<{ results: TreasuryResult[]; source: string }> = [];
  const sender = { recordResults: jest.fn(async (results: TreasuryResult[], source: string) => void recorded.push({ results, source })) };
  const treasury = { kind: 'simulated', status: jest.fn(async (_ids: string[]): Promise<TreasuryResult[]> => []) };
  const audit = { record: jest.fn(async () => undefined) };
  const svc = new ReconciliationService(repo as unknown as ReconciliationRepository, sender as unknown as PayoutSender, audit as unknown as AuditService, treasury as unknown as TreasuryPort);
  return { repo, sender, recorded, treasury, audit, svc };
}

const resultFile = (details: Array<{ instructionId: string; status: 'S' | 'R' | 'F'; amountFen: number; reason?: string }>) =>
  buildTreasuryFile(
    { fileType: 'RES1', fileId: 'f-res', createdAt: new Date('2026-12-01T08:00:00Z'), payerCode: 'ZZCZ0001', statementDate: null },
    details.map((d, i) => ({ instructionId: d.instructionId, status: d.status, amountFen: d.amountFen, bankRef: `B${i}`, reason: d.reason ?? '' })),
  );
const statement = (date: string, details: Array<{ instructionId: string; direction: 'D' | 'C'; amountFen: number }>) =>
  buildTreasuryFile(
    { fileType: 'STM1', fileId: 'f-stm', createdAt: new Date('2026-12-02T08:00:00Z'), payerCode: 'ZZCZ0001', statementDate: date },
    details.map((d, i) => ({ ...d, bankRef: `S${i}`, valueDate: date.replace(/-/g, ''), memo: '' })),
  );

const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

describe('ReconciliationService decisions (no database)', () => {
  it('refuses a malformed or wrong-type file with PAYOUT_RECON.FILE_INVALID and records nothing', async () => {
    const { repo, sender, svc } = setup();
    expect(await code(svc.importResultFile(finance, { content: 'H garbage' }))).toBe('PAYOUT_RECON.FILE_INVALID');
    expect(await code(svc.importResultFile(finance, { content: statement('2026-12-02', []) }))).toBe('PAYOUT_RECON.FILE_INVALID');
    const tampered = resultFile([{ instructionId: ins(1), status: 'S', amountFen: 100 }]).replace('000000000000100', '000000000000101');
    expect(await code(svc.importResultFile(finance, { content: tampered }))).toBe('PAYOUT_RECON.FILE_INVALID');
    expect(repo.runs.size).toBe(0);
    expect(sender.recordResults).not.toHaveBeenCalled();
  });

  it('applies only the result lines that match an instruction and its amount; the rest become exceptions', async () => {
    const { repo, recorded, svc, audit } = setup();
    repo.add({ id: ins(1), amountFen: 100, status: 'sent' });
    repo.add({ id: ins(2), amountFen: 200, status: 'sent' });
    repo.add({ id: ins(3), amountFen: 300, status: 'sent' });
    repo.add({ id: ins(4), amountFen: 400, status: 'sent' });
    const run = await svc.importResultFile(finance, {
      fileName: 'RES_1.txt',
      content: resultFile([
        { instructionId: ins(1), status: 'S', amountFen: 100 },
        { instructionId: ins(2), status: 'S', amountFen: 201 },
        { instructionId: ins(3), status: 'R', amountFen: 300, reason: '账户已销户' },
        { instructionId: ins(4), status: 'F', amountFen: 400, reason: '户名不符' },
        { instructionId: ins(99), status: 'S', amountFen: 5 },
      ]),
    });
    expect(recorded).toHaveLength(1);
    expect(recorded[0].source).toBe('result_file');
    expect(recorded[0].results.map((r) => [r.instructionId, r.status, r.amountFen])).toEqual([[ins(1), 'settled', 100], [ins(3), 'returned', 300], [ins(4), 'failed', 400]]);
    expect(run).toMatchObject({ kind: 'result', fileName: 'RES_1.txt', lineCount: 5, matched: 2, exceptions: 3, byClass: { matched: 2, amount_mismatch: 1, returned: 1, unknown_at_bank: 1 } });
    const items = [...repo.items.values()];
    expect(items.find((i) => i.instruction_id === ins(4))?.detail).toBe('支付失败：户名不符');
    expect(items.find((i) => i.classification === 'unknown_at_bank')).toMatchObject({ instruction_id: null, actual_fen: 5, expected_fen: null });
    expect(audit.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'payout.recon.import_result', targetId: run.id }), expect.anything());
  });

  it("books a statement's returns and settles what was still in flight; a line missing for a paid instruction is an exception only", async () => {
    const { repo, recorded, svc } = setup();
    repo.add({ id: ins(1), amountFen: 100, status: 'sent', batchId: 'b1' });
    repo.add({ id: ins(2), amountFen: 200, status: 'settled', batchId: 'b1' });
    repo.add({ id: ins(3), amountFen: 300, status: 'settled', batchId: 'b1' });
    repo.add({ id: ins(4), amountFen: 400, status: 'settled', batchId: 'b1' });
    repo.add({ id: ins(5), amountFen: 500, status: 'returned', batchId: 'b1' });
    const run = await svc.importStatement(finance, {
      batchId: 'b1',
      content: statement('2026-12-02', [
        { instructionId: ins(1), direction: 'D', amountFen: 100 },
        { instructionId: ins(2), direction: 'D', amountFen: 200 },
        { instructionId: ins(3), direction: 'D', amountFen: 300 },
        { instructionId: ins(3), direction: 'C', amountFen: 300 },
        { instructionId: ins(5), direction: 'C', amountFen: 500 },
      ]),
    });
    expect(recorded).toEqual([{ source: 'bank_statement', results: [
      expect.objectContaining({ instructionId: ins(1), status: 'settled', amountFen: 100 }),
      expect.objectContaining({ instructionId: ins(3), status: 'returned', amountFen: 300, reason: '对账单显示退回' }),
    ] }]);
    expect(run).toMatchObject({ kind: 'statement', lineCount: 5, matched: 2, byClass: { matched: 2, returned: 2, missing_at_bank: 1 } });
    expect([...repo.items.values()].find((i) => i.classification === 'missing_at_bank')?.instruction_id).toBe(ins(4));
    expect(repo.settledOnCalls).toEqual([]);
  });

  it('without a batch, expects the instructions settled on the statement date, and applies nothing when all is settled', async () => {
    const { repo, sender, svc } = setup();
    repo.add({ id: ins(1), amountFen: 100, status: 'settled', settledOn: '2026-12-02' });
    repo.add({ id: ins(2), amountFen: 200, status: 'settled', settledOn: '2026-12-01' });
    const run = await svc.importStatement(null, { content: statement('2026-12-02', [{ instructionId: ins(1), direction: 'D', amountFen: 100 }]) });
    expect(repo.settledOnCalls).toEqual(['2026-12-02']);
    expect(run).toMatchObject({ matched: 1, exceptions: 0, statementDate: '2026-12-02' });
    expect(sender.recordResults).not.toHaveBeenCalled();
  });

  it('resolves an exception only with an action its kind allows, a reissue only once one exists, and only once', async () => {
    const { repo, svc, treasury, recorded } = setup();
    repo.add({ id: ins(1), amountFen: 100, status: 'returned', batchId: 'b1' });
    repo.add({ id: ins(2), amountFen: 200, status: 'settled', batchId: 'b1' });
    await svc.importStatement(finance, {
      batchId: 'b1',
      content: statement('2026-12-02', [{ instructionId: ins(1), direction: 'C', amountFen: 100 }, { instructionId: ins(7), direction: 'D', amountFen: 9 }]),
    });
    const byClass = (c: string) => [...repo.items.values()].find((i) => i.classification === c) as ReconItemRow;
    const returned = byClass('returned');
    const missing = byClass('missing_at_bank');
    const unknown = byClass('unknown_at_bank');

    expect(await code(svc.resolve(finance, 'nope', 'acknowledged', null))).toBe('PAYOUT_RECON.NOT_FOUND');
    expect(await code(svc.resolve(finance, returned.id, 'written_off', null))).toBe('PAYOUT_RECON.RESOLUTION_INVALID');
    expect(await code(svc.resolve(finance, returned.id, 'reissued', null))).toBe('PAYOUT_RECON.RESOLUTION_INVALID');
    repo.add({ id: ins(3), amountFen: 100, status: 'created', reissueOf: ins(1) });
    expect(await svc.resolve(finance, returned.id, 'reissued', '已更正账户')).toMatchObject({ resolution: 'reissued', allowedResolutions: [] });
    expect(await code(svc.resolve(finance, returned.id, 'acknowledged', null))).toBe('PAYOUT_RECON.INVALID_STATE');

    treasury.status.mockResolvedValueOnce([
      { instructionId: ins(2), status: 'returned', amountFen: 200, bankRef: null, reason: '退回', at: 'x' },
      { instructionId: ins(2), status: 'settled', amountFen: 200, bankRef: null, reason: null, at: 'x' },
    ]);
    await svc.resolve(finance, missing.id, 'requeried', null);
    expect(treasury.status).toHaveBeenCalledWith([ins(2)]);
    expect(recorded.filter((r) => r.source === 'recon_requery').map((r) => r.results.map((x) => x.status))).toEqual([['returned']]);
    expect(await svc.resolve(finance, unknown.id, 'written_off', null)).toMatchObject({ classification: 'unknown_at_bank', resolution: 'written_off' });
    expect((await svc.exceptions({})).map((i) => i.id)).toEqual([]);
    expect(await svc.exceptions({ includeResolved: true })).toHaveLength(3);
  });
});
