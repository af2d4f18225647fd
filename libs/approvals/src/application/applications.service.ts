import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEPARTMENT_SCOPED_ROLES, DomainError, Page, Principal, uuid7 } from '@app/core';
import { EnterpriseFactsRecord, EnterprisesService } from '@app/enterprises';
import { ItemMatcher, ItemVersionRepository, ItemVersionView, todayInChina } from '@app/policies';
import { ApprovalClock } from '../clock';
import { ConfirmationDeadlines } from '../deadline/confirmation-deadlines.service';
import { periodOf, SCREENING_LABELS, windowOpen } from '../pipeline/eligibility';
import { ScreeningService } from '../pipeline/screening.service';
import { ApplicationState } from './application.states';
import { actorOf, ApplicationRow, ApplicationView, SYSTEM_ACTOR, TimelineNode, toApplicationView } from './application.types';
import { ApplicationRepository } from './application.repository';
import { enterpriseOf, loadScoped } from './application-access';
import { ApplicationWorkflow } from './application-workflow.service';
import { InboxAppliedAdapter } from './inbox-applied.adapter';
import { MaterialsRepository } from './materials.repository';

export interface ApplicationFilter {
  state?: ApplicationState;
  itemId?: string;
  page: number;
  pageSize: number;
}

const APPLICANT_MODES = new Set(['application', 'instant', 'commitment']);

/**
 * The firm's side of 申请制 / 即申即享: apply to an item it matches, upload materials, sign the
 * credit commitment, submit (eligibility re-checked against the current profile and the version in
 * effect), withdraw; and everyone's read side (details, timeline) within their scope.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly repo: ApplicationRepository,
    private readonly materials: MaterialsRepository,
    private readonly workflow: ApplicationWorkflow,
    private readonly versions: ItemVersionRepository,
    private readonly enterprises: EnterprisesService,
    private readonly screening: ScreeningService,
    private readonly inbox: InboxAppliedAdapter,
    private readonly clock: ApprovalClock,
    private readonly deadlines: ConfirmationDeadlines,
  ) {}

  async get(p: Principal, id: string): Promise<ApplicationView> {
    const app = await loadScoped(this.repo, p, id);
    return toApplicationView(app, p.role !== 'enterprise');
  }

  async timeline(p: Principal, id: string): Promise<TimelineNode[]> {
    await loadScoped(this.repo, p, id);
    return this.repo.timeline(id);
  }

  async list(p: Principal, f: ApplicationFilter): Promise<Page<ApplicationView>> {
    const { rows, total } = await this.repo.page({
      enterpriseId: p.role === 'enterprise' ? enterpriseOf(p) : undefined,
      departmentCode: DEPARTMENT_SCOPED_ROLES.includes(p.role) ? p.departmentCode : undefined,
      state: f.state, itemId: f.itemId,
    }, f.page, f.pageSize);
    return { items: rows.map((r) => toApplicationView(r, p.role !== 'enterprise')), total, page: f.page, pageSize: f.pageSize };
  }

  /** The published version of an item in effect today, or 404. */
  async versionInEffect(itemId: string, m: EntityManager): Promise<ItemVersionView> {
    const today = todayInChina();
    const v = /^[0-9a-f-]{36}$/i.test(itemId)
      ? (await this.versions.forItem(itemId, m)).find((x) => x.status === 'published' && x.effectiveFrom <= today && (!x.effectiveTo || x.effectiveTo >= today))
      : undefined;
    if (!v) throw new DomainError('ITEM.NOT_FOUND', '事项不存在或未在有效期内', { itemId });
    return v;
  }

  /**
   * The checks a firm must pass to apply or submit: eligibility (compiled rule on its current
   * profile), data complete, not 失信, not barred, no claimed benefit in the exclusion group.
   * Duplicates are left to the unique constraint.
   */
  private async check(m: EntityManager, v: ItemVersionView, firm: EnterpriseFactsRecord) {
    const today = todayInChina();
    const matcher = new ItemMatcher(v, today);
    const facts = firm.facts as unknown as Record<string, unknown>;
    const outcome = matcher.evaluate(facts);
    if (outcome?.outcome !== 'eligible') {
      const failing = matcher.explain(facts).filter((c) => !c.passed).map((c) => c.text);
      throw new DomainError('APPLICATION.NOT_ELIGIBLE', '不符合该事项的申报条件', { reasons: failing });
    }
    const [s] = await this.screening.screen(m, v, periodOf(v, today), today, [firm], { skipDuplicate: true });
    if (s.reason) {
      const code = { data_incomplete: 'APPLICATION.DATA_INCOMPLETE', dishonest: 'APPLICATION.DISHONEST', barred: 'APPLICATION.BARRED',
        exclusion_group: 'APPLICATION.EXCLUSION_CONFLICT', duplicate: 'APPLICATION.DUPLICATE' }[s.reason];
      throw new DomainError(code, SCREENING_LABELS[s.reason], s.missing ? { missing: s.missing } : undefined);
    }
    return outcome;
  }

  private async firm(m: EntityManager, enterpriseId: string): Promise<EnterpriseFactsRecord> {
    const [firm] = await this.enterprises.factsBatch({ ids: [enterpriseId] }, m);
    if (!firm) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在');
    return firm;
  }

  /** 申请: a draft for an item the firm matches (申请制, 即申即享, 承诺兑现). */
  async create(p: Principal, itemId: string): Promise<ApplicationView> {
    const enterpriseId = enterpriseOf(p);
    return this.repo.transaction(async (m) => {
      const v = await this.versionInEffect(itemId, m);
      if (!APPLICANT_MODES.has(v.mode)) throw new DomainError('APPLICATION.MODE_NOT_APPLICABLE', '该事项为免申即享，无需申请，符合条件的企业由系统自动预审');
      const today = todayInChina();
      if (!windowOpen(v, today)) throw new DomainError('APPLICATION.WINDOW_CLOSED', '不在申报时间内', { applyFrom: v.applyFrom, applyTo: v.applyTo });
      const firm = await this.firm(m, enterpriseId);
      const outcome = await this.check(m, v, firm);
      const id = uuid7();
      const inserted = await this.repo.insertMany(m, [{
        id, enterpriseId, enterpriseName: firm.name, itemId: v.itemId, itemVersionId: v.id, itemName: v.name, departmentCode: v.ownerDepartment,
        mode: v.mode, period: periodOf(v, today), exclusionGroup: v.exclusionGroup, amountFen: outcome.estimateFen, estimateText: outcome.estimateText,
        facts: outcome.facts,
      }], 'draft', { command: 'create', actor: actorOf(p), outcome: 'eligible', comment: '企业在线申请，资格初核通过' });
      if (!inserted.has(id)) throw new DomainError('APPLICATION.DUPLICATE', '本期已有该事项的申请，不能重复申请', { itemId });
      return toApplicationView((await this.repo.get(id, m))!);
    });
  }

  /**
   * 提交 (or 补正后再次提交): re-checks eligibility on today's profile and the version in effect,
   * requires every listed material and the credit commitment. 即申即享: approved at once when every
   * automatic check passes and the pool has the money; otherwise it waits for a reviewer.
   * 承诺兑现: the signed credit commitment stands in for the materials (核查 after payment), and it is
   * approved at once like 即申即享.
   */
  async submit(p: Principal, id: string): Promise<ApplicationView> {
    return this.repo.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, id, m, true);
      enterpriseOf(p);
      if (app.state !== 'draft' && app.state !== 'returned') {
        throw new DomainError('APPLICATION.INVALID_STATE', '只有草稿或退回补正的申请可以提交', { id, state: app.state });
      }
      const v = await this.versionInEffect(app.item_id, m);
      const outcome = await this.check(m, v, await this.firm(m, app.enterprise_id));
      await this.assertMaterialsAndCommitment(m, app, v, app.mode !== 'commitment');
      let row = await this.workflow.apply(m, app, 'submit', { actor: actorOf(p), outcome: 'submitted', comment: app.state === 'returned' ? '补正后重新提交' : '提交申请' }, {
        item_version_id: v.id, amount_fen: outcome.estimateFen, estimate_text: outcome.estimateText, facts: outcome.facts, submitted_at: this.clock.now(),
      });
      await this.inbox.markApplied(m, app.enterprise_id, app.item_id);
      if (row.mode === 'instant' || row.mode === 'commitment') {
        try {
          const comment = row.mode === 'instant'
            ? '即申即享：自动核验全部通过，即时批准'
            : '承诺兑现：自动核验全部通过，依据企业信用承诺先行兑现，资金到账后由主管部门事后核查';
          row = await this.workflow.apply(m, row, 'approve', { actor: SYSTEM_ACTOR, outcome: 'approved', comment }, { decided_at: this.clock.now() });
          await this.deadlines.announceApproval(m, [row]);
          row = (await this.repo.get(row.id, m))!;
        } catch (err) {
          if (!(err instanceof DomainError) || err.code !== 'APPROVAL.POOL_EXHAUSTED') throw err;
          await this.repo.note(m, row.id, { command: 'note', actor: SYSTEM_ACTOR, outcome: 'manual_review', comment: '资金池余额不足，转人工审核' });
          row = (await this.repo.get(row.id, m))!;
        }
      }
      return toApplicationView(row);
    });
  }

  private async assertMaterialsAndCommitment(m: EntityManager, app: ApplicationRow, v: ItemVersionView, materialsRequired: boolean): Promise<void> {
    const have = await this.materials.uploadedNames(m, app.id);
    const missing = v.materials.filter((x) => !have.has(x));
    if (materialsRequired && missing.length) throw new DomainError('APPLICATION.MATERIALS_REQUIRED', `缺少申报材料：${missing.join('、')}`, { missing });
    if (!(await this.materials.hasCommitment(m, app.id))) throw new DomainError('APPLICATION.COMMITMENT_REQUIRED', '请先签署信用承诺书');
  }

  /** The firm withdraws (also declines a 免申即享 benefit); a reserved amount returns to the pool. */
  async withdraw(p: Principal, id: string, reason: string | null): Promise<ApplicationView> {
    enterpriseOf(p);
    return this.repo.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, id, m, true);
      const row = await this.workflow.apply(m, app, 'withdraw', { actor: actorOf(p), outcome: 'withdrawn', comment: reason ?? '企业撤回' });
      return toApplicationView(row);
    });
  }
}
