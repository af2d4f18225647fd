import type { estypes } from '@elastic/elasticsearch';
import { ENTERPRISE_FACTS, FactDefinition, FactType } from '@app/contracts';
import { FactRegistry } from '../facts/fact-registry';

/** Field type per fact type; the field name is the fact key. */
const FIELD_TYPES: Readonly<Record<FactType, estypes.MappingProperty>> = {
  money: { type: 'long' },
  integer: { type: 'long' },
  number: { type: 'double' },
  string: { type: 'keyword' },
  enum: { type: 'keyword' },
  tags: { type: 'keyword' },
  boolean: { type: 'boolean' },
  date: { type: 'date', format: 'yyyy-MM-dd' },
};

export function buildIndexMapping(definitions: readonly FactDefinition[] | FactRegistry): estypes.MappingTypeMapping {
  const defs = definitions instanceof FactRegistry ? definitions.all() : definitions;
  const properties: Record<string, estypes.MappingProperty> = {};
  for (const def of defs) properties[def.key] = { ...FIELD_TYPES[def.type] };
  // Only registry facts are searchable; anything else in a document is kept in _source only.
  return { dynamic: false, properties };
}

/** Mapping of the enterprise search index (一企一档), derived from the fact registry. */
export const ENTERPRISE_INDEX_MAPPING: estypes.MappingTypeMapping = buildIndexMapping(ENTERPRISE_FACTS);
