import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/core';
import { scopeSql } from '../appeal/appeal-access';
import type { AppealState } from '../appeal/appeal.states';

/** How many candidates the database hands back before they are scored. */
const CANDIDATES = 200;
const COLS = 'a.id, a.number, a.enterprise_id, a.enterprise_name, a.category, a.title, a.state, a.terms, a.received_at';

export interface CandidateRow {
  id: string;
  number: string;
  enterprise_id: string;
  enterprise_name: string;
  category: string;
  title: string;
  state: AppealState;
  terms: string[];
  received_at: Date;
}

/** The candidate search of 相似诉求 (SQL only: the scoring is SimilarityService's). */
@Injectable()
export class SimilarityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A similarity of at least t with a query of n terms needs at least ⌈t·n⌉ terms in common, so with two
   * or more the candidates are the rows containing some pair of the query's terms: one GIN lookup per
   * pair, each the intersection of two posting lists — far fewer rows than "any term in common".
   */
  private sharing(terms: string[], need: number, params: unknown[]): string {
    if (need < 2 || terms.length < 2) return `a.terms && $4::text[]`;
    const pairs: string[] = [];
    for (let i = 0; i < terms.length; i++) for (let j = i + 1; j < terms.length; j++) pairs.push(`a.terms @> $${params.push([terms[i], terms[j]])}::text[]`);
    return `(${pairs.join(' OR ')})`;
  }

  /**
   * The same firm's appeals received since `since`, and the same category's sharing enough terms (`need`
   * in common, see `sharing`) — at most 200 of each, the most similar first; never merged ones nor the
   * query's own appeal; within the caller's scope when given.
   */
  candidates(q: { id?: string; enterpriseId: string; category: string; terms: string[] }, since: Date, need: number, p?: Principal): Promise<CandidateRow[]> {
    const params: unknown[] = [q.id ?? '00000000-0000-0000-0000-000000000000', q.enterpriseId, q.category, q.terms, since.toISOString(), CANDIDATES];
    const scope = p ? scopeSql(p, params) : 'true';
    return this.dataSource.query(
      `(SELECT ${COLS} FROM appeal.appeals a WHERE a.enterprise_id = $2 AND a.received_at >= $5 AND a.state <> 'merged' AND a.id <> $1 AND ${scope}
        ORDER BY a.received_at DESC LIMIT $6)
       ${q.terms.length ? `UNION ALL
       (SELECT ${COLS} FROM appeal.appeals a WHERE a.category = $3 AND ${this.sharing(q.terms, need, params)} AND a.received_at >= $5 AND a.state <> 'merged' AND a.id <> $1
          AND ${scope}
        ORDER BY (SELECT count(*)::float8 / (cardinality(a.terms) + cardinality($4::text[]) - count(*)) FROM unnest(a.terms) AS t(term)
                  WHERE t.term = ANY($4::text[])) DESC, a.received_at DESC LIMIT $6)` : ''}`,
      params,
    );
  }
}
