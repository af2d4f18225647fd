import { toSearchDocument, SearchSourceRow } from '../search-indexer';
import type { SearchDocument } from '../search.types';

let serial = 0;

/** A search document built exactly as the indexer builds one, from policy and item fields. */
export function makeSearchDocument(over: Partial<SearchSourceRow> = {}): SearchDocument {
  serial += 1;
  const n = String(serial).padStart(12, '0');
  return toSearchDocument({
    item_id: `00000000-0000-7000-8000-${n}`,
    item_code: `ITEM-${serial}`,
    department: 'kjj',
    version_id: `00000000-0000-7000-9000-${n}`,
    version: 1,
    status: 'published',
    name: '事项',
    mode: 'application',
    clause: null,
    materials: [],
    effective_from: '2026-01-01',
    effective_to: null,
    policy_id: `00000000-0000-7000-a000-${n}`,
    policy_code: `POLICY-${serial}`,
    title: '政策',
    doc_number: null,
    level: 'municipal',
    category: 'subsidy',
    tags: [],
    full_text: '',
    search_text: '',
    publish_date: null,
    rule: { all: [] },
    ...over,
  });
}
