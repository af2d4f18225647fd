import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@app/core';
import { loadScoped } from '../appeal/appeal-access';
import { AppealDirectory } from '../appeal/appeal-directory.service';
import { termSimilarity } from '../appeal/appeal-terms';
import { APPEAL_STATE_LABELS } from '../appeal/appeal.states';
import { AppealRepository } from '../appeal/appeal.repository';
import { APPEAL_OPTIONS, AppealOptions } from '../appeal.options';
import { SimilarityRepository } from './similarity.repository';
import { SimilarAppeal } from './triage.views';

export interface SimilarQuery {
  id?: string;
  enterpriseId: string;
  category: string;
  terms: string[];
  receivedAt: Date;
}

/**
 * 相似诉求: the same firm's other recent appeals (whatever their theme: one firm may word one problem
 * twice), and appeals of the same category whose jieba terms overlap (Jaccard ≥ the threshold) — the set a pre-study looks at before merging. The terms' GIN index
 * finds the candidates, the database keeps the 200 most similar (Jaccard in SQL), and scoring is exact on them.
 */
@Injectable()
export class SimilarityService {
  constructor(
    private readonly similar: SimilarityRepository,
    private readonly repo: AppealRepository,
    private readonly directory: AppealDirectory,
    @Inject(APPEAL_OPTIONS) private readonly options: AppealOptions,
  ) {}

  async forAppeal(p: Principal, id: string, limit = 10): Promise<SimilarAppeal[]> {
    const a = await loadScoped(this.repo, p, id);
    return this.find({ id: a.id, enterpriseId: a.enterprise_id, category: a.category, terms: a.terms, receivedAt: new Date(a.received_at) }, limit, p);
  }

  /** Candidates within the caller's scope (all for the pre-study staff), best first. */
  async find(query: SimilarQuery, limit = 10, p?: Principal): Promise<SimilarAppeal[]> {
    const q = { ...query, terms: [...new Set(query.terms)] };
    const need = Math.max(1, Math.ceil(this.options.similarThreshold * q.terms.length - 1e-9));
    const rows = await this.similar.candidates(q, new Date(q.receivedAt.getTime() - this.options.similarWindowDays * 86_400_000), need, p);
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
