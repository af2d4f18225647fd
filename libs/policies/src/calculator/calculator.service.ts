import { Injectable } from '@nestjs/common';
import { DomainError, formatMoney } from '@app/core';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { checkFactValue } from '@app/rules';
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

  /**
   * Facts as typed JSON (money in fen): a value is right or refused with a code — an empty string,
   * "100" for revenue, an enum value outside its list, an unknown tag or a date outside the accepted
   * range never counts silently as missing. Absent or null is missing.
   */
  async validateFacts(input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const errors: Array<{ fact: string; code: string; message: string }> = [];
    const facts: Record<string, unknown> = {};
    const tags = Array.isArray(input.tags) ? input.tags.filter((t): t is string => typeof t === 'string').slice(0, 500) : undefined;
    const knownTags = tags ? await this.tags.knownCodes(tags) : undefined;
    for (const [key, value] of Object.entries(input)) {
      const def = FACT_TYPES.get(key);
      if (!def) {
        errors.push({ fact: key, code: 'FACT.UNKNOWN', message: `未知的条件项“${key.slice(0, 40)}”` });
        continue;
      }
      if (value === null || value === undefined) continue;
      const problem = checkFactValue(def, value, knownTags);
      if (problem) errors.push({ fact: key, ...problem });
      else facts[key] = value;
    }
    if (errors.length) throw new DomainError('CALCULATOR.INVALID_FACTS', '输入的企业信息有误', { errors });
    if (facts.creditStatus === undefined) facts.creditStatus = 'good';
    return facts;
  }

  async calculate(input: Record<string, unknown>): Promise<CalculatorResult> {
    const facts = await this.validateFacts(input);
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
