import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventNames } from '@app/contracts';
import { FieldCipher, maskAccount, OutboxService, Principal, uuid7 } from '@app/core';
import type { ReadyForPayout } from '@app/payouts';
import { buildTreasuryFile } from '@app/payouts';

let serial = 1;

/** A realistic application.ready_for_payout payload; the account encrypted as the approval center does. */
export function makeReadyPayload(cipher: FieldCipher, overrides: Partial<ReadyForPayout> & { accountNumber?: string } = {}): ReadyForPayout {
  const n = serial++;
  const { accountNumber, ...rest } = overrides;
  const account = accountNumber ?? `62220212345${String(100000 + n).padStart(8, '0')}`;
  return {
    applicationId: uuid7(),
    enterpriseId: uuid7(),
    enterpriseName: `郑州测试科技有限公司${n}`,
    itemId: 'item-rd-2026',
    itemVersionId: 'item-rd-2026-v1',
    itemName: '研发费用后补助',
    departmentCode: 'kjj',
    fundPoolId: 'pool-item-rd-2026',
    amountFen: 100_000 + (n % 97) * 1_000,
    payeeName: `郑州测试科技有限公司${n}`,
    payeeAccountEncrypted: cipher.encrypt(account),
    payeeAccountMasked: maskAccount(account) as string,
    payeeBankName: '中国工商银行郑州分行',
    budgetSubject: '2060404',
    districtCode: '410105',
    ...rest,
  };
}

/** Writes ready events to the outbox as the approval center would (committed together). */
export async function appendReadyEvents(ds: DataSource, outbox: OutboxService, payloads: ReadyForPayout[]): Promise<void> {
  await ds.transaction((m) =>
    outbox.appendMany(
      m,
      payloads.map((p) => ({ name: EventNames.ApplicationReadyForPayout, aggregateType: 'application', aggregateId: p.applicationId, payload: p })),
    ),
  );
}

export function makePrincipal(role: Principal['role'], name = role): Principal {
  return { id: randomUUID(), username: `${name}-${serial++}`, displayName: name, role, departmentCode: null, enterpriseId: null };
}

/** A bank statement (STM1) for the given lines. */
export function makeStatement(date: string, lines: Array<{ instructionId: string; direction: 'D' | 'C'; amountFen: number }>): string {
  return buildTreasuryFile(
    { fileType: 'STM1', fileId: uuid7(), createdAt: new Date(), payerCode: 'ZZCZ0001', statementDate: date },
    lines.map((l, i) => ({ ...l, bankRef: `B${String(i + 1).padStart(8, '0')}`, valueDate: date.replace(/-/g, ''), memo: '惠企资金' })),
  );
}
