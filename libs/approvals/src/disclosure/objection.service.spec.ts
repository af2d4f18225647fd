import { AuditService, DomainError, loadConfig, Principal } from '@app/core';
import { DEFAULT_APPROVAL_OPTIONS } from '../approval.options';
import { ApplicationRepository } from '../application/application.repository';
import { ApplicationWorkflow } from '../application/application-workflow.service';
import { ApprovalClock } from '../clock';
import { FirmNotifier } from '../notice/firm-notifier';
import { DisclosureService } from './disclosure.service';
import { ContactVerificationRow, NewContactVerification, NewObjection, ObjectionCounter, ObjectionRepository } from './objection.repository';
import { OBJECTION_LIMITS, ObjectionService } from './objection.service';
import { VerificationSender } from './verification-sender.port';

/** The objection rules (who may object, how often, with which code) on an in-memory repository; the SQL has its integration suite. */
const ROUND = '0190a000-0000-7000-8000-00000000000a';
const APP = '0190a000-0000-7000-8000-00000000000b';
const NOW = new Date('2026-05-20T02:00:00Z');
const config = loadConfig({});
const reviewer: Principal = { id: 'u-rev', username: 'kjj_reviewer', displayName: '审核', role: 'dept_reviewer', departmentCode: 'kjj', enterpriseId: null };
const firmUser: Principal = { id: 'u-firm', username: 'firm2', displayName: '企业', role: 'enterprise', departmentCode: null, enterpriseId: 'e2' };

class MemoryObjections {
  counts = new Map<string, number>();
  verifications = new Map<string, NewContactVerification & { attempts: number; used: boolean }>();
  objections: NewObjection[] = [];
  closable = true;
  get manager() { return {} as never; }
  transaction<T>(work: (m: never) => Promise<T>): Promise<T> { return work({} as never); }
  lock = async () => undefined;
  countSince = async (_m: unknown, c: ObjectionCounter) => this.counts.get(`${c.table}:${c.by}`) ?? 0;
  insertVerification = async (_m: unknown, v: NewContactVerification) => { this.verifications.set(v.id, { ...v, attempts: 0, used: false }); };
  lockVerification = async (_m: unknown, id: string): Promise<ContactVerificationRow | null> => {
    const v = this.verifications.get(id);
    return v ? { phone_enc: v.phoneEnc, phone_digest: v.phoneDigest, code_digest: v.codeDigest, code_key_id: v.codeKeyId, attempts: v.attempts, expires_at: v.expiresAt, used_at: v.used ? NOW : null } : null;
  };
  countWrongCode = async (_m: unknown, id: string) => { this.verifications.get(id)!.attempts += 1; };
  spendCode = async (_m: unknown, id: string) => { this.verifications.get(id)!.used = true; };
  insertObjection = async (_m: unknown, o: NewObjection) => { this.objections.push(o); };
  find = async () => ({ application_id: APP, status: 'open' });
  openCount = async () => 0;
  close = async () => this.closable;
  upholdOpen = async () => undefined;
}

function setup(appState = 'in_disclosure') {
  const repo = new MemoryObjections();
  const sent: string[] = [];
  const app = { id: APP, disclosure_round_id: ROUND, state: appState, department_code: 'kjj', enterprise_id: 'e1', version: 3 };
  const applications = { get: async () => app, note: async () => undefined } as unknown as ApplicationRepository;
  const workflow = { apply: async (_m: unknown, a: typeof app) => ({ ...a, state: 'objection_raised' }) } as unknown as ApplicationWorkflow;
  const disclosures = { liveRound: async () => ({}) } as unknown as DisclosureService;
  const clock = { now: () => NOW } as ApprovalClock;
  const audit = { record: async () => undefined } as unknown as AuditService;
  const sender = { sendToPhone: async (_phone: string, code: string) => { sent.push(code); } } as unknown as VerificationSender;
  const service = new ObjectionService(repo as unknown as ObjectionRepository, applications, workflow, disclosures, clock, audit, {} as FirmNotifier, sender,
    DEFAULT_APPROVAL_OPTIONS, config);
  return { service, repo, sent };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));
const input = (extra: Record<string, string> = {}) => ({ applicationId: APP, contactName: '张三', category: 'data' as const, reason: '营收数据与实际不符', ...extra });

describe('ObjectionService', () => {
  it('takes an objection from a logged-in user, and tells nobody who objected (the contact is masked, the text stays with staff)', async () => {
    const { service, repo } = setup();
    expect(await service.fileObjection(ROUND, input(), { user: firmUser, source: '10.0.0.1' })).toMatchObject({ status: 'open' });
    expect(repo.objections).toHaveLength(1);
    expect(repo.objections[0]).toMatchObject({ verifiedBy: 'login', contactMasked: '账号 firm2', objectorUserId: 'u-firm', phoneDigest: null });
  });

  it('refuses somebody not logged in without a proved phone, an application not on the list, and writes nothing', async () => {
    const { service, repo } = setup();
    expect(await code(service.fileObjection(ROUND, input(), { user: null, source: '10.0.0.1' }))).toBe('OBJECTION.CONTACT_UNVERIFIED');
    expect(await code(service.fileObjection(ROUND, input({ applicationId: 'not-a-uuid' }), { user: firmUser, source: '10.0.0.1' }))).toBe('DISCLOSURE.ENTRY_NOT_FOUND');
    const paid = setup('paid');
    expect(await code(paid.service.fileObjection(ROUND, input(), { user: firmUser, source: '10.0.0.1' }))).toBe('DISCLOSURE.ENTRY_NOT_FOUND');
    expect(repo.objections).toEqual([]);
  });

  it('limits objections per source and per objector in the rolling hour', async () => {
    const bySource = setup();
    bySource.repo.counts.set('objections:source', OBJECTION_LIMITS.objectionsPerSource);
    expect(await code(bySource.service.fileObjection(ROUND, input(), { user: firmUser, source: '10.0.0.1' }))).toBe('OBJECTION.RATE_LIMITED');
    const byUser = setup();
    byUser.repo.counts.set('objections:user', OBJECTION_LIMITS.objectionsPerObjector);
    expect(await code(byUser.service.fileObjection(ROUND, input(), { user: firmUser, source: '10.0.0.1' }))).toBe('OBJECTION.RATE_LIMITED');
    expect([...bySource.repo.objections, ...byUser.repo.objections]).toEqual([]);
  });

  it('proves a phone by a code: a wrong code counts, the right one is spent once, and the objection carries the masked phone', async () => {
    const { service, repo, sent } = setup();
    const { verificationId } = await service.requestContactCode(ROUND, '13800138000', '10.0.0.2');
    const wrong = sent[0] === '000000' ? '111111' : '000000';
    expect(await code(service.fileObjection(ROUND, input({ verificationId, code: wrong }), { user: null, source: '10.0.0.2' }))).toBe('OBJECTION.CODE_INVALID');
    expect(repo.verifications.get(verificationId)!.attempts).toBe(1);
    expect(await code(service.fileObjection(ROUND, input({ verificationId, code: sent[0] }), { user: null, source: '10.0.0.2' }))).toBe('resolved');
    expect(repo.objections[0]).toMatchObject({ verifiedBy: 'sms', contactMasked: '138****8000', objectorUserId: null });
    expect(await code(service.fileObjection(ROUND, input({ verificationId, code: sent[0] }), { user: null, source: '10.0.0.2' }))).toBe('OBJECTION.CODE_INVALID');
    expect(repo.objections).toHaveLength(1);
  });

  it('sends at most so many codes to a phone in an hour', async () => {
    const { service, repo, sent } = setup();
    repo.counts.set('codes:phone', OBJECTION_LIMITS.codesPerPhone);
    expect(await code(service.requestContactCode(ROUND, '13800138000', '10.0.0.2'))).toBe('OBJECTION.RATE_LIMITED');
    expect(sent).toEqual([]);
  });

  it('answers OBJECTION.INVALID_STATE for an objection already handled', async () => {
    const { service, repo } = setup('objection_raised');
    repo.closable = false;
    expect(await code(service.resolveObjection(reviewer, '0190a000-0000-7000-8000-00000000000c', 'dismissed', '经核查数据属实'))).toBe('OBJECTION.INVALID_STATE');
    expect(await code(service.markSpam(reviewer, 'not-a-uuid', '广告'))).toBe('OBJECTION.NOT_FOUND');
  });
});
