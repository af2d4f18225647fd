import type { SeedSummary } from './demo-seed.service';

/** What each role finds in the demo data (printed at start-up under the logins). */
export const DEMO_GUIDE: ReadonlyArray<{ who: string; look: string }> = [
  { who: '公众（免登录）', look: '政策查询与计算器；公示：进行中的一轮、已结束一轮（含异议处理结果）；结果公开（已拨付企业名单）' },
  { who: 'firm1 / firm2', look: '推送政策、我的政策（符合与差一点的条件）、一企一档；firm1 的诉求（二次督办中）' },
  { who: 'kjj_editor', look: '政策与事项、规则构建器、版本对比；演示企业所申报事项的申报与兑现统计' },
  { who: 'kjj_reviewer', look: '待审申请（新提交、超期未受理、退回补正）、公示轮次与已处理的异议、督办看板（超期）、承诺兑现事后核查待办' },
  { who: 'finance_maker', look: '待拨付（已确认未组批）、兑付批次（待复核、已完成、重新支付）、对账异常（银行有记录、平台无对应指令）、台账与报表' },
  { who: 'finance_checker', look: '待复核的兑付批次（经办人：市财政局经办）' },
  { who: 'leader', look: '数据沙盘的 3 个已保存情景、驾驶舱（各状态申请、月度拨付）、督办看板、诉求考核排序' },
  { who: 'auditor', look: '审计日志（全部演示操作均有记录）与链校验结果' },
  { who: 'supervisor', look: '诉求台账：超期已上报、二次督办、待回访、已办结；企业家接待日及会议纪要' },
  { who: 'officer1', look: '包联企业的诉求（待预研）与走访' },
];

/** The guide's lines: one per role, then one per walked-through demo firm. */
export function demoGuideLines(seed: Pick<SeedSummary, 'journeys'>): string[] {
  return [
    ...DEMO_GUIDE.map((g) => `  ${g.who.padEnd(18)} ${g.look}`),
    ...seed.journeys.map((j) => `  ${j.username.padEnd(18)} ${j.displayName}：${j.look}`),
  ];
}
