import { Engine } from 'json-rules-engine';
import type { TopLevelCondition } from 'json-rules-engine';
import type { FactRegistry } from '../facts/fact-registry';
import { EnterpriseProfile, readFact } from '../facts/fact-value';
import { buildOperatorSemantics } from '../operators/operators';
import { isLeaf, RuleCondition, EvaluationContext } from '../rule/rule.types';

const ELIGIBLE_EVENT = { type: 'eligible' };

/**
 * The oracle: json-rules-engine itself, with our operators registered over its defaults (the
 * defaults make notEqual/notIn true for a missing fact, which the other evaluators cannot express
 * consistently). One engine per (rule, asOf); `evaluate` may be called concurrently.
 */
export class ReferenceEvaluator {
  private readonly engine: Engine;

  constructor(
    rule: RuleCondition,
    private readonly registry: FactRegistry,
    ctx: EvaluationContext,
  ) {
    this.engine = new Engine([], { allowUndefinedFacts: true });
    const semantics = buildOperatorSemantics(ctx);
    for (const [name, fn] of Object.entries(semantics)) this.engine.addOperator(name, fn);
    // json-rules-engine wants all/any/not at the root.
    const conditions = (isLeaf(rule) ? { all: [rule] } : rule) as unknown as TopLevelCondition;
    this.engine.addRule({ conditions, event: ELIGIBLE_EVENT });
  }

  async evaluate(profile: EnterpriseProfile): Promise<boolean> {
    const { events } = await this.engine.run(this.factsOf(profile));
    return events.length > 0;
  }

  /** Only registry facts, cleaned by readFact, reach the engine. */
  private factsOf(profile: EnterpriseProfile): Record<string, unknown> {
    const facts: Record<string, unknown> = {};
    for (const def of this.registry.all()) {
      const value = readFact(profile, def);
      if (value !== undefined) facts[def.key] = value;
    }
    return facts;
  }
}

export function evaluateReference(
  rule: RuleCondition,
  registry: FactRegistry,
  profile: EnterpriseProfile,
  ctx: EvaluationContext,
): Promise<boolean> {
  return new ReferenceEvaluator(rule, registry, ctx).evaluate(profile);
}
