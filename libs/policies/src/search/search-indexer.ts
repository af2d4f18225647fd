import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventNames } from '@app/contracts';
import { EventBus } from '@app/core';
import { segmentForSearch } from '../catalog/segment';
import type { CashOutMode, PolicyCategory, PolicyLevel } from '../policy/policy.types';
import type { RuleCondition } from '@app/rules';
import { applicableDistricts } from './search-regions';
import { POLICY_SEARCH_BACKEND, PolicySearchBackend, SearchableStatus, SearchDocument, SEARCHABLE_STATUSES } from './search.types';

/** A row of the indexer's source query: an item's searchable version with its policy. */
export interface SearchSourceRow {
  item_id: string;
  item_code: string;
  department: string;
  version_id: string;
  version: number;
  status: SearchableStatus;
  name: string;
  mode: CashOutMode;
  clause: string | null;
  materials: string[];
  effective_from: string;
  effective_to: string | null;
  policy_id: string;
  policy_code: string;
  title: string;
  doc_number: string | null;
  level: PolicyLevel;
  category: PolicyCategory;
  tags: string[];
  full_text: string;
  search_text: string;
  publish_date: string | null;
  rule: RuleCondition;
}

const STATUS_LIST = SEARCHABLE_STATUSES.map((s) => `'${s}'`).join(',');

// Per item, the version a search shows: the published one, else the latest withdrawn/expired one.
const SOURCE_SQL = `SELECT DISTINCT ON (i.id) i.id AS item_id, i.code AS item_code, i.owner_department AS department,
    v.id AS version_id, v.version, v.status, v.name, v.mode, v.clause, v.materials, v.rule,
    v.effective_from::text AS effective_from, v.effective_to::text AS effective_to,
    p.id AS policy_id, p.code AS policy_code, p.title, p.doc_number, p.level, p.category, p.tags, p.full_text, p.search_text,
    p.publish_date::text AS publish_date
  FROM policy.items i
  JOIN policy.item_versions v ON v.item_id = i.id AND v.status IN (${STATUS_LIST})
  JOIN policy.policies p ON p.id = i.policy_id
  WHERE i.id = ANY($1::uuid[])
  ORDER BY i.id, (v.status = 'published') DESC, v.version DESC`;

export function toSearchDocument(r: SearchSourceRow): SearchDocument {
  const materials = Array.isArray(r.materials) ? r.materials.filter((m): m is string => typeof m === 'string') : [];
  // policies.search_text is the policy's segmented title, number, tags and full text; add the item's
  // own words, so the body holds every word of the document (matching reads only the body).
  const policyBody = r.search_text || segmentForSearch([r.title, r.doc_number ?? '', r.tags.join(' '), r.full_text]);
  const itemBody = segmentForSearch([r.name, r.clause ?? '', materials.join(' ')]);
  return {
    itemId: r.item_id,
    itemVersionId: r.version_id,
    policyId: r.policy_id,
    department: r.department,
    level: r.level,
    category: r.category,
    mode: r.mode,
    status: r.status,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    regions: r.rule ? applicableDistricts(r.rule) : null,
    titleTokens: segmentForSearch([r.title, r.name]),
    tagTokens: segmentForSearch([r.tags.join(' '), r.doc_number ?? '']),
    bodyTokens: itemBody ? `${policyBody} ${itemBody}` : policyBody,
    display: {
      policyCode: r.policy_code, policyTitle: r.title, docNumber: r.doc_number, tags: r.tags, publishDate: r.publish_date,
      itemCode: r.item_code, itemName: r.name, version: r.version, fullText: r.full_text,
    },
  };
}

/**
 * Keeps the search index current: an item is re-indexed when a version of it is published,
 * withdrawn or expires, and a policy's items when its information is edited (in the event handler's
 * transaction); the whole index can be rebuilt.
 */
@Injectable()
export class SearchIndexer implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('SearchIndexer');

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    @Inject(POLICY_SEARCH_BACKEND) private readonly backend: PolicySearchBackend,
  ) {}

  onModuleInit(): void {
    const events = [
      [EventNames.PolicyItemPublished, 'search.on-item-published'],
      [EventNames.PolicyItemWithdrawn, 'search.on-item-withdrawn'],
      [EventNames.PolicyItemExpired, 'search.on-item-expired'],
    ] as const;
    for (const [event, handler] of events) {
      this.bus.on(event, handler, async (e, m) => {
        await this.reindexItems([e.payload.itemId], m);
      });
    }
    // a policy's title, 文号, tags, text or level changed: every document of its items carries them
    this.bus.on(EventNames.PolicyUpdated, 'search.on-policy-updated', async (e, m) => {
      await this.reindexPolicy(e.payload.policyId, m);
    });
  }

  /** Re-indexes every item of a policy (its searchable versions; items with none stay out). */
  async reindexPolicy(policyId: string, m?: EntityManager): Promise<number> {
    const ids: Array<{ id: string }> = await (m ?? this.dataSource).query(`SELECT id FROM policy.items WHERE policy_id = $1 ORDER BY id`, [policyId]);
    return ids.length ? this.reindexItems(ids.map((r) => r.id), m) : 0;
  }

  /** An empty index over a catalogue with published items (first start, new Elasticsearch) is built. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      if ((await this.backend.count()) > 0) return;
      const [{ n }]: Array<{ n: number }> = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM policy.item_versions WHERE status IN (${STATUS_LIST})`,
      );
      if (n > 0) this.logger.log(`search index empty: indexed ${await this.reindexAll()} items`);
    } catch (e) {
      this.logger.warn(`search index not checked at start-up: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async loadDocuments(itemIds: string[], m: EntityManager | DataSource = this.dataSource): Promise<SearchDocument[]> {
    if (!itemIds.length) return [];
    const rows: SearchSourceRow[] = await m.query(SOURCE_SQL, [itemIds]);
    return rows.map(toSearchDocument);
  }

  /** Re-indexes the items (an item with nothing searchable leaves the index). Inside handlers pass `m`. */
  async reindexItems(itemIds: string[], m?: EntityManager, refresh = true): Promise<number> {
    const docs = await this.loadDocuments(itemIds, m ?? this.dataSource);
    const found = new Set(docs.map((d) => d.itemId));
    await this.backend.index(docs, { manager: m, refresh });
    await this.backend.remove(itemIds.filter((id) => !found.has(id)), { manager: m, refresh });
    return docs.length;
  }

  /** Rebuilds the whole index, item by item in id order (start-up, CLI). Returns the documents written. */
  async reindexAll(batchSize = 500): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let written = 0;
    for (;;) {
      const ids: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM policy.items WHERE id > $1 ORDER BY id LIMIT $2`, [after, batchSize]);
      if (!ids.length) break;
      written += await this.reindexItems(ids.map((r) => r.id), undefined, false);
      after = ids[ids.length - 1].id;
    }
    await this.backend.refresh();
    return written;
  }
}
