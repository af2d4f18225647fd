import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NewUser, Principal, toPrincipal, UsersService } from '@app/core';
import {
  AppealClock, AppealSupervisionService, FeedbackService, HandlingService, IntakeService, OfficersService, ReceptionService, TriageService,
} from '@app/appeals';

/** Departments the appeals' categories name as lead units, beyond the policy departments. */
export const APPEAL_DEMO_DEPARTMENTS = [
  { code: 'zgj', name: '市自然资源和规划局' },
  { code: 'fgw', name: '市发展改革委' },
  { code: 'jrj', name: '市金融工作局' },
  { code: 'sfj', name: '市司法局' },
  { code: '410172', name: '郑州高新技术产业开发区' },
] as const;

/** People of the appeals loop (password as every demo user). */
export const APPEAL_DEMO_USERS: Array<Omit<NewUser, 'password'>> = [
  { username: 'supervisor', role: 'supervisor', displayName: '市营商办督办' },
  { username: 'supervisor_gx', role: 'supervisor', displayName: '高新区督办', departmentCode: '410172' },
  { username: 'officer1', role: 'officer', displayName: '包联干部（市发改委）', departmentCode: 'fgw' },
  ...['zgj', 'fgw', 'jrj', 'sfj'].map((code) => ({ username: `${code}_staff`, role: 'dept_reviewer' as const, displayName: `${APPEAL_DEMO_DEPARTMENTS.find((d) => d.code === code)!.name}诉求专员`, departmentCode: code })),
];

const DAY = 86_400_000;

/**
 * The appeals demo, through the services and deterministic (same steps, dates counted back from
 * today): a reception day with its minutes and a dozen appeals in every state — awaiting pre-study
 * (one at the officer's), assigned (one overdue), in progress (one with an extension asked), answered,
 * in second supervision, closed (satisfied, on the spot, by a supervisor's override, followed up),
 * merged and withdrawn — a 提示函 on the unsatisfied one and today's escalation pass over the overdue ones. Runs once: skipped when a demo reception day exists.
 */
@Injectable()
export class DemoAppealsSeed {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly clock: AppealClock,
    private readonly intake: IntakeService,
    private readonly triage: TriageService,
    private readonly handling: HandlingService,
    private readonly feedback: FeedbackService,
    private readonly reception: ReceptionService,
    private readonly officers: OfficersService,
    private readonly supervision: AppealSupervisionService,
  ) {}

  async seed(firm1: { id: string } | undefined): Promise<number> {
    const [exists] = await this.dataSource.query(`SELECT 1 AS x FROM appeal.reception_days WHERE title LIKE '演示：%' LIMIT 1`);
    if (exists) return 0;
    const firms: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM enterprise.enterprises WHERE credit_status = 'good' AND id <> $1 ORDER BY seq LIMIT 8`, [firm1?.id ?? '00000000-0000-0000-0000-000000000000']);
    if (!firm1 || firms.length < 8) return 0;
    const person = async (username: string): Promise<Principal> => toPrincipal((await this.users.findByUsername(username))!);
    const sup = await person('supervisor');
    const officer = await person('officer1');
    const [zgj, fgw, jrj] = [await person('zgj_staff'), await person('fgw_staff'), await person('jrj_staff')];
    const firm = await person('firm1');
    const f = [firm1.id, ...firms.map((x) => x.id)];
    const base = Date.now() - 24 * DAY;
    const on = (days: number, hour = 10) => this.clock.set(new Date(base + days * DAY + (hour - 10) * 3600_000));
    const record = (enterpriseId: string, category: string, channel: 'hotline' | 'letter' | 'visit' | 'face_to_face', title: string, description: string) =>
      this.intake.recordOnBehalf(sup, { enterpriseId, category, channel, title, description }).then((v) => v.id);
    try {
      on(0);
      await this.officers.assignFirms(sup, officer.id, [f[1], f[2], f[8]]);
      const day = await this.reception.schedule(sup, {
        title: '演示：企业家接待日（要素保障专场）', theme: '要素保障', kind: 'reception_day', heldOn: chinaDay(base + 3 * DAY), location: '市民服务中心第一会议室',
        host: '常务副市长（轮值）', capacity: 20, registrationDeadline: chinaDay(base + 2 * DAY), notice: '本期接待日聚焦用地、用电、融资等要素保障问题，欢迎企业报名。',
      });
      const regs = [await this.reception.register(firm, day.id, { topics: '新厂区用地' })];
      for (const [i, id] of [f[3], f[4]].entries()) regs.push(await this.reception.register(sup, day.id, { enterpriseId: id, topics: ['融资', '电力增容'][i] }));
      on(1);
      const talent = await record(f[5], 'labor', 'hotline', '急需招聘一线操作工', '扩产后急需招聘 200 名一线操作工，招工难。');
      await this.triage.assign(sup, talent, { leadDepartment: 'rsj' });
      on(2);
      const patent = await record(f[6], 'technology', 'letter', '高企认定材料咨询', '咨询高新技术企业认定的研发费用归集口径。');
      await this.triage.answerOnSpot(sup, patent, '已电话解释研发费用归集口径，并发送政策解读材料。');
      on(3, 9);
      await this.reception.rollCall(sup, day.id, regs.map((r) => r.id));
      on(3, 12);
      const minutes = await this.reception.recordMinutes(sup, day.id, '常务副市长接待 3 家企业，现场协调用地、融资、电力增容等问题。', [
        { enterpriseId: f[0], category: 'land', title: '新厂区土地变性招拍挂推进缓慢', description: '募投用地招拍挂环节卡壳，土地变性手续涉及部门多，影响项目开工。',
          assign: { leadDepartment: 'zgj', coDepartments: ['fgw'], requirements: '倒排工期，每周报送进展。' } },
        { enterpriseId: f[3], category: 'finance', title: '流动资金贷款续贷', description: '流动资金贷款即将到期，希望银行续贷不抽贷。', assign: { leadDepartment: 'jrj' } },
        { enterpriseId: f[4], category: 'utilities', title: '新上生产线电力增容', description: '新上生产线需要电力增容，报装审批时间长。', onSpotAnswer: '现场明确供电公司 5 个工作日内完成方案答复，开辟绿色通道。' },
      ]);
      const [landId, loanId, powerId] = minutes.appealIds;
      await this.feedback.rate(sup, patent, 'basically_satisfied', '电话回访：基本清楚。');
      on(4);
      await this.handling.accept(zgj, landId, null);
      await this.handling.accept(jrj, loanId, null);
      on(5);
      const road = await record(f[7], 'utilities', 'face_to_face', '园区道路施工影响货车通行', '园区主干道施工封闭，货车无法通行，原材料进厂受阻。');
      await this.triage.assign(sup, road, { leadDepartment: 'fgw' });
      on(6);
      await this.handling.progress(zgj, landId, '已完成附属物清理，招拍挂公告拟于下周发布。');
      await this.handling.accept(fgw, road, null);
      const road2 = await record(f[2], 'utilities', 'hotline', '园区主干道封闭施工，货车绕行', '园区主干道施工封闭，货车只能绕行，物流成本上升。');
      await this.triage.merge(sup, road2, road, '同一路段施工问题，合并办理');
      on(7);
      const fair = await this.intake.submitOnline(firm, { category: 'market', title: '展会补贴咨询', description: '想了解参加境外展会的补贴政策。' });
      on(8);
      await this.feedback.rate(sup, powerId, 'satisfied', '电话回访：已完成增容方案答复。');
      await this.handling.answer(jrj, loanId, 'resolved', '已协调合作银行办理续贷，额度不变。');
      await this.feedback.withdraw(firm, fair.id, '已在政策计算器查到。');
      on(9);
      await this.feedback.rate(sup, loanId, 'satisfied', '电话回访：续贷已办妥。');
      await this.handling.answer(fgw, road, 'resolved', '已协调施工单位夜间施工，白天放行货车。');
      on(10);
      const [fu] = await this.dataSource.query(`SELECT id FROM appeal.follow_ups WHERE appeal_id = $1 AND status = 'pending'`, [patent]);
      if (fu) await this.feedback.recordFollowUp(sup, patent, fu.id, 'confirmed', '回访：企业已按口径完成归集。');
      const water = await record(f[4], 'utilities', 'hotline', '新厂区供水管网接入', '新厂区供水管网尚未接入，影响试生产。');
      await this.triage.assign(sup, water, { leadDepartment: 'fgw' });
      on(12);
      await this.handling.answer(zgj, landId, 'explained', '该地块规划调整须经市规委会审议，下次会议在月底，已向企业说明。');
      on(13);
      await this.feedback.rate(firm, landId, 'unsatisfied', '希望提前上会，影响上市进度。');
      on(14, 9);
      await this.supervision.issueLetter(sup, landId, 'reminder', '企业对答复不满意，请提高办理质量，二次办理期间每周报送进展。');
      on(14);
      const sme = await this.intake.submitOnline(firm, { category: 'finance', title: '知识产权质押融资', description: '希望了解知识产权质押融资的贴息政策和办理流程。' });
      await this.triage.assign(sup, sme.id, { leadDepartment: 'jrj' });
      on(15);
      await this.handling.accept(jrj, sme.id, null);
      on(16);
      const plan = await record(f[3], 'land', 'visit', '厂房扩建容积率调整', '厂房扩建需要调整容积率，规划审批进展缓慢。');
      await this.triage.assign(sup, plan, { leadDepartment: 'zgj' });
      on(17);
      await this.handling.accept(zgj, plan, null);
      await this.handling.answer(jrj, sme.id, 'resolved', '已安排合作银行客户经理对接，贴息按季度申报。');
      on(19);
      await this.handling.requestExtension(zgj, plan, 5, '需市规委会审议，会议安排在下旬。');
      on(20);
      await this.feedback.overrideClose(sup, road, '企业联系人多次电话未接，经现场核实货车已正常通行，予以销号。');
      on(22);
      await this.intake.recordOnBehalf(officer, { enterpriseId: f[1], category: 'approval', channel: 'visit', title: '环评批复进度', description: '技改项目环评批复进度慢，希望协调。' });
      on(23);
      await this.intake.submitOnline(firm, { category: 'policy', title: '研发费用后补助何时兑现', description: '去年申报的研发费用后补助尚未到账，希望了解兑现进度。' });
    } finally {
      this.clock.reset();
    }
    // Today's escalation pass: the appeals past their deadline go up a level with a 督办函, as the daily job would.
    await this.supervision.escalateOverdue();
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM appeal.appeals`);
    this.logger.log(`seeded ${n} demo appeals and a reception day with its minutes`);
    return n;
  }
}

/** The China-time calendar day of a moment (ms). */
function chinaDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}
