import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { EventBus, QUEUE_PORT, QueueNames, QueuePort } from '@app/core';
import { EnterpriseProfileChangedPayload, EnterprisesCreatedPayload, EventNames } from '@app/contracts';
import { EnterpriseFactsRecord, EnterprisesService } from '@app/enterprises';
import { ItemVersionRepository } from '../item/item-version.repository';
import type { ItemVersionView } from '../policy/policy.types';
import { PushService } from '../push/push.service';
import { factsDigest, MatcherCache, todayInChina } from './item-matcher';
import { MatchRepository, MatchWrite } from './match.repository';

export interface RangeJob {
  /** Several versions share one read of the range (bulk publication, re-matching everything). */
  versionIds: string[];
  fromSeq: number;
  toSeq: number;
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

/** Firms per matching job: small enough to retry cheaply, big enough to amortize the writes. */
export const MATCH_RANGE = 5000;

/**
 * 精准推送 matching. Publication splits the enterprise table into seq ranges, one queue job each (any
 * number of workers); a profile change re-matches that firm against the active items that use a
 * changed fact; withdrawal or expiry retires the version's matches. Every write is idempotent.
 */
@Injectable()
export class MatchingService implements OnModuleInit {
  private readonly logger = new Logger('Matching');
  private readonly matchers = new MatcherCache();

  constructor(
    private readonly dataSource: DataSource,
    private readonly versions: ItemVersionRepository,
    private readonly matches: MatchRepository,
    private readonly enterprises: EnterprisesService,
    private readonly push: PushService,
    private readonly bus: EventBus,
    @Inject(QUEUE_PORT) private readonly queue: QueuePort,
  ) {}

  onModuleInit(): void {
    this.bus.on(EventNames.PolicyItemPublished, 'matching.on-published', (e, m) => this.onPublished(e.payload as { itemVersionId: string; previousVersionId: string | null }, m));
    this.bus.on('policy.item.withdrawn', 'matching.on-withdrawn', (e, m) => this.retire((e.payload as { itemVersionId: string }).itemVersionId, m));
    this.bus.on('policy.item.expired', 'matching.on-expired', (e, m) => this.retire((e.payload as { itemVersionId: string }).itemVersionId, m));
    this.bus.on(EventNames.EnterpriseProfileChanged, 'matching.on-profile-changed', (e, m) => this.onProfileChanged(e.payload as unknown as EnterpriseProfileChangedPayload, m));
    this.bus.on(EventNames.EnterprisesCreated, 'matching.on-enterprises-created', (e, m) => this.onCreated(e.payload as unknown as EnterprisesCreatedPayload, m));
  }

  /** Starts consuming matching jobs in this process (worker, embedded platform). */
  startWorkers(concurrency = 1): void {
    this.queue.process<RangeJob>(QueueNames.Matching, async (job) => {
      await this.matchRange(job.data);
    }, concurrency);
  }

  private async onPublished(p: { itemVersionId: string; previousVersionId: string | null }, m: EntityManager): Promise<void> {
    if (p.previousVersionId) await this.matches.retireVersion(m, p.previousVersionId);
    await this.enqueueVersion(p.itemVersionId, m);
  }

  /** Splits the whole enterprise table into range jobs for one version. */
  enqueueVersion(versionId: string, m?: EntityManager): Promise<number> {
    return this.enqueueVersions([versionId], m);
  }

  /** Range jobs covering every enterprise for a set of versions (each range read once for all of them). */
  async enqueueVersions(versionIds: string[], m?: EntityManager): Promise<number> {
    if (versionIds.length === 0) return 0;
    const [b] = await (m ?? this.dataSource).query(`SELECT coalesce(min(seq),1)::bigint AS min, coalesce(max(seq),0)::bigint AS max FROM enterprise.enterprises`);
    const min = Number(b.min);
    const max = Number(b.max);
    const key = versionIds.length === 1 ? versionIds[0] : createHash('sha1').update([...versionIds].sort().join(',')).digest('hex');
    let jobs = 0;
    for (let from = min; from <= max; from += MATCH_RANGE) {
      await this.queue.add<RangeJob>(QueueNames.Matching, 'match-range', { versionIds, fromSeq: from, toSeq: from + MATCH_RANGE }, { jobId: `match:${key}:${from}` });
      jobs++;
    }
    return jobs;
  }

  /** Evaluates the versions over one seq range and writes matches and inbox entries in one transaction. */
  async matchRange(job: RangeJob): Promise<{ evaluated: number; eligible: number; nearMiss: number; pushed: number }> {
    const total = { evaluated: 0, eligible: 0, nearMiss: 0, pushed: 0 };
    const versions: ItemVersionView[] = [];
    for (const id of job.versionIds) {
      const v = await this.versions.byId(id);
      if (v && v.status === 'published') versions.push(v);
    }
    if (versions.length === 0) return total;
    const firms = await this.enterprises.factsBatch({ fromSeq: job.fromSeq, toSeq: job.toSeq });
    await this.dataSource.transaction(async (m) => {
      for (const v of versions) {
        const r = await this.evaluateAndWrite(v, firms, m);
        total.evaluated += r.evaluated;
        total.eligible += r.eligible;
        total.nearMiss += r.nearMiss;
        total.pushed += r.pushed;
      }
    });
    return total;
  }

  private async evaluateAndWrite(version: ItemVersionView, firms: EnterpriseFactsRecord[], m?: EntityManager) {
    const matcher = this.matchers.get(version, todayInChina());
    const outcomes: MatchWrite[] = [];
    for (const f of firms) {
      const o = matcher.evaluate(f.facts as unknown as Record<string, unknown>);
      if (o) outcomes.push({ ...o, enterpriseId: f.id, factsDigest: digestOf(f), profileVersion: f.version });
    }
    const title = version.name;
    const write = async (tx: EntityManager) => {
      const fresh = await this.matches.write(tx, { id: version.id, itemId: version.itemId, title }, firms.map((f) => f.id), outcomes);
      await this.push.deliver(tx, fresh.map((e) => ({ inboxId: e.id, enterpriseId: e.enterpriseId, title })));
      return fresh.length;
    };
    const pushed = m ? await write(m) : await this.dataSource.transaction(write);
    return {
      evaluated: firms.length,
      eligible: outcomes.filter((o) => o.outcome === 'eligible').length,
      nearMiss: outcomes.filter((o) => o.outcome === 'near_miss').length,
      pushed,
    };
  }

  /** Active versions (published, in effect today). */
  private activeVersions(m?: EntityManager): Promise<ItemVersionView[]> {
    return this.versions.inEffect(todayInChina(), new Date(), m ?? this.dataSource);
  }

  private async onProfileChanged(p: EnterpriseProfileChangedPayload, m: EntityManager): Promise<void> {
    const changed = new Set(p.changedFacts);
    const affected = (await this.activeVersions(m)).filter((v) => v.status === 'published' && v.factsUsed.some((f) => changed.has(f)));
    if (affected.length === 0) return;
    const firms = await this.enterprises.factsBatch({ ids: [p.enterpriseId] }, m);
    for (const v of affected) await this.evaluateAndWrite(v, firms, m);
  }

  private async onCreated(p: EnterprisesCreatedPayload, m: EntityManager): Promise<void> {
    const active = (await this.activeVersions(m)).filter((v) => v.status === 'published');
    if (active.length === 0 || p.enterpriseIds.length === 0) return;
    const firms = await this.enterprises.factsBatch({ ids: p.enterpriseIds }, m);
    for (const v of active) await this.evaluateAndWrite(v, firms, m);
  }

  private async retire(versionId: string, m: EntityManager): Promise<void> {
    const n = await this.matches.retireVersion(m, versionId);
    this.logger.log(`retired ${n} matches of version ${versionId}`);
  }

  /** Re-matches one firm against every active version (e.g. on demand from "my policies"). */
  async rematchEnterprise(enterpriseId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const firms = await this.enterprises.factsBatch({ ids: [enterpriseId] }, m);
      for (const v of (await this.activeVersions(m)).filter((x) => x.status === 'published')) await this.evaluateAndWrite(v, firms, m);
    });
  }
}
