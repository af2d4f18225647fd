import { Injectable } from '@nestjs/common';
import { DomainError, formatMoney } from '@app/core';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { TagsService } from '@app/enterprises';
import { ItemVersionRepository } from '../item/item-version.repository';
import { MatcherCache, todayInChina } from '../matching/item-matcher';
import { CASH_OUT_MODE_LABELS } from '../policy/policy.types';

export interface CalculatorResult {
  asOf: string;
  eligible: CalculatorLine[];
  nearMisses: CalculatorLine[];
  totalEstimateFen: number;
  totalEstimateText: string;
}

export interface CalculatorLine {
  itemId: string;
  itemName: string;
  mode: string;
  estimateFen: number;
  estimateText: string;
  lacking: string | null;
  reasons: string[];
}

const FACT_TYPES = new Map(ENTERPRISE_FACTS.map((f) => [f.key, f]));

/**
 * 政策计算器: anyone enters hypothetical facts (never stored) and sees the items they would
 * qualify for, with estimates and near misses. Money facts in fen.
 */
@Injectable()
export class CalculatorService {
  private readonly matchers = new MatcherCache();

  constructor(
    private readonly versions: ItemVersionRepository,
    private readonly tags: TagsService,
  ) {}

  validateFacts(input: Record<string, unknown>): Record<string, unknown> {
    const errors: Array<{ fact: string; message: string }> = [];
    const facts: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      const def = FACT_TYPES.get(key);
      if (!def) {
        errors.push({ fact: key, message: `未知的条件项“${key}”` });
        continue;
      }
      if (value === null || value === undefined || value === '') continue;
      const ok =
        (def.type === 'money' || def.type === 'integer') ? Number.isSafeInteger(value) :
        def.type === 'number' ? typeof value === 'number' && Number.isFinite(value) :
        def.type === 'boolean' ? typeof value === 'boolean' :
        def.type === 'date' ? typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) :
        def.type === 'tags' ? Array.isArray(value) && value.every((t) => typeof t === 'string') :
        def.type === 'enum' ? typeof value === 'string' && (def.allowedValues ?? []).some((a) => a.value === value) :
        typeof value === 'string' && value.length <= 200;
      if (!ok) errors.push({ fact: key, message: `“${def.label}”的取值类型不正确（${def.type}${def.type === 'money' ? '，单位：分' : ''}）` });
      else facts[key] = value;
    }
    if (errors.length) throw new DomainError('CALCULATOR.INVALID_FACTS', '输入的企业信息有误', { errors });
    if (facts.creditStatus === undefined) facts.creditStatus = 'good';
    return facts;
  }

  async calculate(input: Record<string, unknown>): Promise<CalculatorResult> {
    const facts = this.validateFacts(input);
    const asOf = todayInChina();
    const active = (await this.versions.inEffect(asOf, new Date())).filter((v) => v.status === 'published');
    const tagLabels = await this.tags.labels();
    const eligible: CalculatorLine[] = [];
    const nearMisses: CalculatorLine[] = [];
    for (const v of active) {
      const matcher = this.matchers.get(v, asOf);
      const o = matcher.evaluate(facts);
      if (!o) continue;
      const line: CalculatorLine = {
        itemId: v.itemId, itemName: v.name, mode: CASH_OUT_MODE_LABELS[v.mode], estimateFen: o.estimateFen, estimateText: o.estimateText,
        lacking: o.nearMiss?.gapText ?? null, reasons: matcher.explain(facts, { tagLabels }).map((r) => r.text),
      };
      (o.outcome === 'eligible' ? eligible : nearMisses).push(line);
    }
    eligible.sort((a, b) => b.estimateFen - a.estimateFen);
    const total = eligible.reduce((s, l) => s + l.estimateFen, 0);
    return { asOf, eligible, nearMisses, totalEstimateFen: total, totalEstimateText: formatMoney(total) };
  }
}
