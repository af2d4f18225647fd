import { Inject, Injectable } from '@nestjs/common';
import { FactRegistry } from '@app/rules';
import { assertDepartmentScope, Principal, ScopeDeniedError } from '@app/core';
import { ItemVersionRepository } from '@app/policies';
import { SANDBOX_FACT_REGISTRY } from '../snapshot/snapshot.tokens';
import { resolveScenario } from './resolve-scenario';
import type { ResolvedScenario } from './scenario.types';

/** Turns a scenario definition (情景) into the rules and formulas the engine runs. */
@Injectable()
export class ScenarioResolver {
  constructor(
    @Inject(SANDBOX_FACT_REGISTRY) private readonly registry: FactRegistry,
    private readonly itemVersions: ItemVersionRepository,
  ) {}

  /**
   * Resolves a scenario. A base given as `{itemVersionId}` is replaced by that policy item
   * version's rule and formula; department users may only start from their own department's items
   * (another department's item is 404).
   */
  async resolve(definition: unknown, p: Principal): Promise<ResolvedScenario> {
    return resolveScenario(await this.inlineBase(definition, p), this.registry);
  }

  async inlineBase(definition: unknown, p: Principal): Promise<unknown> {
    const base = (definition as { base?: unknown } | null)?.base;
    if (typeof base !== 'object' || base === null || !('itemVersionId' in base)) return definition;
    const id = String((base as { itemVersionId: unknown }).itemVersionId);
    const version = await this.itemVersions.byId(id);
    if (!version) throw new ScopeDeniedError('ITEM_VERSION', id);
    assertDepartmentScope(p, version.ownerDepartment, 'ITEM_VERSION', id);
    return { ...(definition as object), base: { rule: version.rule, formula: version.formula } };
  }
}
