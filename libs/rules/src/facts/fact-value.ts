import type { FactDefinition } from '@app/contracts';
import { isIsoDate } from './day-number';

/** A profile (一企一档 snapshot) keyed by fact key. Any fact may be absent. */
export type EnterpriseProfile = Readonly<Record<string, unknown>>;

/** The value a leaf compares, after input hygiene. `undefined` means 缺失 (missing). */
export type FactValue = number | string | boolean | readonly string[] | undefined;

/**
 * Reads a fact from a profile the way every evaluator does: null, absent and ill-typed values are
 * all "missing", so a string in a money field can never pass a numeric test in one evaluator and
 * fail in another. Own properties only — a profile key named like an Object.prototype member must
 * not resolve to the prototype.
 */
export function readFact(profile: EnterpriseProfile, def: FactDefinition): FactValue {
  if (!Object.prototype.hasOwnProperty.call(profile, def.key)) return undefined;
  const raw = profile[def.key];
  switch (def.type) {
    case 'number':
    case 'money':
    case 'integer':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'string':
    case 'enum':
      return typeof raw === 'string' ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'date':
      return isIsoDate(raw) ? raw : undefined;
    case 'tags':
      return Array.isArray(raw) ? raw.filter((t): t is string => typeof t === 'string') : undefined;
  }
}
