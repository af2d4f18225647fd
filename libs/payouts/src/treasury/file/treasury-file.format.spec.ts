import { buildTreasuryFile, parseTreasuryFile } from './treasury-file.format';
import { FixedWidthError } from './fixed-width';

const header = (fileType: 'PAY1' | 'RES1' | 'STM1') => ({ fileType, fileId: 'f-1', createdAt: new Date('2026-11-27T08:30:00Z'), payerCode: 'ZZCZ0001', statementDate: fileType === 'STM1' ? '2026-11-27' : null });

describe('treasury files', () => {
  it('round-trips a payment file with Chinese names: header, details, totals, checksum', () => {
    const text = buildTreasuryFile(header('PAY1'), [
      { instructionId: '01900000-0000-7000-8000-000000000001', amountFen: 123_456, account: '6222021234567890123', payeeName: '郑州某某科技有限公司', budgetSubject: '2060404', fundPoolId: 'pool-1' },
      { instructionId: '01900000-0000-7000-8000-000000000002', amountFen: 1, account: '6222021234567890124', payeeName: '河南示例', budgetSubject: '2150805', fundPoolId: 'pool-1' },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(new Set(lines.slice(1, 3).map((l) => Array.from(l).length)).size).toBe(1); // fixed width in characters
    const parsed = parseTreasuryFile(text, 'PAY1');
    expect(parsed).toMatchObject({ count: 2, totalFen: 123_457, header: { fileType: 'PAY1', fileId: 'f-1', payerCode: 'ZZCZ0001', statementDate: null } });
    expect(parsed.header.createdAt.toISOString()).toBe('2026-11-27T08:30:00.000Z');
    expect(parsed.details[0]).toMatchObject({ payeeName: '郑州某某科技有限公司', amountFen: '123456', account: '6222021234567890123' });
  });

  it('refuses a changed amount (checksum, total), a missing line (count) and the wrong type', () => {
    const text = buildTreasuryFile(header('STM1'), [
      { instructionId: 'a', direction: 'D', amountFen: 500, bankRef: 'B1', valueDate: '20261127', memo: '' },
      { instructionId: 'b', direction: 'C', amountFen: 700, bankRef: 'B2', valueDate: '20261127', memo: '' },
    ]);
    expect(parseTreasuryFile(text).header.statementDate).toBe('2026-11-27');
    expect(() => parseTreasuryFile(text.replace('000000000000500', '000000000000600'))).toThrow(/total|checksum/);
    const lines = text.split('\n');
    expect(() => parseTreasuryFile([lines[0], lines[2], lines[3]].join('\n'))).toThrow(FixedWidthError);
    expect(() => parseTreasuryFile(text, 'RES1')).toThrow(/expected a RES1/);
  });

  it('refuses a value that does not fit its field', () => {
    expect(() => buildTreasuryFile(header('RES1'), [{ instructionId: 'x'.repeat(37), status: 'S', amountFen: 1, bankRef: '', reason: '' }])).toThrow(/longer than 36/);
  });
});
