import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService, DomainError, FieldCipher, maskAccount, OutboxService, Principal, uuid7 } from '@app/core';
import { ApplicationReadyForPayoutPayload, EventNames } from '@app/contracts';
import { EnterprisesService } from '@app/enterprises';
import { ItemVersionRepository } from '@app/policies';
import { APPROVAL_OPTIONS, ApprovalOptions, budgetSubjectFor } from '../approval.options';
import { ApprovalClock } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { actorOf, ApplicationRow, ApplicationView, SYSTEM_ACTOR, toApplicationView } from '../application/application.types';
import { enterpriseOf, loadScoped } from '../application/application-access';
import { ApplicationWorkflow } from '../application/application-workflow.service';
import { InboxAppliedAdapter } from '../application/inbox-applied.adapter';
import { AccountVerificationRepository } from './account-verification.repository';
import { DisclosureRepository } from './disclosure.repository';
import { OneTimeCodes } from './one-time-code';
import { VERIFICATION_SENDER, VerificationSender } from './verification-sender.port';

export interface AccountChange {
  holderName: string;
  bankName: string | null;
  accountNumber: string;
}

interface Payee {
  name: string;
  bankName: string | null;
  accountEncrypted: string;
  accountMasked: string;
}

/** Wrong codes a verification takes before it is dead; codes sent per application and per firm in an hour. */
export const ACCOUNT_CODE_LIMITS = { attempts: 5, perApplicationPerHour: 3, perEnterprisePerHour: 10 };

/**
 * After 公示 the firm confirms its receiving account in one step (the one on file), or changes it:
 * the new account's holder must be the firm itself, and a code sent to the firm's registered
 * contact must be entered. Confirmation makes the application ready_for_payout and emits
 * `application.ready_for_payout` in the same transaction (the account encrypted, never in clear).
 */
@Injectable()
export class ConfirmationService {
  private readonly cipher: FieldCipher;
  private readonly codes: OneTimeCodes;

  constructor(
    private readonly accounts: AccountVerificationRepository,
    private readonly rounds: DisclosureRepository,
    private readonly repo: ApplicationRepository,
    private readonly workflow: ApplicationWorkflow,
    private readonly enterprises: EnterprisesService,
    private readonly versions: ItemVersionRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly inbox: InboxAppliedAdapter,
    private readonly clock: ApprovalClock,
    @Inject(VERIFICATION_SENDER) private readonly sender: VerificationSender,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new FieldCipher(config.keys);
    this.codes = new OneTimeCodes(config.keys);
  }

  /** At most a few codes per application and per firm in an hour: a new code must not reset the attempts for free. */
  private async assertCodeQuota(m: EntityManager, app: ApplicationRow): Promise<void> {
    const since = new Date(this.clock.now().getTime() - 3600_000);
    const { perApp, perFirm } = await this.accounts.issuedSince(m, app.id, app.enterprise_id, since);
    if (perApp >= ACCOUNT_CODE_LIMITS.perApplicationPerHour || perFirm >= ACCOUNT_CODE_LIMITS.perEnterprisePerHour) {
      throw new DomainError('ACCOUNT.VERIFICATION_RATE_LIMITED', '验证码发送过于频繁，请一小时后再试');
    }
  }

  /** Step 1 of changing the account: checks the holder name and sends a verification code. */
  async requestAccountChange(p: Principal, id: string, change: AccountChange): Promise<{ verificationId: string; expiresAt: string }> {
    enterpriseOf(p);
    const account = change.accountNumber.replace(/\s/g, '');
    if (!/^\d{10,30}$/.test(account)) throw new DomainError('ACCOUNT.INVALID_NUMBER', '银行账号应为 10–30 位数字');
    return this.accounts.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, id, m, true);
      if (!['approved', 'in_disclosure', 'payout_failed'].includes(app.state)) {
        throw new DomainError('APPLICATION.INVALID_STATE', '当前状态不能变更收款账户', { state: app.state });
      }
      if (change.holderName.trim() !== app.enterprise_name.trim()) {
        throw new DomainError('ACCOUNT.HOLDER_MISMATCH', '收款账户户名必须与企业名称一致', { expected: app.enterprise_name });
      }
      await this.assertCodeQuota(m, app);
      const verificationId = uuid7();
      const issued = this.codes.issue(verificationId);
      const code = issued.code;
      const expiresAt = new Date(this.clock.now().getTime() + this.options.verificationMinutes * 60_000);
      await this.accounts.insert(m, {
        id: verificationId, applicationId: id, holderName: change.holderName.trim(), bankName: change.bankName, accountEnc: this.cipher.encrypt(account),
        accountMasked: maskAccount(account), codeHash: issued.digest, codeKeyId: issued.keyId, expiresAt, createdAt: this.clock.now(),
      });
      await this.repo.note(m, id, { command: 'note', actor: actorOf(p), outcome: 'account_change_requested', comment: `申请变更收款账户为 ${maskAccount(account)}，已发送验证码` });
      await this.sender.send(app.enterprise_id, code, 'account_change');
      return { verificationId, expiresAt: expiresAt.toISOString() };
    });
  }

  /**
   * Checks and consumes a code in its own transaction, so a wrong code is counted (at most
   * ACCOUNT_CODE_LIMITS.attempts) even though the confirmation then fails. Only a keyed digest of
   * the code is stored (OneTimeCodes).
   */
  private async consumeCode(appId: string, verificationId: string, code: string): Promise<Payee> {
    const payee = await this.accounts.transaction(async (m): Promise<Payee | null> => {
      const v = /^[0-9a-f-]{36}$/i.test(verificationId) ? await this.accounts.lock(m, verificationId, appId) : null;
      if (!v || v.used_at || v.attempts >= ACCOUNT_CODE_LIMITS.attempts || new Date(v.expires_at) < this.clock.now()) return null;
      if (!this.codes.matches(verificationId, code, { digest: v.code_hash, keyId: v.code_key_id })) {
        await this.accounts.countWrongCode(m, verificationId);
        return null;
      }
      await this.accounts.spend(m, verificationId);
      return { name: v.holder_name, bankName: v.bank_name, accountEncrypted: v.account_enc, accountMasked: v.account_masked };
    });
    if (!payee) throw new DomainError('ACCOUNT.VERIFICATION_FAILED', '验证码错误或已失效');
    return payee;
  }

  /** 确认: the account on file, or a verified new one → confirmed → ready_for_payout + event. */
  async confirm(p: Principal, id: string, input: { verificationId?: string; code?: string }): Promise<ApplicationView> {
    enterpriseOf(p);
    await loadScoped(this.repo, p, id);
    const verified = input.verificationId ? await this.consumeCode(id, input.verificationId, input.code ?? '') : null;
    return this.accounts.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, id, m, true);
      const openedAt = await this.assertConfirmable(m, app);
      let payee: Payee;
      if (verified) {
        payee = verified;
      } else {
        const onFile = await this.enterprises.bankAccount(app.enterprise_id, m);
        if (!onFile?.accountEncrypted || !onFile.accountMasked) throw new DomainError('ACCOUNT.REQUIRED', '企业档案中没有收款账户，请填写并验证新账户');
        payee = { name: onFile.name, bankName: onFile.bankName, accountEncrypted: onFile.accountEncrypted, accountMasked: onFile.accountMasked };
      }
      const confirmed = await this.workflow.apply(m, app, app.state === 'payout_failed' ? 'reconfirm' : 'confirm', {
        actor: actorOf(p), outcome: 'confirmed', comment: `企业确认收款账户 ${payee.accountMasked}（${payee.bankName ?? '开户行未填'}）`,
      }, { payee_name: payee.name, payee_bank_name: payee.bankName, payee_account_enc: payee.accountEncrypted, payee_account_masked: payee.accountMasked, confirmed_at: this.clock.now(),
        // a firm confirming before the deadline run opened its window: the window opened when 公示 ended (or at approval)
        ...(app.confirm_opened_at || !openedAt ? {} : { confirm_opened_at: openedAt }) });
      const ready = await this.release(m, confirmed);
      await this.inbox.markApplied(m, app.enterprise_id, app.item_id);
      return toApplicationView(ready);
    });
  }

  /**
   * 即申即享 and 承诺兑现 are confirmed right after approval; the others after their 公示 ended (an
   * application reopened after lapsing is approved again with its 公示 behind it). Returns when the
   * firm could first confirm.
   */
  private async assertConfirmable(m: EntityManager, app: ApplicationRow): Promise<Date | null> {
    if (app.state !== 'approved' && app.state !== 'in_disclosure') return null;
    if (app.state === 'approved' && (app.mode === 'instant' || app.mode === 'commitment')) return new Date(app.state_since);
    const endsAt = app.disclosure_round_id ? await this.rounds.roundEnd(app.disclosure_round_id, m) : null;
    if (app.state === 'approved' && !endsAt) throw new DomainError('APPLICATION.DISCLOSURE_REQUIRED', '审核通过后须经公示，公示期满后方可确认');
    if (!endsAt || endsAt > this.clock.now()) {
      throw new DomainError('APPLICATION.DISCLOSURE_NOT_ENDED', '公示期尚未结束', { endsAt: endsAt ? endsAt.toISOString() : null });
    }
    return new Date(Math.max(endsAt.getTime(), new Date(app.state_since).getTime()));
  }

  private async districtOf(m: EntityManager, enterpriseId: string): Promise<string | null> {
    const facts = await this.enterprises.factsBatch({ ids: [enterpriseId] }, m);
    return facts[0]?.facts.districtCode ?? null;
  }

  /** confirmed → ready_for_payout with the event the payout center turns into one instruction. */
  private async release(m: EntityManager, app: ApplicationRow): Promise<ApplicationRow> {
    const row = await this.workflow.apply(m, app, 'release', { actor: SYSTEM_ACTOR, outcome: 'sent_to_payout', comment: '已推送兑付中心，等待拨付' });
    const v = await this.versions.byId(row.item_version_id, m);
    const payload: ApplicationReadyForPayoutPayload = {
      applicationId: row.id, enterpriseId: row.enterprise_id, enterpriseName: row.enterprise_name, itemId: row.item_id,
      itemVersionId: row.item_version_id, itemName: row.item_name, departmentCode: row.department_code, fundPoolId: row.item_id,
      amountFen: Number(row.reserved_fen), payeeName: row.payee_name!, payeeAccountEncrypted: row.payee_account_enc!,
      payeeAccountMasked: row.payee_account_masked!, payeeBankName: row.payee_bank_name, budgetSubject: budgetSubjectFor(this.options, v?.itemCode ?? null),
      districtCode: (row.facts as { districtCode?: string | null } | null)?.districtCode ?? (await this.districtOf(m, row.enterprise_id)),
      fundPoolBudgetFen: v?.fundPoolFen ?? null,
    };
    await this.outbox.append(m, { name: EventNames.ApplicationReadyForPayout, aggregateType: 'application', aggregateId: row.id, payload });
    return row;
  }
}

