import type { EntityManager } from 'typeorm';
import type { Page } from '@app/core';
import type { CashOutMode, ItemStatus, PolicyCategory, PolicyLevel } from '../policy/policy.types';

/** Item statuses a search may list: the current published version, or the last retired one. */
export const SEARCHABLE_STATUSES = ['published', 'withdrawn', 'expired'] as const satisfies readonly ItemStatus[];
export type SearchableStatus = (typeof SEARCHABLE_STATUSES)[number];

/** What a search result shows; stored with the document so a hit needs no further reads. */
export interface SearchDisplay {
  policyCode: string;
  policyTitle: string;
  docNumber: string | null;
  tags: string[];
  publishDate: string | null;
  itemCode: string;
  itemName: string;
  version: number;
  /** The policy's full text, for the snippet. */
  fullText: string;
}

/**
 * The searchable unit: one item (兑现事项) of a policy at its current version. Token fields hold
 * space-separated words already segmented by the application (jieba), lower-cased.
 */
/** What identifies a searchable item and what the filters apply to: shared by documents and hits. */
export interface SearchKeyFields {
  itemId: string;
  itemVersionId: string;
  policyId: string;
  department: string;
  level: PolicyLevel;
  category: PolicyCategory;
  mode: CashOutMode;
  status: SearchableStatus;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface SearchDocument extends SearchKeyFields {
  /** District codes the item is open to (from its rule's region conditions); null: every district. */
  regions: string[] | null;
  /** Policy title and item name: the strongest hits. */
  titleTokens: string;
  /** Tags and document number. */
  tagTokens: string;
  /** Every word of the document: title, name, tags, number, the policy's full text, the item's clause and materials. */
  bodyTokens: string;
  display: SearchDisplay;
}

/**
 * One query word and the ways it may match: itself or any synonym. An alternative is a list of
 * index tokens that must all be present (a synonym the segmenter splits, e.g. 奖补 → 奖 + 补).
 */
export interface SearchTerm {
  word: string;
  alternatives: Array<{ surface: string; tokens: string[] }>;
}

export interface SearchFilters {
  department?: string;
  level?: PolicyLevel;
  category?: PolicyCategory;
  mode?: CashOutMode;
  status: SearchableStatus;
  /** yyyy-MM-dd: the item is in effect on this day. */
  onDate?: string;
  /** A district code: items open to firms there (no region condition, or one admitting it). */
  district?: string;
}

/** A parsed query: every term must match (AND); no terms means "filters only". */
export interface CompiledSearchQuery {
  terms: SearchTerm[];
  filters: SearchFilters;
  page: number;
  pageSize: number;
}

export interface SearchHit extends SearchKeyFields {
  score: number;
  display: SearchDisplay;
}

export interface SearchWriteOptions {
  /** PostgreSQL: write in this transaction (event handlers must). */
  manager?: EntityManager;
  /** Elasticsearch: make the change visible to searches before returning. */
  refresh?: boolean;
}

/** The one search port; PostgreSQL full-text search by default, Elasticsearch when configured. */
export interface PolicySearchBackend {
  readonly kind: 'postgres-fts' | 'elasticsearch';
  index(docs: SearchDocument[], options?: SearchWriteOptions): Promise<void>;
  remove(itemIds: string[], options?: SearchWriteOptions): Promise<void>;
  search(query: CompiledSearchQuery): Promise<Page<SearchHit>>;
  /** Number of indexed documents (start-up decides whether to build the index). */
  count(): Promise<number>;
  /** Makes pending writes searchable (after a bulk rebuild). */
  refresh(): Promise<void>;
}

export const POLICY_SEARCH_BACKEND = Symbol('POLICY_SEARCH_BACKEND');
