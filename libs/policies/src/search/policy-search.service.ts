import { Inject, Injectable } from '@nestjs/common';
import { DomainError, Page } from '@app/core';
import { isAcceptedDate } from '@app/contracts';
import { CASH_OUT_MODES, CashOutMode, POLICY_CATEGORIES, POLICY_LEVELS, PolicyCategory, PolicyLevel } from '../policy/policy.types';
import { highlightSnippet, highlightText } from './search-highlight';
import { highlightWords, parseSearchText } from './search-query';
import { CompiledSearchQuery, POLICY_SEARCH_BACKEND, PolicySearchBackend, SEARCHABLE_STATUSES, SearchableStatus } from './search.types';

export interface PolicySearchRequest {
  q?: string;
  department?: string;
  level?: string;
  category?: string;
  mode?: string;
  status?: string;
  onDate?: string;
  district?: string;
  page?: number;
  pageSize?: number;
}

/** One hit: an item (兑现事项) of a policy, with highlighted title, name and a text snippet (HTML, <em> marks hits). */
export interface PolicySearchResult {
  itemId: string;
  itemCode: string;
  itemName: string;
  itemVersionId: string;
  version: number;
  policyId: string;
  policyCode: string;
  policyTitle: string;
  docNumber: string | null;
  tags: string[];
  publishDate: string | null;
  department: string;
  level: PolicyLevel;
  category: PolicyCategory;
  mode: CashOutMode;
  status: SearchableStatus;
  effectiveFrom: string;
  effectiveTo: string | null;
  score: number;
  highlight: { policyTitle: string; itemName: string; snippet: string };
}

/** Elasticsearch's default result window; deeper pages are refused on both backends alike. */
export const MAX_SEARCH_WINDOW = 10_000;

function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new DomainError('SEARCH.INVALID_FILTER', `筛选条件 ${field} 的取值无效`, { field, allowed });
  }
  return value as T;
}

function calendarDate(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isAcceptedDate(value)) {
    throw new DomainError('SEARCH.INVALID_DATE', '日期格式应为 YYYY-MM-DD', { field: 'onDate', value });
  }
  return value;
}

/** 政策搜索: full-text search over published policy items, on PostgreSQL or Elasticsearch alike. */
@Injectable()
export class PolicySearchService {
  constructor(@Inject(POLICY_SEARCH_BACKEND) private readonly backend: PolicySearchBackend) {}

  /** Validates the request and turns it into the backend-neutral query; `null` when the text has no searchable word. */
  compile(req: PolicySearchRequest): CompiledSearchQuery | null {
    const q = (req.q ?? '').trim();
    const filters = {
      department: req.department || undefined,
      level: oneOf('level', req.level, POLICY_LEVELS),
      category: oneOf('category', req.category, POLICY_CATEGORIES),
      mode: oneOf('mode', req.mode, CASH_OUT_MODES),
      status: oneOf('status', req.status, SEARCHABLE_STATUSES) ?? 'published',
      onDate: calendarDate(req.onDate),
      district: req.district || undefined,
    };
    const filtered = Boolean(filters.department || filters.level || filters.category || filters.mode || filters.onDate || filters.district || req.status);
    if (!q && !filtered) throw new DomainError('SEARCH.INVALID_QUERY', '请输入搜索词或选择筛选条件', { reason: 'empty' });
    const page = req.page ?? 1;
    const pageSize = req.pageSize ?? 20;
    if (!Number.isInteger(page) || !Number.isInteger(pageSize) || page < 1 || pageSize < 1 || pageSize > 200 || page * pageSize > MAX_SEARCH_WINDOW) {
      throw new DomainError('SEARCH.INVALID_PAGE', `分页超出范围（最多查看前 ${MAX_SEARCH_WINDOW} 条）`, { page, pageSize });
    }
    const terms = q ? parseSearchText(q) : [];
    if (q && !terms.length) return null;
    return { terms, filters, page, pageSize };
  }

  async search(req: PolicySearchRequest): Promise<Page<PolicySearchResult>> {
    const query = this.compile(req);
    if (!query) return { items: [], total: 0, page: req.page ?? 1, pageSize: req.pageSize ?? 20 };
    const found = await this.backend.search(query);
    const words = highlightWords(query.terms);
    return {
      ...found,
      items: found.items.map((h) => ({
        itemId: h.itemId, itemCode: h.display.itemCode, itemName: h.display.itemName, itemVersionId: h.itemVersionId,
        version: h.display.version, policyId: h.policyId, policyCode: h.display.policyCode, policyTitle: h.display.policyTitle,
        docNumber: h.display.docNumber, tags: h.display.tags, publishDate: h.display.publishDate, department: h.department,
        level: h.level, category: h.category, mode: h.mode, status: h.status, effectiveFrom: h.effectiveFrom,
        effectiveTo: h.effectiveTo, score: h.score,
        highlight: {
          policyTitle: highlightText(h.display.policyTitle, words),
          itemName: highlightText(h.display.itemName, words),
          snippet: highlightSnippet(h.display.fullText, words),
        },
      })),
    };
  }
}
