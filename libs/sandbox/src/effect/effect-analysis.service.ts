import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { assertDepartmentScope, Principal, ScopeDeniedError } from '@app/core';
import { EnterprisesService } from '@app/enterprises';
import { ItemVersionRepository, MatchRepository } from '@app/policies';
import { differenceInDifferences, DidResult, Observation } from './difference-in-differences';

import { PAID_BENEFITS_SOURCE, PaidBenefitsSource } from '@app/contracts';

const INDICATORS = [
  { key: 'revenue', label: '营业收入', unit: 'fen' },
  { key: 'employees', label: '从业人数', unit: '人' },
  { key: 'taxPaid', label: '纳税额', unit: 'fen' },
] as const;

export const EFFECT_METHOD =
  '双重差分（DiD）：处理组为该事项已兑付的企业，对照组为同一事项“差一点符合”（near miss）但未获兑付的企业；' +
  '“之前”取事项首次发布时的企业档案，“之后”取当前档案；效应 = 处理组指标均值变化 − 对照组指标均值变化。' +
  '两组须同时有前后两期数据；未控制行业、规模等其他因素，结果仅供参考，不构成因果结论。';

export interface EffectAnswer {
  itemId: string;
  itemName: string;
  firstPublishedAt: string | null;
  paid: { firms: number; totalFen: number };
  comparisonFirms: number;
  indicators: Array<{ key: string; label: string; unit: string } & DidResult>;
  method: string;
}

/** 政策效果分析: paid firms against near-miss firms, before and after, from profile history. */
@Injectable()
export class EffectAnalysisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly versions: ItemVersionRepository,
    private readonly matches: MatchRepository,
    private readonly enterprises: EnterprisesService,
  ) {}

  private paidSource(): PaidBenefitsSource | null {
    try {
      return this.moduleRef.get<PaidBenefitsSource>(PAID_BENEFITS_SOURCE, { strict: false });
    } catch {
      return null;
    }
  }

  async analyse(p: Principal, itemId: string): Promise<EffectAnswer> {
    const all = /^[0-9a-f-]{36}$/i.test(itemId) ? await this.versions.forItem(itemId) : [];
    if (all.length === 0) throw new ScopeDeniedError('ITEM', itemId);
    assertDepartmentScope(p, all[0].ownerDepartment, 'ITEM', itemId);
    const published = all.filter((v) => v.publishedAt).sort((a, b) => a.publishedAt!.localeCompare(b.publishedAt!));
    const firstPublishedAt = published[0]?.publishedAt ?? null;
    const paid = (await this.paidSource()?.paidForItem(itemId)) ?? [];
    const paidIds = [...new Set(paid.map((x) => x.enterpriseId))];
    const paidSet = new Set(paidIds);
    const control = (await this.matches.nearMissEnterprises(this.dataSource, itemId)).filter((id) => !paidSet.has(id));
    const before = firstPublishedAt ? await this.enterprises.factsAtMany([...paidIds, ...control], new Date(firstPublishedAt)) : new Map();
    const after = await this.enterprises.factsAtMany([...paidIds, ...control], new Date());
    const obs = (ids: string[], key: string): Observation[] =>
      ids.map((id) => [num(before.get(id)?.[key as keyof object]), num(after.get(id)?.[key as keyof object])]);
    return {
      itemId,
      itemName: all[0].name,
      firstPublishedAt,
      paid: { firms: paidIds.length, totalFen: paid.reduce((s, x) => s + x.amountFen, 0) },
      comparisonFirms: control.length,
      indicators: INDICATORS.map((i) => ({ ...i, ...differenceInDifferences(obs(paidIds, i.key), obs(control, i.key)) })),
      method: EFFECT_METHOD,
    };
  }
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
