import { checksumOf, FieldSpec, FixedWidthError, formatRecord, parseRecord } from './fixed-width';

/**
 * The treasury file layouts (预算管理一体化 支付文件 / 回执文件 / 银行对账单):
 *
 *   H  fileType(4) fileId(36) createdAt(14, yyyyMMddHHmmss) payerCode(12) statementDate(8, yyyyMMdd or zeros)
 *   D… detail lines, one layout per file type (below)
 *   T  count(8) totalFen(18) checksum(64: sha256 hex of the header and detail lines joined by \n)
 */
export type TreasuryFileType = 'PAY1' | 'RES1' | 'STM1';

const HEADER: FieldSpec[] = [
  { name: 'fileType', width: 4, kind: 'text' },
  { name: 'fileId', width: 36, kind: 'text' },
  { name: 'createdAt', width: 14, kind: 'num' },
  { name: 'payerCode', width: 12, kind: 'text' },
  { name: 'statementDate', width: 8, kind: 'num' },
];
const TRAILER: FieldSpec[] = [
  { name: 'count', width: 8, kind: 'num' },
  { name: 'totalFen', width: 18, kind: 'num' },
  { name: 'checksum', width: 64, kind: 'text' },
];

export const DETAIL_LAYOUTS: Record<TreasuryFileType, FieldSpec[]> = {
  // 支付文件: what to pay
  PAY1: [
    { name: 'seq', width: 6, kind: 'num' },
    { name: 'instructionId', width: 36, kind: 'text' },
    { name: 'amountFen', width: 15, kind: 'num' },
    { name: 'account', width: 32, kind: 'text' },
    { name: 'payeeName', width: 40, kind: 'text' },
    { name: 'budgetSubject', width: 10, kind: 'text' },
    { name: 'fundPoolId', width: 40, kind: 'text' },
  ],
  // 回执文件: the result per instruction (S settled, R returned, F failed)
  RES1: [
    { name: 'seq', width: 6, kind: 'num' },
    { name: 'instructionId', width: 36, kind: 'text' },
    { name: 'status', width: 1, kind: 'text' },
    { name: 'amountFen', width: 15, kind: 'num' },
    { name: 'bankRef', width: 32, kind: 'text' },
    { name: 'reason', width: 40, kind: 'text' },
  ],
  // 银行对账单: D debit (paid out), C credit (returned to the treasury account)
  STM1: [
    { name: 'seq', width: 6, kind: 'num' },
    { name: 'instructionId', width: 36, kind: 'text' },
    { name: 'direction', width: 1, kind: 'text' },
    { name: 'amountFen', width: 15, kind: 'num' },
    { name: 'bankRef', width: 32, kind: 'text' },
    { name: 'valueDate', width: 8, kind: 'num' },
    { name: 'memo', width: 40, kind: 'text' },
  ],
};

export interface TreasuryFileHeader {
  fileType: TreasuryFileType;
  fileId: string;
  createdAt: Date;
  payerCode: string;
  /** yyyy-mm-dd, statements only. */
  statementDate: string | null;
}

export interface TreasuryFile {
  header: TreasuryFileHeader;
  details: Array<Record<string, string>>;
  count: number;
  totalFen: number;
  checksum: string;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
const unstamp = (s: string) => new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}Z`);

export function buildTreasuryFile(header: TreasuryFileHeader, details: Array<Record<string, string | number | null>>): string {
  const layout = DETAIL_LAYOUTS[header.fileType];
  const lines = [
    formatRecord(
      'H',
      HEADER,
      {
        fileType: header.fileType,
        fileId: header.fileId,
        createdAt: stamp(header.createdAt),
        payerCode: header.payerCode,
        statementDate: header.statementDate ? header.statementDate.replace(/-/g, '') : '0',
      },
      1,
    ),
  ];
  let total = 0;
  details.forEach((d, i) => {
    total += Number(d.amountFen);
    lines.push(formatRecord('D', layout, { ...d, seq: i + 1 }, i + 2));
  });
  lines.push(formatRecord('T', TRAILER, { count: details.length, totalFen: total, checksum: checksumOf(lines) }, lines.length + 1));
  return lines.join('\n') + '\n';
}

/** Parses and verifies a treasury file: layout, count, total and checksum. Throws FixedWidthError. */
export function parseTreasuryFile(text: string, expected?: TreasuryFileType): TreasuryFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1);
  if (lines.length < 2) throw new FixedWidthError('a file needs a header and a trailer', 1);
  if (!lines[0].startsWith('H')) throw new FixedWidthError('first line must be the header (H)', 1);
  const h = parseRecord(lines[0], HEADER, 1);
  const fileType = h.fileType as TreasuryFileType;
  if (!DETAIL_LAYOUTS[fileType]) throw new FixedWidthError(`unknown file type ${h.fileType}`, 1);
  if (expected && fileType !== expected) throw new FixedWidthError(`expected a ${expected} file, got ${fileType}`, 1);
  const last = lines.length - 1;
  if (!lines[last].startsWith('T')) throw new FixedWidthError('last line must be the trailer (T)', last + 1);
  const t = parseRecord(lines[last], TRAILER, last + 1);
  const details: Array<Record<string, string>> = [];
  let total = 0;
  for (let i = 1; i < last; i++) {
    if (!lines[i].startsWith('D')) throw new FixedWidthError('detail lines start with D', i + 1);
    const d = parseRecord(lines[i], DETAIL_LAYOUTS[fileType], i + 1);
    if (Number(d.seq) !== i) throw new FixedWidthError(`sequence ${d.seq} out of order (expected ${i})`, i + 1);
    total += Number(d.amountFen);
    details.push(d);
  }
  if (Number(t.count) !== details.length) throw new FixedWidthError(`trailer count ${t.count} but ${details.length} detail lines`, last + 1);
  if (Number(t.totalFen) !== total) throw new FixedWidthError(`trailer total ${t.totalFen} but details add up to ${total}`, last + 1);
  const sum = checksumOf(lines.slice(0, last));
  if (t.checksum !== sum) throw new FixedWidthError('checksum does not match the content', last + 1);
  const sd = h.statementDate;
  return {
    header: {
      fileType,
      fileId: h.fileId,
      createdAt: unstamp(h.createdAt),
      payerCode: h.payerCode,
      statementDate: Number(sd) === 0 ? null : `${sd.slice(0, 4)}-${sd.slice(4, 6)}-${sd.slice(6, 8)}`,
    },
    details,
    count: details.length,
    totalFen: total,
    checksum: t.checksum,
  };
}
