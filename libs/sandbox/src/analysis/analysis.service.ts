import { Inject, Injectable } from '@nestjs/common';
import { isAcceptedDate } from '@app/contracts';
import { fullBitset, FactRegistry, RuleCondition } from '@app/rules';
import { DomainError, Principal } from '@app/core';
import { ItemVersionRepository } from '@app/policies';
import { SandboxErrors } from '../sandbox.errors';
import { chinaToday, checkRule } from '../scenario/resolve-scenario';
import { ScenarioResolver } from '../scenario/scenario-resolver.service';
import { SnapshotService } from '../snapshot/snapshot.service';
import { SANDBOX_FACT_REGISTRY } from '../snapshot/snapshot.tokens';
import { eligibleRows } from '../what-if/what-if.engine';
import { overlapMatrix, OverlapAnswer } from './overlap';
import { tagCombinations, TagCombinationAnswer } from './tag-combinations';
import { runSweep, SweepAnswer, SweepSpec } from './threshold-sweep';

export const MAX_OVERLAP_ITEMS = 30;

/** 不重复享受 warning of one exclusion group: its items' overlap over the snapshot. */
export type ExclusionGroupWarning = { group: string } & OverlapAnswer;

/**
 * The sandbox's analyses over the current snapshot: threshold sweeps, tag combinations and
 * duplicate-benefit overlap. Permissions are checked by the controllers.
 */
@Injectable()
export class AnalysisService {
  constructor(
    private readonly snapshots: SnapshotService,
    private readonly resolver: ScenarioResolver,
    @Inject(SANDBOX_FACT_REGISTRY) private readonly registry: FactRegistry,
    private readonly itemVersions: ItemVersionRepository,
  ) {}

  async sweep(definition: unknown, spec: SweepSpec, p: Principal): Promise<SweepAnswer> {
    const s = await this.resolver.resolve(definition, p);
    return runSweep(this.snapshots.current(), s, spec);
  }

  tags(input: { rule?: unknown; tags?: string[]; asOf?: string; minPairCount?: number }): TagCombinationAnswer {
    const snapshot = this.snapshots.current();
    const asOf = this.asOf(input.asOf, '/asOf');
    const population =
      input.rule === undefined ? fullBitset(snapshot.rowCount) : eligibleRows(snapshot, checkRule(input.rule, this.registry, '/rule', '申报条件不合法'), { asOf });
    return tagCombinations(snapshot, population, input.tags, input.minPairCount ?? 1);
  }

  overlap(input: { items: Array<{ key: string; name?: string; rule: unknown }>; asOf?: string; sampleSize?: number }): OverlapAnswer {
    if (input.items.length < 2 || input.items.length > MAX_OVERLAP_ITEMS) {
      throw new DomainError(SandboxErrors.InvalidScenario, `请提供 2–${MAX_OVERLAP_ITEMS} 个事项`, { at: '/items' });
    }
    const keys = new Set<string>();
    const items = input.items.map((it, i) => {
      if (keys.has(it.key)) throw new DomainError(SandboxErrors.InvalidScenario, `事项标识重复：${it.key}`, { at: `/items/${i}/key` });
      keys.add(it.key);
      const rule: RuleCondition = checkRule(it.rule, this.registry, `/items/${i}/rule`, `事项“${it.name ?? it.key}”的申报条件不合法`);
      return { key: it.key, name: it.name ?? it.key, rule };
    });
    return overlapMatrix(this.snapshots.current(), items, { asOf: this.asOf(input.asOf, '/asOf') }, input.sampleSize ?? 20);
  }

  /**
   * 不重复享受 warnings over the published items of every exclusion group in effect today: for each
   * group, how many firms qualify for two or more of its items, with a sample and the overlap matrix.
   */
  async exclusionGroupWarnings(sampleSize = 10): Promise<ExclusionGroupWarning[]> {
    const asOf = chinaToday();
    const versions = (await this.itemVersions.inEffect(asOf, new Date())).filter((v) => v.status === 'published' && v.exclusionGroup);
    const groups = new Map<string, typeof versions>();
    for (const v of versions) groups.set(v.exclusionGroup!, [...(groups.get(v.exclusionGroup!) ?? []), v]);
    const out: ExclusionGroupWarning[] = [];
    for (const [group, vs] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (vs.length < 2) continue;
      const answer = overlapMatrix(this.snapshots.current(), vs.slice(0, MAX_OVERLAP_ITEMS).map((v) => ({ key: v.itemCode, name: v.name, rule: v.rule })), { asOf }, sampleSize);
      out.push({ group, ...answer });
    }
    return out.sort((a, b) => b.multiEligible - a.multiEligible);
  }

  private asOf(value: string | undefined, at: string): string {
    if (value === undefined) return chinaToday();
    if (!isAcceptedDate(value)) throw new DomainError(SandboxErrors.InvalidScenario, '测算基准日应为 YYYY-MM-DD', { at });
    return value;
  }
}
