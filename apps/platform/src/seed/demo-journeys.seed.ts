import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ApprovalClock, ConfirmationDeadlines, ConfirmationService, CURRENT_COMMITMENT_VERSION, DisclosureService, FakeVerificationSender,
  ApplicationsService, MaterialsService, ObjectionService, PrequalificationService, ReviewService, VERIFICATION_SENDER, VerificationSender,
} from '@app/approvals';
import { EventNames } from '@app/contracts';
import { EventBus, Principal, Role, toPrincipal, UsersService } from '@app/core';
import { BatchesService, buildTreasuryFile, InProcessTreasuryAdapter, PayoutSender, ReconciliationService, TREASURY_PORT, TreasuryPort } from '@app/payouts';
import { ScenariosService } from '@app/sandbox';

/** A demo login made for one walked-through firm, with what to look at. */
export interface JourneyUser {
  username: string;
  role: Role;
  displayName: string;
  look: string;
}

/**
 * The 申请制 item the firms walk through (研发费用后补助 when enough firms qualify, as on the 2,000-firm
 * demo; else 大型科学仪器共享服务补贴, which many firms do) and the 承诺兑现 one (config/policies/demo-policies.yaml).
 */
const APPLY_PLANS = [
  { code: 'DEMO-KJ-001-A', where: `credit_status = 'good' AND tags @> ARRAY['hitech'] AND NOT tags @> ARRAY['tech_sme'] AND rd_expense >= 100000000` },
  { code: 'DEMO-KJ-005-B', where: `credit_status = 'good' AND (industry_code LIKE 'C%' OR industry_code LIKE 'M%') AND rd_expense BETWEEN 50000000 AND 1000000000` },
];
const ITEM_COMMIT = 'DEMO-KJ-001-B';
type PlanItem = { id: string; versionId: string; name: string };
type Candidate = { id: string; name: string };
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%演示申报材料\n'), Buffer.alloc(2048, 0x20)]);
const CLOSED_ACCOUNT = '62220202001122330000'; // the simulated bank returns accounts ending 0000 (销户)
const NEW_ACCOUNT = '62220202001122334455';
const HOUR = 3_600_000;

/** Journeys in the order their firms get logins firm3, firm4, …, and what each one shows. */
const JOURNEYS = [
  { key: 'confirmed', look: '已确认收款账户，待财政组批（待拨付）' },
  { key: 'inBatch', look: '已进入兑付批次，待财政复核' },
  { key: 'paid', look: '公示期收到异议（经核查不成立）后确认账户，已拨付到账、结果已公开' },
  { key: 'reissued', look: '收款账户已销户，拨付失败；企业变更账户重新确认后重新支付到账' },
  { key: 'lapsed', look: '公示期满后逾期未确认收款账户，申请失效（可申请恢复办理）' },
  { key: 'commitment', look: '承诺兑现：先行兑现已到账，主管部门事后核查待办' },
  { key: 'overdue', look: '已提交但超期未受理，督办看板显示超期' },
  { key: 'returned', look: '被退回补正，待补充材料后重新提交' },
  { key: 'disclosing', look: '审核通过，正在公示（公示期未满）' },
  { key: 'approved', look: '审核通过，待主管部门组织公示' },
  { key: 'applied', look: '已提交申请（申请制，材料齐全），待受理' },
] as const;
type JourneyKey = (typeof JOURNEYS)[number]['key'];

/**
 * The lived-in part of the demo (issue 12): named demo firms walked through every application state
 * over the last weeks, through the services on the approval clock — applied, returned for 补正,
 * overdue, approved, in an open 公示 round, an ended round with an objection dismissed, confirmed,
 * in a payout batch awaiting the checker, paid (results published), payment returned and reissued,
 * lapsed, 承诺兑现 with its post-verification task — plus a bank statement with a line the platform
 * does not know (a reconciliation exception) and the leaders' saved sandbox scenarios.
 * Deterministic: firms are the first eligible by registration order, dates counted back in working
 * days from today. Runs once (skipped when the firm3 login exists).
 */
@Injectable()
export class DemoJourneysSeed {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly bus: EventBus,
    private readonly clock: ApprovalClock,
    private readonly applications: ApplicationsService,
    private readonly prequal: PrequalificationService,
    private readonly materials: MaterialsService,
    private readonly review: ReviewService,
    private readonly disclosures: DisclosureService,
    private readonly objections: ObjectionService,
    private readonly confirmation: ConfirmationService,
    private readonly deadlines: ConfirmationDeadlines,
    private readonly batches: BatchesService,
    private readonly sender: PayoutSender,
    private readonly reconciliation: ReconciliationService,
    private readonly scenarios: ScenariosService,
    @Inject(VERIFICATION_SENDER) private readonly sms: VerificationSender,
    @Inject(TREASURY_PORT) private readonly treasury: TreasuryPort,
  ) {}

  /** Seeds once; returns the journey logins (also when seeded before) with what each shows. */
  async seed(password: string, exclude: string[]): Promise<JourneyUser[]> {
    if (await this.users.findByUsername('firm3')) return this.existing();
    const person = async (username: string): Promise<Principal | null> => {
      const u = await this.users.findByUsername(username);
      return u ? toPrincipal(u) : null;
    };
    const [reviewer, maker, checker, leader, objector] = await Promise.all(['kjj_reviewer', 'finance_maker', 'finance_checker', 'leader', 'firm2'].map(person));
    if (!reviewer || !maker || !checker || !leader || !objector) return [];

    // Candidates in registration order by the item's rule, those the screening passes (data complete,
    // not barred, no benefit claimed in the same 不重复享受 group).
    let plan: { item: PlanItem; firms: Candidate[] } | null = null;
    for (const p of APPLY_PLANS) {
      const item = await this.item(p.code);
      const firms = item ? await this.candidates(item, p.where, exclude) : [];
      if (item && firms.length >= 10) {
        plan = { item, firms };
        break;
      }
    }
    const commitItem = await this.item(ITEM_COMMIT);
    if (!plan || !commitItem) return this.done([], '符合条件的演示企业不足');
    const items = { apply: plan.item, commit: commitItem };
    const candidates = {
      apply: plan.firms,
      commit: await this.candidates(commitItem, `credit_status = 'good' AND rd_intensity >= 3 AND revenue >= 1000000000 AND revenue_growth > 0`, exclude),
    };
    const made: JourneyUser[] = [];
    const taken = new Set<string>();
    const firm: Partial<Record<JourneyKey, { p: Principal; appId: string }>> = {};
    const clockAt = (k: number, hour = 10) => this.clock.set(workingDaysAgo(k, hour));
    /** Picks the next candidate the item's screening accepts, gives it a login and creates its draft. */
    const enrol = async (key: JourneyKey, which: 'apply' | 'commit'): Promise<{ p: Principal; appId: string } | null> => {
      for (const c of candidates[which]) {
        if (taken.has(c.id)) continue;
        taken.add(c.id);
        const username = `firm${3 + made.length}`;
        const p = toPrincipal(await this.users.create({ username, role: 'enterprise', displayName: c.name, enterpriseId: c.id, password }));
        made.push({ username, role: 'enterprise', displayName: c.name, look: `${JOURNEYS.find((j) => j.key === key)!.look}（${items[which].name}）` });
        const draft = await this.applications.create(p, items[which].id);
        return (firm[key] = { p, appId: draft.id });
      }
      return null;
    };
    const submitWithMaterials = async (f: { p: Principal; appId: string }) => {
      const view = await this.applications.get(f.p, f.appId);
      const required: string[] = (await this.dataSource.query(
        `SELECT materials FROM policy.item_versions WHERE id = $1`, [view.itemVersionId]))[0]?.materials ?? [];
      for (const name of required) await this.materials.upload(f.p, f.appId, name, { originalname: `${name}.pdf`, buffer: PDF });
      await this.materials.commit(f.p, f.appId, CURRENT_COMMITMENT_VERSION);
      await this.applications.submit(f.p, f.appId);
    };
    const confirm = async (f: { p: Principal; appId: string }, account?: string) => {
      if (account && this.sms instanceof FakeVerificationSender) {
        const { verificationId } = await this.confirmation.requestAccountChange(f.p, f.appId, { holderName: f.p.displayName, bankName: '中国工商银行郑州分行', accountNumber: account });
        await this.confirmation.confirm(f.p, f.appId, { verificationId, code: this.sms.lastCode.get(f.p.enterpriseId!) });
      } else {
        await this.confirmation.confirm(f.p, f.appId, {});
      }
      await this.until(`payout instruction for ${f.appId}`, async () =>
        (await this.dataSource.query(`SELECT 1 FROM payout.instructions WHERE application_id = $1 AND status = 'created'`, [f.appId])).length > 0);
    };
    const batch = async (title: string) => {
      const b = await this.batches.create(maker, { title, filter: { departmentCode: 'kjj' } });
      await this.batches.submit(maker, b.id);
      return b.id;
    };
    const pay = async (batchId: string, expect: Array<[string, string]>) => {
      await this.batches.approve(checker, batchId);
      await this.until(`batch ${batchId} sent`, async () => {
        const chunks: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM payout.send_chunks WHERE batch_id = $1 AND status <> 'done'`, [batchId]);
        for (const c of chunks) await this.sender.sendChunk(c.id).catch(() => undefined);
        return chunks.length === 0;
      });
      await this.until(`applications of batch ${batchId}`, async () => {
        for (const [id, state] of expect) {
          const [row] = await this.dataSource.query(`SELECT state FROM approval.applications WHERE id = $1`, [id]);
          if (row?.state !== state) return false;
        }
        return true;
      });
    };

    try {
      // The first round: five firms apply together, are approved, disclosed (one objection, dismissed).
      clockAt(28, 9);
      const first = ['confirmed', 'inBatch', 'paid', 'reissued', 'lapsed'] as const;
      for (const key of first) {
        const f = await enrol(key, 'apply');
        if (!f) return this.done(made, '符合条件的演示企业不足');
        await submitWithMaterials(f);
      }
      clockAt(27);
      for (const key of first) {
        await this.review.decide(reviewer, firm[key]!.appId, 'accept', '材料齐全，予以受理');
        await this.review.decide(reviewer, firm[key]!.appId, 'approve', '经审核，符合申报条件，同意兑现');
      }
      const commitment = await enrol('commitment', 'commit');
      if (commitment) {
        await this.materials.commit(commitment.p, commitment.appId, CURRENT_COMMITMENT_VERSION);
        await this.applications.submit(commitment.p, commitment.appId);
      }
      clockAt(26);
      const round = await this.disclosures.openRound(reviewer, items.apply.id);
      if (commitment) await confirm(commitment);
      clockAt(25, 15);
      const { objectionId } = await this.objections.fileObjection(round.id, {
        applicationId: firm.paid!.appId, contactName: '王先生', category: 'data', reason: '据了解该企业上年度研发费用中包含非研发人员工资，请核实。',
      }, { user: objector, source: '127.0.0.1' });
      clockAt(24);
      await this.objections.resolveObjection(reviewer, objectionId, 'dismissed', '经核查专项审计报告和研发辅助账，研发人员工资归集符合规定，异议不成立。');

      // 公示期满: the firms are told to confirm; two confirm (one to an account that turns out closed).
      clockAt(20, 9);
      await this.deadlines.run();
      clockAt(20, 11);
      await confirm(firm.paid!);
      await confirm(firm.reissued!, CLOSED_ACCOUNT);
      clockAt(19);
      const b1 = await batch('科技局研发费用后补助第一批');
      clockAt(18);
      const paidFirst: Array<[string, string]> = [[firm.paid!.appId, 'paid'], [firm.reissued!.appId, 'payout_failed']];
      if (commitment) paidFirst.push([commitment.appId, 'paid']);
      await pay(b1, paidFirst);
      await this.statementWithUnknownLine(maker, b1);
      clockAt(17);
      await confirm(firm.reissued!, NEW_ACCOUNT);
      const b2 = await batch('科技局研发费用后补助（重新支付）');
      clockAt(16);
      await pay(b2, [[firm.reissued!.appId, 'paid']]);
      clockAt(15);
      await confirm(firm.inBatch!);
      await batch('科技局研发费用后补助第二批');
      clockAt(14);
      await confirm(firm.confirmed!);
      clockAt(8, 9);
      await this.deadlines.run(); // the fifth firm never confirmed: lapsed

      // Later applications: overdue, returned, in an open 公示, approved, just applied.
      clockAt(10);
      const overdue = await enrol('overdue', 'apply');
      if (overdue) await submitWithMaterials(overdue);
      clockAt(6);
      const returned = await enrol('returned', 'apply');
      if (returned) {
        await submitWithMaterials(returned);
        clockAt(5);
        await this.review.decide(reviewer, returned.appId, 'return', '请补充上传研发项目立项文件的盖章扫描件（现为未盖章版本）。');
      }
      clockAt(4);
      const disclosing = await enrol('disclosing', 'apply');
      const approved = await enrol('approved', 'apply');
      for (const f of [disclosing, approved]) if (f) await submitWithMaterials(f);
      clockAt(3);
      if (disclosing) {
        await this.review.decide(reviewer, disclosing.appId, 'approve', '经审核，符合申报条件');
        clockAt(2);
        await this.disclosures.openRound(reviewer, items.apply.id);
      }
      clockAt(1);
      if (approved) await this.review.decide(reviewer, approved.appId, 'approve', '经审核，符合申报条件');
      this.clock.set(new Date(Date.now() - 2 * HOUR));
      const applied = await enrol('applied', 'apply');
      if (applied) await submitWithMaterials(applied);
    } finally {
      this.clock.reset();
    }
    await this.saveScenarios(leader);
    return this.done(made);
  }

  private done(made: JourneyUser[], problem?: string): JourneyUser[] {
    if (problem) this.logger.warn(`application journeys incomplete: ${problem}`);
    else this.logger.log(`walked ${made.length} demo firms through the application states`);
    return made;
  }

  /** On a later start: the journey logins already there (what each shows is in the order they were made). */
  private async existing(): Promise<JourneyUser[]> {
    const rows: Array<{ username: string; display_name: string }> = await this.dataSource.query(
      `SELECT username, display_name FROM core.users WHERE username ~ '^firm[0-9]+$' AND username NOT IN ('firm1','firm2') ORDER BY length(username), username`);
    return rows.map((r, i) => ({ username: r.username, role: 'enterprise' as Role, displayName: r.display_name, look: JOURNEYS[i]?.look ?? '' }));
  }

  private async item(code: string): Promise<PlanItem | null> {
    const [row]: Array<{ id: string; version_id: string; name: string }> = await this.dataSource.query(
      `SELECT i.id, v.id AS version_id, v.name FROM policy.items i JOIN policy.item_versions v ON v.item_id = i.id AND v.status = 'published' WHERE i.code = $1`, [code]);
    return row ? { id: row.id, versionId: row.version_id, name: row.name } : null;
  }

  private async candidates(item: PlanItem, where: string, exclude: string[]): Promise<Candidate[]> {
    const rows: Candidate[] = await this.dataSource.query(
      `SELECT id, name FROM enterprise.enterprises WHERE ${where} AND NOT (id = ANY($1::uuid[])) ORDER BY seq LIMIT 40`, [exclude]);
    const out: Candidate[] = [];
    for (const r of rows) if (!(await this.prequal.screeningOf(item.versionId, r.id))) out.push(r);
    return out;
  }

  /** 对账: the bank's statement for the first batch, with one more debit the platform has no instruction for. */
  private async statementWithUnknownLine(maker: Principal, batchId: string): Promise<void> {
    if (!(this.treasury instanceof InProcessTreasuryAdapter)) return;
    const ids: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM payout.instructions WHERE batch_id = $1 ORDER BY id`, [batchId]);
    const payments = await this.treasury.bank.store.find(ids.map((r) => r.id));
    const day = chinaDay(this.clock.now());
    const valueDate = day.replace(/-/g, '');
    const lines: Array<Record<string, string | number>> = [];
    for (const p of payments) {
      if (p.status === 'failed') continue;
      lines.push({ instructionId: p.instructionId, direction: 'D', amountFen: p.amountFen, bankRef: p.bankRef, valueDate, memo: '惠企资金' });
      if (p.status === 'returned') lines.push({ instructionId: p.instructionId, direction: 'C', amountFen: p.amountFen, bankRef: p.bankRef, valueDate, memo: '退回' });
    }
    lines.push({ instructionId: '0192f3a0-0000-7000-8000-00000000d3b0', direction: 'D', amountFen: 3_000_000, bankRef: 'SIMDEMOUNKNOWN01', valueDate, memo: '惠企资金' });
    const content = buildTreasuryFile({ fileType: 'STM1', fileId: '0192f3a0-0000-7000-8000-00000000f11e', createdAt: this.clock.now(), payerCode: 'ZZCZ0001', statementDate: day }, lines);
    await this.reconciliation.importStatement(maker, { content, fileName: `STM1-${valueDate}.txt`, batchId });
  }

  /** 情景: what leaders would keep — a lower threshold, a bigger award under a budget cap, a richer tier. */
  private async saveScenarios(leader: Principal): Promise<void> {
    const versions: Array<{ id: string; code: string }> = await this.dataSource.query(
      `SELECT v.id, i.code FROM policy.item_versions v JOIN policy.items i ON i.id = v.item_id WHERE v.status = 'published' AND i.code = ANY($1)`,
      [['DEMO-KJ-001-A', 'DEMO-KJ-002-A', 'DEMO-KJ-001-B']]);
    const v = (code: string) => versions.find((x) => x.code === code)?.id;
    const wanted = [
      { code: 'DEMO-KJ-001-A', name: '研发费用后补助门槛下调至50万元', description: '研发费用门槛由100万元降至50万元，看新增覆盖企业数和资金需求。',
        overrides: { rule: [{ op: 'replace' as const, path: '/all/2/value', value: 50_000_000 }] } },
      { code: 'DEMO-KJ-002-A', name: '高企认定奖励提高至50万元（预算1亿元封顶）', description: '奖励由30万元提高到50万元，预算上限1亿元，按注册先后兑现。',
        overrides: { replaceFormula: { kind: 'fixed', amount: 50_000_000 }, budgetCapFen: 10_000_000_000 } },
      { code: 'DEMO-KJ-001-B', name: '研发强度奖励第一档提高到15万元', description: '研发投入强度3%–6%档奖励由10万元提高到15万元，其余档不变。',
        overrides: { formula: [{ op: 'replace' as const, path: '/tiers/0/amount', value: 15_000_000 }] } },
    ];
    for (const s of wanted) {
      const id = v(s.code);
      if (!id) continue;
      await this.scenarios.create(leader, { name: s.name, description: s.description, shared: true,
        definition: { base: { itemVersionId: id }, overrides: s.overrides, options: { groupBy: ['district', 'industry', 'scale'] } } })
        .catch((e: Error) => this.logger.warn(`scenario ${s.name}: ${e.message}`));
    }
  }

  /**
   * Delivers the money events of the journeys (ready for payout → instruction; settled, returned →
   * the application) until a condition holds. At start-up the bus's queue is busy matching thousands
   * of firms, so the seed hands these events to the bus itself, in outbox order: the same handlers
   * run once (the bus claims each event and handler), and the queue's later delivery finds them done.
   */
  private async until(what: string, done: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const start = Date.now();
    for (;;) {
      const pending: Array<{ id: string; name: string; aggregate_type: string; aggregate_id: string; payload: unknown; occurred_at: Date }> = await this.dataSource.query(
        `SELECT id, name, aggregate_type, aggregate_id, payload, occurred_at FROM core.outbox_events
         WHERE handled_at IS NULL AND name = ANY($1) AND occurred_at > now() - interval '1 hour' ORDER BY seq`, [MONEY_EVENTS]);
      for (const e of pending) {
        const data = { id: e.id, name: e.name, aggregateType: e.aggregate_type, aggregateId: e.aggregate_id, payload: e.payload, occurredAt: new Date(e.occurred_at).toISOString() };
        await this.bus.dispatch({ id: e.id, name: e.name, data, attempt: 1 });
      }
      if (await done()) return;
      if (Date.now() - start > timeoutMs) throw new Error(`demo seed: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

const MONEY_EVENTS: string[] = [EventNames.ApplicationReadyForPayout, EventNames.PayoutSettled, EventNames.PayoutReturned, EventNames.PayoutFailed];

/** 10:00 China time, k working days (Monday–Friday) before today. */
export function workingDaysAgo(k: number, hour = 10, now = new Date()): Date {
  const china = new Date(now.getTime() + 8 * HOUR);
  let day = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate());
  let left = k;
  while (left > 0) {
    day -= 24 * HOUR;
    const dow = new Date(day).getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return new Date(day + (hour - 8) * HOUR);
}

function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10);
}
