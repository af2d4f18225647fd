import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, Principal, uuid7 } from '@app/core';
import { chinaDate } from '@app/approvals';
import { loadScoped } from '../appeal/appeal-access';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { AppealClock } from '../appeal/appeal.clock';
import { APPEAL_STATE_LABELS } from '../appeal/appeal.states';
import { AppealActor, AppealRow, LETTER_KIND_LABELS, LetterKind } from '../appeal/appeal.types';
import { AppealRepository } from '../appeal/appeal.repository';
import { AppealWorkflow } from '../appeal/appeal-workflow.service';
import { CITY_SUPERVISION, NewNotice, AppealNoticeService } from '../notices/notice.service';
import { renderLetter } from './letter-renderer';
import { LetterRepository } from './letter.repository';
import { LetterView } from './supervision.views';

const PREFIX: Record<LetterKind, string> = { assignment: '郑诉交', reminder: '郑诉提', supervision: '郑诉督' };
export const DEFAULT_REQUIREMENTS = '1. 收到本函后按时签收，首问负责，不得推诿；\n2. 按时报送办理进展，确需延期的书面申请并说明理由；\n3. 答复企业时写明解决结果，确因客观原因暂难解决的，向企业做好解释；\n4. 办理结果以企业满意为标准，企业不满意的将二次督办。';

/**
 * The "letters" (函): a 交办函 with every assignment, a 提示函 when quality is low or the firm raises it
 * again, a 督办函 when overdue (004's 两函). Each is numbered per kind and year, stored as printable HTML,
 * noted on the timeline and sent to the lead unit (and co-units) through the notices.
 */
@Injectable()
export class LetterService {
  constructor(
    private readonly letters: LetterRepository,
    private readonly repo: AppealRepository,
    private readonly workflow: AppealWorkflow,
    private readonly directory: AppealDirectory,
    private readonly notices: AppealNoticeService,
    private readonly clock: AppealClock,
  ) {}

  private async nextNumber(m: EntityManager, kind: LetterKind, year: string): Promise<string> {
    const value = await this.letters.nextValue(m, `letter:${kind}:${year}`);
    return `${PREFIX[kind]}〔${year}〕${value}号`;
  }

  /** Issues a letter on an appeal in the caller's transaction; returns the appeal after the timeline note. */
  async issue(m: EntityManager, a: AppealRow, kind: LetterKind, actor: AppealActor, o: { reason?: string | null; requirements?: string | null } = {}): Promise<{ appeal: AppealRow; letter: LetterView }> {
    const now = this.clock.now();
    const today = chinaDate(now);
    const cats = await this.directory.categoryMap(m);
    const names = await this.directory.departmentNames(m);
    const name = (c: string) => this.directory.ref(names, c)!.name;
    const number = await this.nextNumber(m, kind, today.slice(0, 4));
    const recipientDept = a.lead_department;
    const html = renderLetter({
      kind, number, issuer: '亲清政企服务平台（营商环境督办）', issuedOn: today, recipient: recipientDept ? name(recipientDept) : '包联干部',
      appealNumber: a.number, enterpriseName: a.enterprise_name, categoryLabel: cats.get(a.category)?.name ?? a.category, title: a.title,
      description: a.description, receivedOn: chinaDate(new Date(a.received_at)), leadDepartment: recipientDept ? name(recipientDept) : null,
      coDepartments: a.co_departments.map(name), state: APPEAL_STATE_LABELS[a.state],
      deadlines: [['签收', a.accept_due], ['报送进展', a.progress_due], ['答复企业', a.answer_due], ['二次督办答复', a.second_due]],
      requirements: o.requirements?.trim() || DEFAULT_REQUIREMENTS, reason: o.reason ?? null,
    });
    const id = uuid7();
    const title = `${LETTER_KIND_LABELS[kind]} ${number}`;
    await this.letters.insert(m, { id, appealId: a.id, kind, number, departmentCode: recipientDept, title, reason: o.reason ?? null, html, issuedBy: actor.id, issuedAt: now });
    const appeal = await this.workflow.note(m, a, 'letter', { actor, at: now, outcome: kind, comment: `${title}${o.reason ? `：${o.reason}` : ''}`, details: { letterId: id, number } });
    const text = `${a.enterprise_name}反映的「${a.title}」（${a.number}）：${LETTER_KIND_LABELS[kind]}${number}${a.answer_due ? `，答复时限 ${a.answer_due}` : ''}。请登录平台查看。`;
    const to: NewNotice[] = recipientDept
      ? [recipientDept, ...(kind === 'assignment' ? a.co_departments : [])].map((d) => ({ appealId: a.id, kind: 'letter' as const, recipient: { kind: 'department' as const, id: d }, title, text }))
      : a.officer_id ? [{ appealId: a.id, kind: 'letter', recipient: { kind: 'user', id: a.officer_id }, title, text }] : [];
    if (kind === 'supervision') to.push({ appealId: a.id, kind: 'letter', recipient: { kind: 'department', id: a.district_code && a.level === 'district' ? a.district_code : CITY_SUPERVISION }, title, text });
    await this.notices.record(m, to);
    return { appeal, letter: { id, appealId: a.id, kind, kindLabel: LETTER_KIND_LABELS[kind], number, departmentCode: recipientDept, title, reason: o.reason ?? null, issuedAt: now.toISOString() } };
  }

  async list(p: Principal, appealId: string): Promise<LetterView[]> {
    await loadScoped(this.repo, p, appealId);
    const rows = await this.letters.ofAppeal(appealId);
    return rows.map((r) => ({ id: r.id, appealId, kind: r.kind, kindLabel: LETTER_KIND_LABELS[r.kind], number: r.number, departmentCode: r.department_code,
      title: r.title, reason: r.reason, issuedAt: new Date(r.issued_at).toISOString() }));
  }

  /** The printable letter. Firms do not see the government's internal letters. */
  async html(p: Principal, appealId: string, letterId: string): Promise<string> {
    await loadScoped(this.repo, p, appealId);
    if (p.role === 'enterprise') throw new DomainError('LETTER.NOT_FOUND', '函件不存在', { id: letterId });
    const html = await this.letters.html(appealId, letterId);
    if (html === null) throw new DomainError('LETTER.NOT_FOUND', '函件不存在', { id: letterId });
    return html;
  }
}
