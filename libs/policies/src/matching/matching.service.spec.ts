import type { EntityManager } from 'typeorm';
import { AppConfig, DomainError, EventBus, QueuePort } from '@app/core';
import { EventNames } from '@app/contracts';
import type { EnterpriseFactsReader, EnterprisesService } from '@app/enterprises';
import type { ItemVersionRepository } from '../item/item-version.repository';
import type { PushService } from '../push/push.service';
import type { MatchPlanRepository, PlanTiming } from './match-plan.repository';
import type { MatchRepository } from './match.repository';
import { MATCH_RANGE, MatchingService, RangeJob } from './matching.service';

/** policy.match_requests in memory, in request order. */
class MemoryPlans {
  requests = new Map<string, { planned: boolean }>();
  /** What the timing read answers (the test sets how the waiting publications stand). */
  timingAnswer: PlanTiming = { own: true, newest: true, waited_ms: 0 };
  /** A request that becomes visible only after the first claim (its publication committed meanwhile). */
  lateRequest: string | null = null;
  plans: Array<{ ids: string[]; jobs: number }> = [];
  statuses = new Map<string, string>();
  transactions = 0;
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    this.transactions++;
    return work({} as EntityManager);
  }
  async anyUnplanned() {
    return [...this.requests.values()].some((r) => !r.planned);
  }
  async request(_m: EntityManager, id: string) {
    if (!this.requests.has(id)) this.requests.set(id, { planned: false });
  }
  async timing() {
    return this.timingAnswer;
  }
  async claimUnplanned() {
    const ids = [...this.requests].filter(([, r]) => !r.planned).map(([id]) => id);
    ids.forEach((id) => (this.requests.get(id)!.planned = true));
    if (this.lateRequest) {
      this.requests.set(this.lateRequest, { planned: false });
      this.lateRequest = null;
    }
    return ids;
  }
  async isPlanned(_m: EntityManager, id: string) {
    const r = this.requests.get(id);
    return r ? r.planned : null;
  }
  async recordPlan(_m: EntityManager, ids: string[], jobs: number) {
    this.plans.push({ ids, jobs });
  }
  async versionStatuses(ids: string[]) {
    return ids.filter((id) => this.statuses.has(id)).map((id) => ({ id, status: this.statuses.get(id)! }));
  }
}

type Handler = (e: { payload: unknown }, m: EntityManager) => Promise<void>;

function setup(seq = { min: 1, max: 12_000 }) {
  const plans = new MemoryPlans();
  const jobs: Array<{ name: string; data: unknown; jobId?: string; delayMs?: number }> = [];
  const queue = {
    add: async (_q: string, name: string, data: unknown, o?: { jobId?: string; delayMs?: number }) => { jobs.push({ name, data, jobId: o?.jobId, delayMs: o?.delayMs }); },
  } as unknown as QueuePort;
  const retired: string[] = [];
  const matches = { retireVersion: async (_m: unknown, id: string) => { retired.push(id); return 0; }, write: async () => [] } as unknown as MatchRepository;
  const firmsAsked: unknown[] = [];
  const enterprises = { factsBatch: async (q: unknown) => { firmsAsked.push(q); return []; } } as unknown as EnterprisesService;
  const facts = { seqRange: async () => seq } as unknown as EnterpriseFactsReader;
  const versions = { find: async () => [], inEffect: async () => [] } as unknown as ItemVersionRepository;
  const handlers = new Map<string, Handler>();
  const bus = { on: (name: string, _id: string, fn: Handler) => handlers.set(name, fn) } as unknown as EventBus;
  const config = { matching: { planQuietMs: 500 } } as AppConfig;
  const service = new MatchingService(plans as unknown as MatchPlanRepository, versions, matches, enterprises, facts, {} as PushService, bus, queue, config);
  service.onModuleInit();
  return { service, plans, jobs, retired, firmsAsked, handlers };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('MatchingService: a publication', () => {
  it('retires the previous version\'s matches, records the request and queues its plan job after the quiet period', async () => {
    const { handlers, plans, jobs, retired } = setup();
    await handlers.get(EventNames.PolicyItemPublished)!({ payload: { itemVersionId: 'v2', previousVersionId: 'v1' } }, {} as EntityManager);
    expect(retired).toEqual(['v1']);
    expect([...plans.requests.keys()]).toEqual(['v2']);
    expect(jobs).toEqual([{ name: 'match-plan', data: { versionId: 'v2' }, jobId: 'match-plan:v2', delayMs: 500 }]);
  });
});

describe('MatchingService.planPublications', () => {
  it('plans every waiting publication together: one set of range jobs over the firms\' seq range, newly published', async () => {
    const { service, plans, jobs } = setup();
    plans.requests.set('v1', { planned: false });
    plans.requests.set('v2', { planned: false });
    expect(await service.planPublications('v2')).toBe(3);
    const ranges = jobs.map((j) => j.data as RangeJob);
    expect(ranges.map((r) => [r.fromSeq, r.toSeq])).toEqual([[1, 1 + MATCH_RANGE], [1 + MATCH_RANGE, 1 + 2 * MATCH_RANGE], [1 + 2 * MATCH_RANGE, 1 + 3 * MATCH_RANGE]]);
    expect(ranges.every((r) => r.newlyPublished === true && r.versionIds.join() === 'v1,v2')).toBe(true);
    // the job ids name the version set, so a retried plan does not add the ranges twice
    expect(new Set(jobs.map((j) => j.jobId)).size).toBe(3);
    expect(plans.plans).toEqual([{ ids: ['v1', 'v2'], jobs: 3 }]);
    expect([...plans.requests.values()].every((r) => r.planned)).toBe(true);
  });

  it('leaves the planning to a newer publication\'s job while the oldest has waited less than the limit', async () => {
    const { service, plans, jobs } = setup();
    plans.requests.set('v1', { planned: false });
    plans.timingAnswer = { own: true, newest: false, waited_ms: 2_000 };
    expect(await service.planPublications('v1')).toBe(0);
    expect(jobs).toEqual([]);
    expect(plans.requests.get('v1')).toEqual({ planned: false });
  });

  it('plans anyway once the oldest publication has waited the limit, and at once when there is no quiet period', async () => {
    const waited = setup();
    waited.plans.requests.set('v1', { planned: false });
    waited.plans.timingAnswer = { own: true, newest: false, waited_ms: 10_000 };
    expect(await waited.service.planPublications('v1')).toBe(3);
    const quiet = setup();
    quiet.plans.requests.set('v1', { planned: false });
    quiet.plans.timingAnswer = { own: true, newest: false, waited_ms: 0 };
    expect(await quiet.service.planPublications('v1', { quietMs: 0 })).toBe(3);
  });

  it('fails (to be retried) while its own publication is not visible yet', async () => {
    const { service, jobs } = setup();
    expect(await code(service.planPublications('v9'))).toBe('MATCHING.REQUEST_NOT_VISIBLE');
    expect(jobs).toEqual([]);
  });

  it('does nothing when another job already planned its publication', async () => {
    const { service, plans, jobs } = setup();
    plans.requests.set('v1', { planned: true });
    expect(await service.planPublications('v1')).toBe(0);
    expect(jobs).toEqual([]);
    expect(plans.plans).toEqual([]);
  });

  it('claims again when its publication committed between the claim and the check', async () => {
    const { service, plans } = setup();
    plans.lateRequest = 'v1';
    plans.timingAnswer = { own: false, newest: true, waited_ms: null };
    expect(await service.planPublications('v1')).toBe(3);
    expect(plans.plans).toEqual([{ ids: ['v1'], jobs: 3 }]);
  });

  it('enqueues nothing for an empty enterprise table', async () => {
    const { service, plans } = setup({ min: 1, max: 0 });
    plans.requests.set('v1', { planned: false });
    expect(await service.planPublications('v1')).toBe(0);
    expect(plans.plans).toEqual([{ ids: ['v1'], jobs: 0 }]);
  });
});

describe('MatchingService.planLeftovers', () => {
  it('queues a plan job only when a publication was never planned', async () => {
    const { service, plans, jobs } = setup();
    expect(await service.planLeftovers()).toBe(false);
    expect(jobs).toEqual([]);
    plans.requests.set('v1', { planned: false });
    expect(await service.planLeftovers()).toBe(true);
    expect(jobs).toEqual([expect.objectContaining({ name: 'match-plan', data: { versionId: '' } })]);
  });
});

describe('MatchingService.matchRange', () => {
  it('matches no firm against a version that is no longer published', async () => {
    const { service, plans, firmsAsked } = setup();
    plans.statuses.set('v1', 'withdrawn');
    expect(await service.matchRange({ versionIds: ['v1', 'v-unknown'], fromSeq: 1, toSeq: 5001 })).toEqual({ evaluated: 0, eligible: 0, nearMiss: 0, pushed: 0 });
    expect(firmsAsked).toEqual([]);
    expect(plans.transactions).toBe(0);
  });
});
