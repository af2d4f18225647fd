import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '@app/core';
import { loadScoped, scopeSql } from '../appeal/appeal-access';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { termSimilarity } from '../appeal/appeal-terms';
import { APPEAL_STATE_LABELS, AppealState } from '../appeal/appeal.states';
import { AppealRepository } from '../appeal/appeal.repository';
import { APPEAL_OPTIONS, AppealOptions } from '../appeal.options';
import { SimilarAppeal } from './triage.views';

export interface SimilarQuery {
  id?: string;
  enterpriseId: string;
  category: string;
  terms: string[];
  receivedAt: Date;
}

/** How many candidates the database hands back before they are scored here. */
const CANDIDATES = 200;
const COLS = 'a.id, a.number, a.enterprise_id, a.enterprise_name, a.category, a.title, a.state, a.terms, a.received_at';

/**
 * 相似诉求: the same firm's other recent appeals (whatever their theme: one firm may word one problem
 * twice), and appeals of the same category whose jieba terms overlap (Jaccard ≥ the threshold) — the set a pre-study looks at before merging. The terms' GIN index
 * finds the candidates, the database keeps the 200 most similar (Jaccard in SQL), and scoring is exact on them.
 */
@Injectable()
export class SimilarityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AppealRepository,
    private readonly directory: AppealDirectory,
    @Inject(APPEAL_OPTIONS) private readonly options: AppealOptions,
  ) {}

  /**
   * A similarity of at least t with a query of n terms needs at least ⌈t·n⌉ terms in common, so with two
   * or more the candidates are the rows containing some pair of the query's terms: one GIN lookup per
   * pair, each the intersection of two posting lists — far fewer rows than "any term in common".
   */
  private sharing(terms: string[], params: unknown[]): string {
    const need = Math.max(1, Math.ceil(this.options.similarThreshold * terms.length - 1e-9));
    if (need < 2 || terms.length < 2) return `a.terms && $4::text[]`;
    const pairs: string[] = [];
    for (let i = 0; i < terms.length; i++) for (let j = i + 1; j < terms.length; j++) pairs.push(`a.terms @> $${params.push([terms[i], terms[j]])}::text[]`);
    return `(${pairs.join(' OR ')})`;
  }

  async forAppeal(p: Principal, id: string, limit = 10): Promise<SimilarAppeal[]> {
    const a = await loadScoped(this.repo, p, id);
    return this.find({ id: a.id, enterpriseId: a.enterprise_id, category: a.category, terms: a.terms, receivedAt: new Date(a.received_at) }, limit, p);
  }

  /** Candidates within the caller's scope (all for the pre-study staff), best first. */
  async find(query: SimilarQuery, limit = 10, p?: Principal): Promise<SimilarAppeal[]> {
    const q = { ...query, terms: [...new Set(query.terms)] };
    const params: unknown[] = [q.id ?? '00000000-0000-0000-0000-000000000000', q.enterpriseId, q.category, q.terms,
      new Date(q.receivedAt.getTime() - this.options.similarWindowDays * 86_400_000).toISOString(), CANDIDATES];
    const scope = p ? scopeSql(p, params) : 'true';
    const rows: Array<{ id: string; number: string; enterprise_id: string; enterprise_name: string; category: string; title: string; state: AppealState;
      terms: string[]; received_at: Date }> = await this.dataSource.query(
      `(SELECT ${COLS} FROM appeal.appeals a WHERE a.enterprise_id = $2 AND a.received_at >= $5 AND a.state <> 'merged' AND a.id <> $1 AND ${scope}
        ORDER BY a.received_at DESC LIMIT $6)
       ${q.terms.length ? `UNION ALL
       (SELECT ${COLS} FROM appeal.appeals a WHERE a.category = $3 AND ${this.sharing(q.terms, params)} AND a.received_at >= $5 AND a.state <> 'merged' AND a.id <> $1
          AND ${scope}
        ORDER BY (SELECT count(*)::float8 / (cardinality(a.terms) + cardinality($4::text[]) - count(*)) FROM unnest(a.terms) AS t(term)
                  WHERE t.term = ANY($4::text[])) DESC, a.received_at DESC LIMIT $6)` : ''}`,
      params,
    );
    const cats = await this.directory.categoryMap();
    const seen = new Set<string>();
    return rows
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .map((r) => {
        const score = termSimilarity(q.terms, r.terms);
        const sameFirm = r.enterprise_id === q.enterpriseId;
        return { r, score, sameFirm };
      })
      .filter((x) => x.sameFirm || (x.r.category === q.category && x.score >= this.options.similarThreshold))
      .sort((x, y) => y.score - x.score || Number(y.sameFirm) - Number(x.sameFirm) || new Date(y.r.received_at).getTime() - new Date(x.r.received_at).getTime())
      .slice(0, limit)
      .map(({ r, score, sameFirm }) => ({
        id: r.id, number: r.number, enterpriseName: r.enterprise_name, title: r.title, category: r.category, categoryLabel: cats.get(r.category)?.name ?? r.category,
        state: r.state, stateLabel: APPEAL_STATE_LABELS[r.state], receivedAt: new Date(r.received_at).toISOString(), score: Math.round(score * 1000) / 1000, sameFirm,
        commonTerms: r.terms.filter((t) => q.terms.includes(t)), reason: sameFirm ? '同一企业' : '同类问题',
      }));
  }
}
