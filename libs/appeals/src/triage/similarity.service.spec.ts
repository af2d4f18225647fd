import type { AppealRepository } from '../appeal/appeal.repository';
import type { AppealDirectory } from '../appeal/appeal-directory.service';
import { DEFAULT_APPEAL_OPTIONS } from '../appeal.options';
import { appealRow, codeOf, MemoryAppeals, person, uuid } from '../testing/unit-kit';
import type { CandidateRow, SimilarityRepository } from './similarity.repository';
import { SimilarityService } from './similarity.service';

/** SimilarityRepository's contract as a canned candidate list (the search itself is SQL, covered by appeal-triage.int-spec). */
class CannedCandidates {
  rows: CandidateRow[] = [];
  asked?: { since: Date; need: number; scoped: boolean };
  async candidates(_q: unknown, since: Date, need: number, p?: unknown) {
    this.asked = { since, need, scoped: !!p };
    return this.rows;
  }
}

const FIRM = uuid(401);
const at = new Date('2026-11-20T02:00:00Z');
const cand = (id: number, o: Partial<CandidateRow>): CandidateRow => ({ id: uuid(id), number: `SQ${id}`, enterprise_id: uuid(402), enterprise_name: '乙公司', category: 'land',
  title: `诉求${id}`, state: 'submitted', terms: [], received_at: at, ...o });

function setup() {
  const similar = new CannedCandidates();
  const appeals = new MemoryAppeals();
  const directory = { categoryMap: async () => new Map([['land', { name: '用地规划' }]]) };
  const svc = new SimilarityService(similar as unknown as SimilarityRepository, appeals as unknown as AppealRepository, directory as unknown as AppealDirectory,
    { ...DEFAULT_APPEAL_OPTIONS, similarThreshold: 0.25, similarWindowDays: 30 });
  return { svc, similar, appeals };
}

describe('SimilarityService (over canned candidates)', () => {
  it('keeps the same firm\'s appeals whatever their theme, others only of the category above the threshold, best first, once each', async () => {
    const { svc, similar } = setup();
    const terms = ['土地', '变性', '招拍挂', '厂区'];
    similar.rows = [
      cand(1, { enterprise_id: FIRM, category: 'finance', terms: ['贷款'] }),
      cand(2, { terms: ['土地', '变性', '招拍挂'] }),
      cand(3, { terms: ['土地', '贷款', '利率', '担保', '评估'] }),
      cand(4, { category: 'finance', terms: ['土地', '变性', '招拍挂', '厂区'] }),
      cand(2, { terms: ['土地', '变性', '招拍挂'] }),
    ];
    const found = await svc.find({ enterpriseId: FIRM, category: 'land', terms: [...terms, '土地'], receivedAt: new Date('2026-12-01T02:00:00Z') });
    expect(found.map((f) => [f.number, f.score, f.sameFirm, f.reason])).toEqual([['SQ2', 0.75, false, '同类问题'], ['SQ1', 0, true, '同一企业']]);
    expect(found[0]).toMatchObject({ commonTerms: ['土地', '变性', '招拍挂'], categoryLabel: '用地规划', stateLabel: expect.any(String) });
    // Four distinct terms at 0.25: one in common is enough; the window is 30 days back.
    expect(similar.asked).toEqual({ since: new Date('2026-11-01T02:00:00Z'), need: 1, scoped: false });
  });

  it('asks for two terms in common once the threshold needs them, and respects the limit', async () => {
    const { svc, similar } = setup();
    similar.rows = [cand(1, { enterprise_id: FIRM }), cand(2, { enterprise_id: FIRM }), cand(3, { enterprise_id: FIRM })];
    expect(await svc.find({ enterpriseId: FIRM, category: 'land', terms: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], receivedAt: at }, 2)).toHaveLength(2);
    expect(similar.asked!.need).toBe(2);
  });

  it('for an appeal: within the caller\'s scope, the appeal itself loaded with its scope check', async () => {
    const { svc, similar, appeals } = setup();
    const [a] = appeals.add(appealRow({ enterprise_id: FIRM, terms: ['土地'] }));
    await svc.forAppeal(person('supervisor'), a.id);
    expect(similar.asked!.scoped).toBe(true);
    expect(await codeOf(svc.forAppeal(person('enterprise', { enterpriseId: uuid(499) }), a.id))).toBe('APPEAL.NOT_FOUND');
  });
});
