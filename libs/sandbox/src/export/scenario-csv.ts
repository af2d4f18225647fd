import { fenToYuanText, writeCsv } from '@app/core';
import type { FirmSample, WhatIfAnswer } from '../what-if/what-if.engine';
import type { GroupKey } from '../scenario/scenario.types';

const DIMENSION_LABELS: Record<GroupKey, string> = { district: '区域', industry: '行业', scale: '企业规模', tag: '标签' };


/**
 * A what-if answer as one CSV for Excel (UTF-8 with BOM): summary, distributions (scenario beside
 * baseline), the gained and lost firms, and the budget cut-off. Money in 元 with two decimals.
 */
export function whatIfCsv(title: string, answer: WhatIfAnswer): string {
  const out: unknown[][] = [];
  const yuan = (fen: number) => fenToYuanText(fen);
  out.push(['情景', title]);
  out.push(['数据截至', answer.snapshot.asOf ?? '', '企业总数', answer.snapshot.rows, '测算基准日', answer.asOf]);
  out.push([]);
  out.push(['指标', '调整后', '基准', '变化']);
  out.push(['符合条件企业数', answer.scenario.eligible, answer.baseline.eligible, answer.diff.deltaEligible]);
  out.push(['补贴总额（元）', yuan(answer.scenario.totalFen), yuan(answer.baseline.totalFen), yuan(answer.diff.deltaFen)]);
  out.push(['户均补贴（元）', yuan(answer.scenario.averageFen), yuan(answer.baseline.averageFen), yuan(answer.scenario.averageFen - answer.baseline.averageFen)]);
  out.push(['新增企业数', answer.diff.gained.count]);
  out.push(['减少企业数', answer.diff.lost.count]);
  if (answer.budget) {
    const b = answer.budget;
    out.push(['预算上限（元）', yuan(b.capFen), '分配顺序', b.priorityDescription]);
    out.push(['可兑现企业数', b.funded, '可兑现金额（元）', yuan(b.fundedFen)]);
    out.push(['未兑现企业数', b.unfunded, '缺口（元）', yuan(b.unfundedFen)]);
    if (b.exhaustedAt) out.push(['资金用尽于第几家', b.exhaustedAt.rank, b.exhaustedAt.firm.id, b.exhaustedAt.firm.name, '剩余（元）', yuan(b.exhaustedAt.remainingFen)]);
  }
  out.push([]);
  out.push(['分布维度', '代码', '名称', '调整后企业数', '调整后金额（元）', '基准企业数', '基准金额（元）']);
  for (const dim of Object.keys(answer.scenario.distribution) as GroupKey[]) {
    const scen = answer.scenario.distribution[dim] ?? [];
    const base = new Map((answer.baseline.distribution[dim] ?? []).map((g) => [g.key, g]));
    const keys = new Set([...scen.map((g) => g.key), ...base.keys()]);
    const byKey = new Map(scen.map((g) => [g.key, g]));
    for (const key of keys) {
      const s = byKey.get(key);
      const b = base.get(key);
      out.push([DIMENSION_LABELS[dim], key, s?.label ?? b?.label ?? '', s?.count ?? 0, yuan(s?.totalFen ?? 0), b?.count ?? 0, yuan(b?.totalFen ?? 0)]);
    }
  }
  const firms = (label: string, list: FirmSample[]) => {
    out.push([]);
    out.push([label, '企业ID', '企业名称', '区域', '行业', '规模', '补贴金额（元）']);
    for (const f of list) out.push(['', f.id, f.name, f.districtCode, f.industryCode, f.scale, yuan(f.amountFen)]);
  };
  firms(`新增企业（共 ${answer.diff.gained.count} 家，列出 ${answer.diff.gained.sample.length} 家）`, answer.diff.gained.sample);
  firms(`减少企业（共 ${answer.diff.lost.count} 家，列出 ${answer.diff.lost.sample.length} 家）`, answer.diff.lost.sample);
  return writeCsv(out);
}
