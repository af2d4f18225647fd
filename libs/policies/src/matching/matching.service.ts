import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, DomainError, EventBus, QUEUE_PORT, QueueNames, QueuePort } from '@app/core';
import { EnterpriseProfileChangedPayload, EnterprisesChangedPayload, EnterprisesCreatedPayload, EventNames } from '@app/contracts';
import { EnterpriseFactsRecord, EnterprisesService, EnterpriseFactsReader } from '@app/enterprises';
import { ItemVersionRepository } from '../item/item-version.repository';
import type { ItemVersionView } from '../policy/policy.types';
import { PushService } from '../push/push.service';
import { ColumnStore, EnterpriseProfile } from '@app/rules';
import { ENTERPRISE_REGISTRY } from '../policy/policy.validation';
import { factsDigest, MatcherCache, MatchOutcome, todayInChina } from './item-matcher';
import { MatchPlanRepository } from './match-plan.repository';
import { MatchRepository, MatchWrite } from './match.repository';

export interface RangeJob {
  /** Several versions share one read of the range (bulk publication, re-matching everything). */
  versionIds: string[];
  fromSeq: number;
  toSeq: number;
  /** The versions were just published: no match rows of theirs exist yet (see MatchRepository.write). */
  newlyPublished?: boolean;
}

const digests = new WeakMap<EnterpriseFactsRecord, string>();
/** A firm's facts digest, computed once per loaded record however many versions it matches. */
function digestOf(f: EnterpriseFactsRecord): string {
  let d = digests.get(f);
  if (!d) {
    d = factsDigest(f.facts);
    digests.set(f, d);
  }
  return d;
}

/** A publication to plan (see `planPublications`). */
export interface PlanJob {
  versionId: string;
}

/** Firms per matching job: small enough to retry cheaply, big enough to amortize the writes. */
export const MATCH_RANGE = 5000;
/** Outcomes per write statement (about 10 MB of JSON). */
const WRITE_BATCH = 40_000;
/** Versions per set of range jobs when planning a batch of publications (bounds a job's version list). */
const PLAN_VERSIONS = 1000;
/** However steady the stream of publications, the oldest waits at most this long to be planned. */
const PLAN_MAX_WAIT_MS = 10_000;
/** From this many firms a column store pays for itself (building it costs a few µs per firm). */
const COLUMNAR_MIN_FIRMS = 256;

/**
 * 精准推送 matching. Publication splits the enterprise table into seq ranges, one queue job each (any
 * number of workers); a profile change re-matches that firm against the active items that use a
 * changed fact; withdrawal or expiry retires the version's matches. Every write is idempotent.
 */
@Injectable()
export class MatchingService implements OnModuleInit {
  private readonly logger = new Logger('Matching');
  private readonly matchers = new MatcherCache();
  private readonly versionViews = new Map<string, ItemVersionView>();

  constructor(
    private readonly plans: MatchPlanRepository,
    private readonly versions: ItemVersionRepository,
    private readonly matches: MatchRepository,
    private readonly enterprises: EnterprisesService,
    private readonly facts: EnterpriseFactsReader,
    private readonly push: PushService,
    private readonly bus: EventBus,
    @Inject(QUEUE_PORT) private readonly queue: QueuePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.bus.on(EventNames.PolicyItemPublished, 'matching.on-published', (e, m) => this.onPublished(e.payload, m));
    this.bus.on(EventNames.PolicyItemWithdrawn, 'matching.on-withdrawn', (e, m) => this.retire(e.payload.itemVersionId, m));
    this.bus.on(EventNames.PolicyItemExpired, 'matching.on-expired', (e, m) => this.retire(e.payload.itemVersionId, m));
    this.bus.on(EventNames.EnterpriseProfileChanged, 'matching.on-profile-changed', (e, m) => this.onProfileChanged(e.payload, m));
    this.bus.on(EventNames.EnterprisesCreated, 'matching.on-enterprises-created', (e, m) => this.onCreated(e.payload, m));
    this.bus.on(EventNames.EnterprisesChanged, 'matching.on-enterprises-changed', (e, m) => this.onManyChanged(e.payload, m));
  }

  /** Starts consuming matching jobs in this process (worker, embedded platform). */
  startWorkers(concurrency = 1): void {
    this.queue.process<RangeJob | PlanJob>(QueueNames.Matching, async (job) => {
      if (job.name === 'match-plan') await this.planPublications((job.data as PlanJob).versionId);
      else await this.matchRange(job.data as RangeJob);
    }, concurrency);
    void this.planLeftovers().catch((err: Error) => this.logger.warn(`unplanned publications not checked: ${err.message}`));
  }

  /**
   * Publications recorded but never planned — their plan job was lost with an in-process queue when
   * the process stopped — get a plan job now. Returns whether there were any.
   */
  async planLeftovers(): Promise<boolean> {
    const waiting = await this.plans.anyUnplanned();
    if (waiting) await this.queue.add<PlanJob>(QueueNames.Matching, 'match-plan', { versionId: '' }, { jobId: `match-plan:leftovers:${Date.now()}` });
    return waiting;
  }

  /**
   * A publication: the previous version's matches retire; the new one is queued for planning with the
   * other publications that arrive meanwhile (see `planPublications`).
   */
  private async onPublished(p: { itemVersionId: string; previousVersionId: string | null }, m: EntityManager): Promise<void> {
    if (p.previousVersionId) await this.matches.retireVersion(m, p.previousVersionId);
    await this.plans.request(m, p.itemVersionId);
    await this.queue.add<PlanJob>(QueueNames.Matching, 'match-plan', { versionId: p.itemVersionId }, { jobId: `match-plan:${p.itemVersionId}`, delayMs: this.config.matching.planQuietMs });
  }

  /**
   * Claims every publication not yet planned and enqueues range jobs for all of them together: a
   * batch of items published at once costs one pass over the firms, not one per item. Each
   * publication adds a plan job delayed by the quiet period; a plan job whose publication is not the
   * newest waiting one leaves the planning to the newer one's job, so a burst is planned once, when
   * no publication has arrived for the quiet period — or once the oldest has waited PLAN_MAX_WAIT_MS.
   * Claim and enqueue are one transaction; a publication is claimed once (row locks).
   * `ownVersionId`: the publication this plan job was added for; if its request is not visible yet
   * (the publishing transaction has not committed) the job fails and is retried. Returns the range
   * jobs enqueued.
   */
  async planPublications(ownVersionId = '', options: { quietMs?: number } = {}): Promise<number> {
    const quietMs = options.quietMs ?? this.config.matching.planQuietMs;
    return this.plans.transaction(async (m) => {
      if (ownVersionId && quietMs > 0) {
        const w = await this.plans.timing(m, ownVersionId);
        // a newer publication's plan job will plan this one with it
        if (w.own && !w.newest && Number(w.waited_ms) < PLAN_MAX_WAIT_MS) return 0;
      }
      let ids: string[] = [];
      for (;;) {
        ids = await this.plans.claimUnplanned(m);
        if (ids.length > 0 || !ownVersionId) break;
        const planned = await this.plans.isPlanned(m, ownVersionId);
        if (planned === null) throw new DomainError('MATCHING.REQUEST_NOT_VISIBLE', '发布事务尚未提交，稍后重试', { itemVersionId: ownVersionId });
        if (planned) break;
        // committed between the claim and this read: claim again
      }
      if (ids.length === 0) return 0;
      let jobs = 0;
      for (let i = 0; i < ids.length; i += PLAN_VERSIONS) jobs += await this.enqueueVersions(ids.slice(i, i + PLAN_VERSIONS), m, { newlyPublished: true });
      await this.plans.recordPlan(m, ids, jobs);
      this.logger.log(`planned ${ids.length} publication(s): ${jobs} range job(s)`);
      return jobs;
    });
  }

  /** Splits the whole enterprise table into range jobs for one version. */
  enqueueVersion(versionId: string, m?: EntityManager): Promise<number> {
    return this.enqueueVersions([versionId], m);
  }

  /** Range jobs covering every enterprise for a set of versions (each range read once for all of them). */
  async enqueueVersions(versionIds: string[], m?: EntityManager, options: { newlyPublished?: boolean } = {}): Promise<number> {
    if (versionIds.length === 0) return 0;
    const { min, max } = await this.facts.seqRange(m);
    const key = versionIds.length === 1 ? versionIds[0] : createHash('sha1').update([...versionIds].sort().join(',')).digest('hex');
    let jobs = 0;
    for (let from = min; from <= max; from += MATCH_RANGE) {
      await this.queue.add<RangeJob>(QueueNames.Matching, 'match-range', { versionIds, fromSeq: from, toSeq: from + MATCH_RANGE, ...(options.newlyPublished ? { newlyPublished: true } : {}) }, { jobId: `match:${key}:${from}` });
      jobs++;
    }
    return jobs;
  }

  /**
   * Published versions by id. Content is immutable once published, so views are cached; the status
   * is read fresh every time (one small query), so a withdrawn version is never matched.
   */
  private async publishedVersions(ids: string[]): Promise<ItemVersionView[]> {
    if (ids.length === 0) return [];
    const rows = await this.plans.versionStatuses(ids);
    const published = new Set(rows.filter((r) => r.status === 'published').map((r) => r.id));
    const missing = ids.filter((id) => published.has(id) && !this.versionViews.has(id));
    if (missing.length) {
      if (this.versionViews.size > 20_000) this.versionViews.clear();
      for (const v of await this.versions.find('v.id = ANY($1::uuid[])', [missing])) this.versionViews.set(v.id, v);
    }
    return ids.filter((id) => published.has(id)).map((id) => this.versionViews.get(id)).filter((v): v is ItemVersionView => v?.status === 'published');
  }

  /** Evaluates the versions over one seq range and writes the matches (and so the new inbox entries) in one transaction. */
  async matchRange(job: RangeJob): Promise<{ evaluated: number; eligible: number; nearMiss: number; pushed: number }> {
    const versions = await this.publishedVersions(job.versionIds);
    if (versions.length === 0) return { evaluated: 0, eligible: 0, nearMiss: 0, pushed: 0 };
    const firms = await this.enterprises.factsBatch({ fromSeq: job.fromSeq, toSeq: job.toSeq });
    return this.plans.transaction((m) => this.evaluateAndWrite(versions, firms, m, { newlyPublished: job.newlyPublished }));
  }

  /**
   * Evaluates every (firm, version) pair and writes the outcomes with one statement per batch of
   * versions (a batch closes once it holds WRITE_BATCH outcomes, so memory stays bounded with
   * thousands of items), then pushes the new inbox entries.
   */
  private async evaluateAndWrite(versions: ItemVersionView[], firms: EnterpriseFactsRecord[], m: EntityManager, options: { newlyPublished?: boolean } = {}) {
    const total = { evaluated: firms.length * versions.length, eligible: 0, nearMiss: 0, pushed: 0 };
    if (firms.length > MATCH_RANGE) {
      for (let i = 0; i < firms.length; i += MATCH_RANGE) {
        const r = await this.evaluateAndWrite(versions, firms.slice(i, i + MATCH_RANGE), m, options);
        total.eligible += r.eligible;
        total.nearMiss += r.nearMiss;
        total.pushed += r.pushed;
      }
      return total;
    }
    const asOf = todayInChina();
    const firmIds = firms.map((f) => f.id);
    let outcomes: MatchWrite[] = [];
    let batch: ItemVersionView[] = [];
    const flush = async () => {
      const fresh = await this.matches.write(m, batch.map((v) => v.id), firmIds, outcomes, options);
      const titles = new Map(batch.map((v) => [v.id, v.name]));
      await this.push.record(m, fresh.map((e) => ({ itemVersionId: e.itemVersionId, enterpriseId: e.enterpriseId, title: titles.get(e.itemVersionId) ?? '' })));
      total.pushed += fresh.length;
      outcomes = [];
      batch = [];
    };
    const profiles = firms.map((f) => f.facts as unknown as EnterpriseProfile);
    // Many firms: one column store for all versions, verdicts a word of 32 firms at a time.
    const store = firms.length >= COLUMNAR_MIN_FIRMS ? ColumnStore.fromProfiles(ENTERPRISE_REGISTRY, profiles, firms.length) : null;
    for (const version of versions) {
      const matcher = this.matchers.get(version, asOf);
      const emit = (row: number, o: MatchOutcome) => {
        const f = firms[row];
        if (o.outcome === 'eligible') total.eligible++;
        else total.nearMiss++;
        outcomes.push({
          outcome: o.outcome, nearMiss: o.nearMiss, estimateFen: o.estimateFen,
          enterpriseId: f.id, itemVersionId: version.id, itemId: version.itemId, factsDigest: digestOf(f), profileVersion: f.version,
        });
      };
      if (store) matcher.evaluateStore(store, profiles, emit);
      else
        profiles.forEach((p, row) => {
          const o = matcher.evaluate(p);
          if (o) emit(row, o);
        });
      batch.push(version);
      if (outcomes.length >= WRITE_BATCH) await flush();
    }
    if (batch.length) await flush();
    return total;
  }

  /** Active versions (published, in effect today). */
  private activeVersions(m?: EntityManager): Promise<ItemVersionView[]> {
    return this.versions.inEffect(todayInChina(), new Date(), m);
  }

  /**
   * Published active versions whose answer can move with these facts: the rule's facts, and the
   * formula's (the estimate of an eligible firm follows e.g. its R&D spend, which the rule may not test).
   */
  private async affectedVersions(changed: Set<string>, m: EntityManager): Promise<ItemVersionView[]> {
    return (await this.activeVersions(m)).filter(
      (v) => v.status === 'published' && (v.factsUsed.some((f) => changed.has(f)) || (v.formula.kind !== 'fixed' && changed.has(v.formula.fact))),
    );
  }

  private async onProfileChanged(p: EnterpriseProfileChangedPayload, m: EntityManager): Promise<void> {
    const affected = await this.affectedVersions(new Set(p.changedFacts), m);
    if (affected.length === 0) return;
    const firms = await this.enterprises.factsBatch({ ids: [p.enterpriseId] }, m);
    await this.evaluateAndWrite(affected, firms, m);
  }

  /**
   * Many firms changed at once (an import, a derived tag): all of them re-matched in one pass against
   * the active versions that use any fact that changed for any of them. A version that uses none of
   * a given firm's changed facts gives that firm the outcome it had, so the pass is exact.
   */
  private async onManyChanged(p: EnterprisesChangedPayload, m: EntityManager): Promise<void> {
    const affected = await this.affectedVersions(new Set(p.changes.flatMap((c) => c.changedFacts)), m);
    if (affected.length === 0 || p.changes.length === 0) return;
    const firms = await this.enterprises.factsBatch({ ids: p.changes.map((c) => c.enterpriseId) }, m);
    await this.evaluateAndWrite(affected, firms, m);
  }

  private async onCreated(p: EnterprisesCreatedPayload, m: EntityManager): Promise<void> {
    const active = (await this.activeVersions(m)).filter((v) => v.status === 'published');
    if (active.length === 0 || p.enterpriseIds.length === 0) return;
    const firms = await this.enterprises.factsBatch({ ids: p.enterpriseIds }, m);
    await this.evaluateAndWrite(active, firms, m);
  }

  private async retire(versionId: string, m: EntityManager): Promise<void> {
    const n = await this.matches.retireVersion(m, versionId);
    this.logger.log(`retired ${n} matches of version ${versionId}`);
  }

  /** Re-matches one firm against every active version (e.g. on demand from "my policies"). */
  async rematchEnterprise(enterpriseId: string): Promise<void> {
    await this.plans.transaction(async (m) => {
      const firms = await this.enterprises.factsBatch({ ids: [enterpriseId] }, m);
      await this.evaluateAndWrite((await this.activeVersions(m)).filter((x) => x.status === 'published'), firms, m);
    });
  }
}
