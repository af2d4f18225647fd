import type { FactDefinition } from '@app/contracts';

/** SQL identifiers come only from the registry; this shape keeps them safe to quote. */
const SAFE_COLUMN = /^[a-z_][a-z0-9_]{0,62}$/;
/** Fact keys double as Elasticsearch field names and profile keys; no dots, no prototype names. */
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The facts a rule may test, indexed by key. Every evaluator takes one of these instead of a
 * hard-coded list so the sandbox can register derived facts without touching the engine.
 */
export class FactRegistry {
  private readonly byKey = new Map<string, FactDefinition>();

  constructor(definitions: readonly FactDefinition[]) {
    for (const def of definitions) {
      if (!SAFE_KEY.test(def.key) || FORBIDDEN_KEYS.has(def.key)) throw new Error(`unsafe fact key: ${def.key}`);
      if (!SAFE_COLUMN.test(def.column)) throw new Error(`unsafe column for fact ${def.key}: ${def.column}`);
      if (this.byKey.has(def.key)) throw new Error(`duplicate fact key: ${def.key}`);
      if (def.type === 'enum' && (!def.allowedValues || def.allowedValues.length === 0)) {
        throw new Error(`enum fact ${def.key} needs allowedValues`);
      }
      this.byKey.set(def.key, def);
    }
  }

  get(key: string): FactDefinition | undefined {
    return this.byKey.get(key);
  }

  /** For compilers: the rule was validated, so an unknown key here is a programming error. */
  require(key: string): FactDefinition {
    const def = this.byKey.get(key);
    if (!def) throw new Error(`unknown fact: ${key}`);
    return def;
  }

  all(): FactDefinition[] {
    return [...this.byKey.values()];
  }
}

export function isNumericFact(def: FactDefinition): boolean {
  return def.type === 'number' || def.type === 'money' || def.type === 'integer';
}

/** Integer-valued facts, where `> x` is the same as `>= x + 1` (used by the static checks). */
export function isIntegerFact(def: FactDefinition): boolean {
  return def.type === 'money' || def.type === 'integer';
}
