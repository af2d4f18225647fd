import type { EntityManager } from 'typeorm';
import type { EnterpriseFactsRecord } from '@app/enterprises';
import type { ItemVersionView } from '@app/policies';
import type { ScreeningRepository } from './screening.repository';
import { ScreeningService } from './screening.service';

/** The screening reads in memory: who is listed, barred, has applied or claims in the group; and what was recorded. */
class MemoryScreening {
  listed = new Set<string>();
  barred = new Set<string>();
  appliedIds = new Set<string>();
  inGroup = new Set<string>();
  asked: string[] = [];
  recorded: Array<{ versionId: string; skipped: Array<{ enterpriseId: string; reason: string }> }> = [];
  dishonestListed = async (_m: EntityManager, ids: string[]) => { this.asked.push('listed'); return new Set(ids.filter((i) => this.listed.has(i))); };
  clawbackBarred = async (_m: EntityManager, ids: string[]) => { this.asked.push('barred'); return new Set(ids.filter((i) => this.barred.has(i))); };
  applied = async (_m: EntityManager, _item: string, _period: string, ids: string[]) => { this.asked.push('applied'); return new Set(ids.filter((i) => this.appliedIds.has(i))); };
  claimedInGroup = async (_m: EntityManager, _g: string, _p: string, _i: string, ids: string[]) => { this.asked.push('group'); return new Set(ids.filter((i) => this.inGroup.has(i))); };
  recordSkipped = async (_m: EntityManager, versionId: string, skipped: Array<{ enterpriseId: string; reason: string }>) => { this.recorded.push({ versionId, skipped }); };
}

const version = (exclusionGroup: string | null = 'rd') =>
  ({ id: 'v1', itemId: 'i1', exclusionGroup, factsUsed: ['employees'], formula: { kind: 'fixed', amountFen: 100 } }) as unknown as ItemVersionView;
const firm = (id: string, facts: Record<string, unknown> = {}) =>
  ({ id, name: id, version: 1, facts: { employees: 10, creditStatus: 'normal', ...facts } }) as unknown as EnterpriseFactsRecord;
const m = {} as EntityManager;

describe('ScreeningService.screen', () => {
  it('gives each firm the first reason that applies: data, 失信, clawback bar, duplicate, exclusion group', async () => {
    const repo = new MemoryScreening();
    repo.listed.add('listed');
    repo.barred.add('barred').add('listed');
    repo.appliedIds.add('dup').add('barred');
    repo.inGroup.add('group').add('dup');
    const svc = new ScreeningService(repo as unknown as ScreeningRepository);
    const out = await svc.screen(m, version(), '2027', '2027-03-01', [
      firm('ok'), firm('gap', { employees: null }), firm('selfdeclared', { creditStatus: 'dishonest' }), firm('listed'), firm('barred'), firm('dup'), firm('group'),
    ]);
    expect(out.map((s) => [s.firm.id, s.reason])).toEqual([
      ['ok', null], ['gap', 'data_incomplete'], ['selfdeclared', 'dishonest'], ['listed', 'dishonest'], ['barred', 'barred'], ['dup', 'duplicate'], ['group', 'exclusion_group'],
    ]);
    expect(out[1].missing).toEqual(['employees']);
  });

  it('skips the duplicate read when asked to, and the group read for an item in no group', async () => {
    const repo = new MemoryScreening();
    repo.appliedIds.add('a');
    const svc = new ScreeningService(repo as unknown as ScreeningRepository);
    const [s] = await svc.screen(m, version(null), '2027', '2027-03-01', [firm('a')], { skipDuplicate: true });
    expect(s.reason).toBeNull();
    expect(repo.asked).toEqual(['listed', 'barred']);
  });

  it('reads nothing for no firms', async () => {
    const repo = new MemoryScreening();
    expect(await new ScreeningService(repo as unknown as ScreeningRepository).screen(m, version(), '2027', '2027-03-01', [])).toEqual([]);
    expect(repo.asked).toEqual([]);
  });
});

describe('ScreeningService.record', () => {
  it('records the skipped firms with their reasons, and nothing when none was skipped', async () => {
    const repo = new MemoryScreening();
    const svc = new ScreeningService(repo as unknown as ScreeningRepository);
    await svc.record(m, 'v1', []);
    await svc.record(m, 'v1', [{ enterpriseId: 'e1', reason: 'barred' }]);
    expect(repo.recorded).toEqual([{ versionId: 'v1', skipped: [{ enterpriseId: 'e1', reason: 'barred' }] }]);
  });
});
