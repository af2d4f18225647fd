import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService, DomainError, FieldCipher, maskPhone, Principal, uuid7 } from '@app/core';
import { APPROVAL_OPTIONS, ApprovalOptions } from '../approval.options';
import { ApprovalClock } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { actorOf, PUBLIC_ACTOR } from '../application/application.types';
import { assertReviewer, loadScoped } from '../application/application-access';
import { ApplicationWorkflow } from '../application/application-workflow.service';
import { FirmNotifier } from '../notice/firm-notifier';
import { DisclosureService } from './disclosure.service';
import { ObjectionCounter, ObjectionListRow, ObjectionRepository } from './objection.repository';
import { OneTimeCodes, sourceDigest } from './one-time-code';
import { VERIFICATION_SENDER, VerificationSender } from './verification-sender.port';

/** What an objection is about. The firm sees only this label, never the objector's words or identity. */
/** An objection in the department's list: the row with its times as ISO text. */
export type ObjectionView = Omit<ObjectionListRow, 'createdAt' | 'resolvedAt'> & { createdAt: string; resolvedAt: string | null };

export const OBJECTION_CATEGORIES = {
  eligibility: '申报资格',
  data: '数据真实性',
  duplicate: '重复享受',
  credit: '信用状况',
  other: '其他',
} as const;
export type ObjectionCategory = keyof typeof OBJECTION_CATEGORIES;

/** Limits per hour (rolling): codes per phone and per source, objections per source and per objector (phone or account). */
export const OBJECTION_LIMITS = { codesPerPhone: 3, codesPerSource: 10, objectionsPerSource: 10, objectionsPerObjector: 5, codeAttempts: 5 };

export interface ObjectionInput {
  applicationId: string;
  contactName: string;
  category: ObjectionCategory;
  reason: string;
  verificationId?: string;
  code?: string;
}

/** Who is objecting: a logged-in user, or somebody at an address who proves a phone number by a code. */
export interface ObjectionCaller {
  user: Principal | null;
  source: string;
}

const isUuid = (v: string) => /^[0-9a-f-]{36}$/i.test(v);

/**
 * Objections to a 公示 list. Anyone may object, but not anonymously: a phone number proved by an SMS
 * code, or a logged-in account. Objections are limited per source address and per objector, every
 * one is audited (refusals too: ObjectionAuditInterceptor), the firm sees a neutral summary (the
 * category, not the text, never who objected), and staff may mark one as spam — audited with a
 * reason — which lifts the pause it put on the firm's payment.
 */
@Injectable()
export class ObjectionService {
  private readonly cipher: FieldCipher;
  private readonly codes: OneTimeCodes;

  constructor(
    private readonly objectionRepo: ObjectionRepository,
    private readonly repo: ApplicationRepository,
    private readonly workflow: ApplicationWorkflow,
    private readonly disclosures: DisclosureService,
    private readonly clock: ApprovalClock,
    private readonly audit: AuditService,
    private readonly notifier: FirmNotifier,
    @Inject(VERIFICATION_SENDER) private readonly sender: VerificationSender,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cipher = new FieldCipher(config.keys);
    this.codes = new OneTimeCodes(config.keys);
  }

  /** Within the last hour (the limits are per rolling hour). */
  private countSince(m: EntityManager, counter: ObjectionCounter): Promise<number> {
    return this.objectionRepo.countSince(m, counter, new Date(this.clock.now().getTime() - 3600_000));
  }

  private limited(what: string): DomainError {
    return new DomainError('OBJECTION.RATE_LIMITED', `${what}过于频繁，请一小时后再试`);
  }

  /** Step 1 for somebody not logged in: a code to the phone they give, limited per phone and per source. */
  async requestContactCode(roundId: string, phone: string, source: string): Promise<{ verificationId: string; expiresAt: string }> {
    await this.disclosures.liveRound(roundId);
    const phoneDigest = sourceDigest(this.config.keys, 'phone', phone);
    const srcDigest = sourceDigest(this.config.keys, 'ip', source);
    const issued = await this.objectionRepo.transaction(async (m) => {
      await this.objectionRepo.lock(m, `objection-code:${phoneDigest}`);
      await this.objectionRepo.lock(m, `objection-code:${srcDigest}`);
      if ((await this.countSince(m, { table: 'codes', by: 'phone', value: phoneDigest })) >= OBJECTION_LIMITS.codesPerPhone) {
        throw this.limited('向该手机号发送验证码');
      }
      if ((await this.countSince(m, { table: 'codes', by: 'source', value: srcDigest })) >= OBJECTION_LIMITS.codesPerSource) {
        throw this.limited('获取验证码');
      }
      const id = uuid7();
      const code = this.codes.issue(id);
      const expiresAt = new Date(this.clock.now().getTime() + this.options.verificationMinutes * 60_000);
      await this.objectionRepo.insertVerification(m, {
        id, roundId, phoneEnc: this.cipher.encrypt(phone), phoneDigest, sourceDigest: srcDigest, codeDigest: code.digest, codeKeyId: code.keyId, expiresAt, createdAt: this.clock.now(),
      });
      return { id, code: code.code, expiresAt };
    });
    await this.sender.sendToPhone(phone, issued.code, 'objection_contact');
    return { verificationId: issued.id, expiresAt: issued.expiresAt.toISOString() };
  }

  /** Checks and spends a contact code in its own transaction, so a wrong code counts (at most `codeAttempts`). */
  private async consumeCode(roundId: string, verificationId: string, code: string): Promise<{ phone: string; phoneDigest: string }> {
    const phone = await this.objectionRepo.transaction(async (m): Promise<{ phone: string; phoneDigest: string } | null> => {
      const v = isUuid(verificationId) ? await this.objectionRepo.lockVerification(m, verificationId, roundId) : null;
      if (!v || v.used_at || v.attempts >= OBJECTION_LIMITS.codeAttempts || new Date(v.expires_at) < this.clock.now()) return null;
      if (!this.codes.matches(verificationId, code, { digest: v.code_digest, keyId: v.code_key_id })) {
        await this.objectionRepo.countWrongCode(m, verificationId);
        return null;
      }
      await this.objectionRepo.spendCode(m, verificationId);
      return { phone: this.cipher.decrypt(v.phone_enc), phoneDigest: v.phone_digest };
    });
    if (!phone) throw new DomainError('OBJECTION.CODE_INVALID', '验证码错误或已失效');
    return phone;
  }

  async fileObjection(roundId: string, input: ObjectionInput, caller: ObjectionCaller): Promise<{ objectionId: string; status: 'open' }> {
    await this.disclosures.liveRound(roundId);
    const app = isUuid(input.applicationId) ? await this.repo.get(input.applicationId) : null;
    if (!app || app.disclosure_round_id !== roundId || !['in_disclosure', 'objection_raised'].includes(app.state)) {
      throw new DomainError('DISCLOSURE.ENTRY_NOT_FOUND', '公示名单中没有该申请', { applicationId: input.applicationId });
    }
    if (!caller.user && !(input.verificationId && input.code)) {
      throw new DomainError('OBJECTION.CONTACT_UNVERIFIED', '请先验证手机号（获取并填写短信验证码），或登录后提出异议');
    }
    const srcDigest = sourceDigest(this.config.keys, 'ip', caller.source);
    const bySource: ObjectionCounter = { table: 'objections', by: 'source', value: srcDigest };
    if ((await this.countSince(this.objectionRepo.manager, bySource)) >= OBJECTION_LIMITS.objectionsPerSource) throw this.limited('提出异议');
    const contact = caller.user ? null : await this.consumeCode(roundId, input.verificationId!, input.code!);
    return this.objectionRepo.transaction(async (m) => {
      const objector = contact ? `phone:${contact.phoneDigest}` : `user:${caller.user!.id}`;
      await this.objectionRepo.lock(m, `objection:${srcDigest}`);
      await this.objectionRepo.lock(m, `objection:${objector}`);
      if ((await this.countSince(m, bySource)) >= OBJECTION_LIMITS.objectionsPerSource) throw this.limited('提出异议');
      const objectorCount = await this.countSince(m, contact
        ? { table: 'objections', by: 'phone', value: contact.phoneDigest }
        : { table: 'objections', by: 'user', value: caller.user!.id });
      if (objectorCount >= OBJECTION_LIMITS.objectionsPerObjector) throw this.limited('同一联系人提出异议');
      const locked = await this.repo.get(app.id, m, true);
      if (!locked || locked.disclosure_round_id !== roundId || !['in_disclosure', 'objection_raised'].includes(locked.state)) {
        throw new DomainError('DISCLOSURE.ENTRY_NOT_FOUND', '公示名单中没有该申请', { applicationId: input.applicationId });
      }
      const id = uuid7();
      const phone = contact?.phone ?? null;
      await this.objectionRepo.insertObjection(m, {
        id, applicationId: app.id, roundId, contactName: input.contactName, contactEnc: this.cipher.encrypt(phone ?? `user:${caller.user!.username}`),
        contactMasked: phone ? maskPhone(phone) : `账号 ${caller.user!.username}`, reason: input.reason, category: input.category, verifiedBy: contact ? 'sms' : 'login',
        objectorUserId: caller.user?.id ?? null, phoneDigest: contact?.phoneDigest ?? null, sourceDigest: srcDigest, createdAt: this.clock.now(),
      });
      // The firm's timeline gets the category only: not the objector's words, not who they are.
      const node = { actor: PUBLIC_ACTOR, outcome: 'objection', comment: `收到公示异议（${OBJECTION_CATEGORIES[input.category]}），暂停办理待核查`, details: { objectionId: id } };
      if (locked.state === 'in_disclosure') await this.workflow.apply(m, locked, 'raise_objection', node);
      else await this.repo.note(m, app.id, { command: 'note', ...node });
      await this.audit.record({
        actor: caller.user ? { id: caller.user.id, username: caller.user.username, role: caller.user.role } : null,
        action: 'objection.filed', targetType: 'application', targetId: app.id,
        details: { objectionId: id, roundId, category: input.category, verifiedBy: contact ? 'sms' : 'login', contact: phone ? maskPhone(phone) : null, ip: caller.source },
      }, m);
      return { objectionId: id, status: 'open' as const };
    });
  }

  async objections(p: Principal, status = 'open'): Promise<ObjectionView[]> {
    const rows = await this.objectionRepo.list(status, p.departmentCode, p.role === 'admin' || p.role === 'leader' || p.role === 'auditor');
    const iso = (d: Date | string) => new Date(d).toISOString();
    return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt), resolvedAt: r.resolvedAt === null ? null : iso(r.resolvedAt) }));
  }

  private async lockObjection(m: EntityManager, p: Principal, objectionId: string) {
    const o = isUuid(objectionId) ? await this.objectionRepo.find(m, objectionId) : null;
    if (!o) throw new DomainError('OBJECTION.NOT_FOUND', '异议不存在', { id: objectionId });
    const app = await loadScoped(this.repo, p, o.application_id, m, true);
    assertReviewer(p, app);
    return { o, app };
  }

  /** Back in 公示 when no other objection is open; otherwise a note. */
  private async resume(m: EntityManager, app: Awaited<ReturnType<ObjectionService['lockObjection']>>['app'], node: { actor: ReturnType<typeof actorOf>; outcome: string; comment: string }) {
    if ((await this.objectionRepo.openCount(m, app.id)) > 0 || app.state !== 'objection_raised') {
      await this.repo.note(m, app.id, { command: 'note', ...node });
      return app.state;
    }
    return (await this.workflow.apply(m, app, 'dismiss_objection', node)).state;
  }

  /** 异议处理: upheld → the application is rejected (its reservation released); dismissed → back in 公示 when no other objection is open. */
  async resolveObjection(p: Principal, objectionId: string, decision: 'upheld' | 'dismissed', resolution: string): Promise<{ applicationState: string }> {
    return this.objectionRepo.transaction(async (m) => {
      const { app } = await this.lockObjection(m, p, objectionId);
      if (!(await this.objectionRepo.close(m, objectionId, decision, p.id, resolution))) throw new DomainError('OBJECTION.INVALID_STATE', '该异议已处理');
      const node = { actor: actorOf(p), outcome: decision, comment: `异议核查结论：${decision === 'upheld' ? '异议成立' : '异议不成立'}。${resolution}` };
      await this.audit.record({ actor: p, action: `objection.${decision}`, targetType: 'objection', targetId: objectionId, details: { applicationId: app.id, resolution } }, m);
      if (decision === 'upheld') {
        await this.objectionRepo.upholdOpen(m, app.id, p.id, '同一申请的异议已成立');
        const row = await this.workflow.apply(m, app, 'uphold_objection', node, { decided_at: this.clock.now() });
        await this.notifier.notify(m, [row], { kind: 'rejected', key: (a) => String(a.version), body: (a) => `您的「${a.item_name}」在公示期间收到异议，经核查异议成立，不予兑现：${resolution}` });
        return { applicationState: row.state };
      }
      return { applicationState: await this.resume(m, app, node) };
    });
  }

  /**
   * Staff mark an objection as spam (abusive or meaningless, not examined on its merits): audited
   * with the reason; the firm's payment is no longer held by it (back in 公示, or confirmable when
   * the 公示 has ended) unless another objection is open.
   */
  async markSpam(p: Principal, objectionId: string, reason: string): Promise<{ applicationState: string }> {
    return this.objectionRepo.transaction(async (m) => {
      const { app } = await this.lockObjection(m, p, objectionId);
      if (!(await this.objectionRepo.close(m, objectionId, 'spam', p.id, reason))) throw new DomainError('OBJECTION.INVALID_STATE', '该异议已处理');
      await this.audit.record({ actor: p, action: 'objection.spam', targetType: 'objection', targetId: objectionId,
        before: { status: 'open' }, after: { status: 'spam' }, details: { applicationId: app.id, reason } }, m);
      const state = await this.resume(m, app, { actor: actorOf(p), outcome: 'spam', comment: '经核查该异议为无效异议，不影响办理' });
      return { applicationState: state };
    });
  }
}
