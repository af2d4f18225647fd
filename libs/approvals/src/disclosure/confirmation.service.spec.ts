import { AuditService, DomainError, loadConfig, OutboxService, Principal } from '@app/core';
import { EnterprisesService } from '@app/enterprises';
import { ItemVersionRepository } from '@app/policies';
import { DEFAULT_APPROVAL_OPTIONS } from '../approval.options';
import { ApplicationRepository } from '../application/application.repository';
import { ApplicationRow } from '../application/application.types';
import { ApplicationWorkflow } from '../application/application-workflow.service';
import { InboxAppliedAdapter } from '../application/inbox-applied.adapter';
import { ApprovalClock } from '../clock';
import { AccountVerificationRepository, NewAccountVerification } from './account-verification.repository';
import { ACCOUNT_CODE_LIMITS, ConfirmationService } from './confirmation.service';
import { DisclosureRepository } from './disclosure.repository';
import { VerificationSender } from './verification-sender.port';

/** The confirmation rules on in-memory stand-ins (the SQL: the approvals and journey integration suites). */
const APP = '0190a000-0000-7000-8000-0000000000c1';
const NOW = new Date('2026-06-01T02:00:00Z');
const firm: Principal = { id: 'u-firm', username: 'firm1', displayName: '企业', role: 'enterprise', departmentCode: null, enterpriseId: 'e1' };

function setup(app: Partial<ApplicationRow>, roundEnd: Date | null = null) {
  const row = { id: APP, enterprise_id: 'e1', enterprise_name: '郑州甲科技有限公司', state: 'in_disclosure', mode: 'application', disclosure_round_id: 'r1',
    state_since: new Date('2026-05-01T00:00:00Z'), confirm_opened_at: null, item_id: 'i1', item_version_id: 'v1', amount_fen: 1000, reserved_fen: 1000, item_name: '研发补贴', ...app } as unknown as ApplicationRow;
  const issued: NewAccountVerification[] = [];
  const sent: string[] = [];
  const events: string[] = [];
  let counts = { perApp: 0, perFirm: 0 };
  const accounts = {
    transaction: <T>(work: (m: never) => Promise<T>) => work({} as never),
    issuedSince: async () => counts,
    insert: async (_m: unknown, v: NewAccountVerification) => { issued.push(v); },
    lock: async () => null,
  } as unknown as AccountVerificationRepository;
  const rounds = { roundEnd: async () => roundEnd } as unknown as DisclosureRepository;
  const repo = { get: async () => row, note: async () => undefined } as unknown as ApplicationRepository;
  const workflow = { apply: async (_m: unknown, a: ApplicationRow, command: string) => ({ ...a, state: command === 'release' ? 'ready_for_payout' : 'confirmed', reserved_fen: 1000 }) } as unknown as ApplicationWorkflow;
  const enterprises = {
    bankAccount: async () => ({ name: '郑州甲科技有限公司', bankName: '工商银行', accountEncrypted: 'enc', accountMasked: '622202******0123' }),
    factsBatch: async () => [],
  } as unknown as EnterprisesService;
  const versions = { byId: async () => null } as unknown as ItemVersionRepository;
  const outbox = { append: async (_m: unknown, e: { name: string }) => { events.push(e.name); } } as unknown as OutboxService;
  const sender = { send: async (_e: string, code: string) => { sent.push(code); } } as unknown as VerificationSender;
  const service = new ConfirmationService(accounts, rounds, repo, workflow, enterprises, versions, outbox, { record: async () => undefined } as unknown as AuditService,
    { markApplied: async () => undefined } as unknown as InboxAppliedAdapter, { now: () => NOW } as ApprovalClock, sender, DEFAULT_APPROVAL_OPTIONS, loadConfig({}));
  return { service, issued, sent, events, setCounts: (c: typeof counts) => (counts = c) };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));
const change = { holderName: '郑州甲科技有限公司', bankName: '建设银行', accountNumber: '6217 0000 1111 2222 333' };

describe('ConfirmationService', () => {
  it('confirms the account on file once 公示 has ended, and hands the application to the payout center (application.ready_for_payout)', async () => {
    const { service, events } = setup({}, new Date('2026-05-30T15:59:59Z'));
    expect(await service.confirm(firm, APP, {})).toMatchObject({ state: 'ready_for_payout' });
    expect(events).toEqual(['application.ready_for_payout']);
  });

  it('refuses before 公示 ends, and an approved application that never went through 公示', async () => {
    expect(await code(setup({}, new Date('2026-06-05T15:59:59Z')).service.confirm(firm, APP, {}))).toBe('APPLICATION.DISCLOSURE_NOT_ENDED');
    expect(await code(setup({ state: 'approved', disclosure_round_id: null } as Partial<ApplicationRow>).service.confirm(firm, APP, {}))).toBe('APPLICATION.DISCLOSURE_REQUIRED');
  });

  it('lets 即申即享 and 承诺兑现 confirm right after approval', async () => {
    for (const mode of ['instant', 'commitment'] as const) {
      const { service, events } = setup({ state: 'approved', mode, disclosure_round_id: null } as Partial<ApplicationRow>);
      expect(await code(service.confirm(firm, APP, {}))).toBe('resolved');
      expect(events).toEqual(['application.ready_for_payout']);
    }
  });

  it('a new account: the holder must be the firm, the number digits, codes limited per application and firm; a good request sends a code', async () => {
    const t = setup({});
    expect(await code(t.service.requestAccountChange(firm, APP, { ...change, holderName: '别的公司' }))).toBe('ACCOUNT.HOLDER_MISMATCH');
    expect(await code(t.service.requestAccountChange(firm, APP, { ...change, accountNumber: '12ab' }))).toBe('ACCOUNT.INVALID_NUMBER');
    t.setCounts({ perApp: ACCOUNT_CODE_LIMITS.perApplicationPerHour, perFirm: 0 });
    expect(await code(t.service.requestAccountChange(firm, APP, change))).toBe('ACCOUNT.VERIFICATION_RATE_LIMITED');
    expect(t.issued).toEqual([]);
    t.setCounts({ perApp: 0, perFirm: 0 });
    await t.service.requestAccountChange(firm, APP, change);
    expect(t.issued).toHaveLength(1);
    expect(t.issued[0]).toMatchObject({ holderName: '郑州甲科技有限公司', accountMasked: expect.stringMatching(/^621700\*+2333$/) });
    expect(t.sent).toHaveLength(1);
  });

  it('a wrong or unknown code confirms nothing', async () => {
    const { service, events } = setup({}, new Date('2026-05-30T15:59:59Z'));
    expect(await code(service.confirm(firm, APP, { verificationId: 'not-a-uuid', code: '123456' }))).toBe('ACCOUNT.VERIFICATION_FAILED');
    expect(events).toEqual([]);
  });
});
