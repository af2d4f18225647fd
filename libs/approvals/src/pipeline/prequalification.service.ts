import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, EventBus, QUEUE_PORT, QueueNames, QueuePort, uuid7 } from '@app/core';
import { EventNames, PolicyItemPublishedPayload } from '@app/contracts';
import { EnterpriseFactsRecord, EnterprisesService } from '@app/enterprises';
import { ItemMatcher, ItemVersionRepository, ItemVersionView, todayInChina } from '@app/policies';
import { APPROVAL_OPTIONS, ApprovalOptions } from '../approval.options';
import { ApplicationRepository, NewApplication } from '../application/application.repository';
import { SYSTEM_ACTOR } from '../application/application.types';
import { FundPoolRepository } from '../pool/fund-pool.repository';
import { periodOf, requiredFacts, SCREENING_LABELS } from './eligibility';
import { ScreeningRepository } from './screening.repository';
import { ScreeningService } from './screening.service';

export interface PrequalPlanJob {
  versionId: string;
}
export interface PrequalRangeJob {
  versionId: string;
  fromSeq: number;
  toSeq: number;
}

export interface PrequalOutcome {
  evaluated: number;
  eligible: number;
  created: number;
  skipped: Partial<Record<string, number>>;
}

/**
 * 免申即享 pipeline: when a no_application item is published, the enterprise table is split into
 * seq ranges, one job each on QueueNames.Approvals; each job evaluates its firms (compiled rule),
 * screens the eligible ones and creates pre_qualified applications with the computed amount. A
 * profile change (or new firms) runs the same steps for those firms inside the event's transaction.
 */
@Injectable()
export class PrequalificationService implements OnModuleInit {
  private readonly logger = new Logger('Prequalification');

  constructor(
    private readonly screenings: ScreeningRepository,
    private readonly versions: ItemVersionRepository,
    private readonly enterprises: EnterprisesService,
    private readonly applications: ApplicationRepository,
    private readonly screening: ScreeningService,
    private readonly pools: FundPoolRepository,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    @Inject(QUEUE_PORT) private readonly queue: QueuePort,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
  ) {}

  onModuleInit(): void {
    this.bus.on(EventNames.PolicyItemPublished, 'approvals.on-item-published', (e, m) => this.onPublished(e.payload, m));
    this.bus.on(EventNames.EnterpriseProfileChanged, 'approvals.on-profile-changed', (e, m) =>
      this.onFirmsChanged([e.payload.enterpriseId], m));
    this.bus.on(EventNames.EnterprisesCreated, 'approvals.on-enterprises-created', (e, m) =>
      this.onFirmsChanged(e.payload.enterpriseIds, m));
    this.bus.on(EventNames.EnterprisesChanged, 'approvals.on-enterprises-changed', (e, m) =>
      this.onFirmsChanged(e.payload.changes.map((c) => c.enterpriseId), m));
    for (const name of [EventNames.PolicyItemWithdrawn, EventNames.PolicyItemExpired]) {
      this.bus.on(name, `approvals.lapse-on-${name}`, async (e, m) => {
        await this.lapseVersion(m, e.payload.itemVersionId);
      });
    }
  }

  /** Starts consuming approval jobs in this process (worker, embedded platform). */
  startWorkers(concurrency = 1): void {
    this.queue.process<PrequalPlanJob | PrequalRangeJob>(QueueNames.Approvals, async (job) => {
      if (job.name === 'prequal-plan') await this.plan((job.data as PrequalPlanJob).versionId);
      else if (job.name === 'prequal-range') await this.runRange(job.data as PrequalRangeJob);
    }, concurrency);
  }

  private async onPublished(p: PolicyItemPublishedPayload, m: EntityManager): Promise<void> {
    const v = await this.versions.byId(p.itemVersionId, m);
    if (!v) return;
    await this.pools.sync(m, v);
    // Planning reads the enterprise seq bounds outside this transaction (PGlite has one connection).
    if (v.mode === 'no_application') await this.queue.add<PrequalPlanJob>(QueueNames.Approvals, 'prequal-plan', { versionId: v.id }, { jobId: `prequal-plan:${v.id}` });
  }

  /** Splits the enterprise table into range jobs for one version; returns how many. */
  async plan(versionId: string): Promise<number> {
    const b = await this.enterprises.seqBounds();
    let jobs = 0;
    for (let from = b.min; from <= b.max && b.count > 0; from += this.options.rangeSize) {
      await this.queue.add<PrequalRangeJob>(QueueNames.Approvals, 'prequal-range', { versionId, fromSeq: from, toSeq: from + this.options.rangeSize }, {
        jobId: `prequal:${versionId}:${from}`,
      });
      jobs++;
    }
    return jobs;
  }

  /** One range job: idempotent (existing applications are skipped by the same checks and constraints). */
  async runRange(job: PrequalRangeJob): Promise<PrequalOutcome> {
    const v = await this.versions.byId(job.versionId);
    if (!v || v.status !== 'published' || v.mode !== 'no_application') return { evaluated: 0, eligible: 0, created: 0, skipped: {} };
    const firms = await this.enterprises.factsBatch({ fromSeq: job.fromSeq, toSeq: job.toSeq });
    return this.applications.transaction((m) => this.prequalify(m, v, firms));
  }

  private async onFirmsChanged(ids: string[], m: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    const active = (await this.versions.inEffect(todayInChina(), new Date(), m)).filter((v) => v.status === 'published' && v.mode === 'no_application');
    if (active.length === 0) return;
    const firms = await this.enterprises.factsBatch({ ids }, m);
    for (const v of active) await this.prequalify(m, v, firms);
  }

  /** Evaluate → screen → create pre_qualified applications (duplicates and exclusion conflicts skipped by constraint). */
  async prequalify(m: EntityManager, v: ItemVersionView, firms: EnterpriseFactsRecord[]): Promise<PrequalOutcome> {
    const today = todayInChina();
    const period = periodOf(v, today);
    const matcher = new ItemMatcher(v, today);
    const eligible: Array<{ firm: EnterpriseFactsRecord; amount: number; text: string; facts: Record<string, unknown> }> = [];
    for (const f of firms) {
      const o = matcher.test(f.facts as unknown as Record<string, unknown>) ? matcher.evaluate(f.facts as unknown as Record<string, unknown>) : null;
      if (o?.outcome === 'eligible') eligible.push({ firm: f, amount: o.estimateFen, text: o.estimateText, facts: o.facts });
    }
    const screened = await this.screening.screen(m, v, period, today, eligible.map((e) => e.firm));
    const passed = new Set(screened.filter((s) => s.reason === null).map((s) => s.firm.id));
    // Facts the item reads that a person changed by hand (not a data source): the application is flagged.
    const required = requiredFacts(v);
    const rows: NewApplication[] = eligible.filter((e) => passed.has(e.firm.id)).map((e) => ({
      id: uuid7(), enterpriseId: e.firm.id, enterpriseName: e.firm.name, itemId: v.itemId, itemVersionId: v.id, itemName: v.name,
      departmentCode: v.ownerDepartment, mode: v.mode, period, exclusionGroup: v.exclusionGroup, amountFen: e.amount, estimateText: e.text, facts: e.facts,
      manualChanges: required.map((k) => e.firm.manualFacts?.[k]).filter((c) => c !== undefined),
    }));
    const flagged = rows.filter((r) => r.manualChanges!.length > 0);
    const clean = rows.filter((r) => r.manualChanges!.length === 0);
    const node = (comment: string) => ({ command: 'pre_qualify' as const, actor: SYSTEM_ACTOR, outcome: 'passed', comment });
    const inserted = new Set([
      ...(await this.applications.insertMany(m, clean, 'pre_qualified', node('系统比对共享数据：符合条件，数据完整，无失信记录，未重复享受；已自动预填申请'))),
      ...(await this.applications.insertMany(m, flagged, 'pre_qualified', node(
        '系统比对数据：符合条件，无失信记录，未重复享受；已自动预填申请。注意：所依据的部分数据由工作人员手工修改（非数据来源共享），请审核时重点核查'))),
    ]);
    const skipped: Array<{ enterpriseId: string; reason: string }> = screened.filter((s) => s.reason !== null).map((s) => ({ enterpriseId: s.firm.id, reason: s.reason! }));
    // Lost a race to a constraint: another path created it first.
    for (const r of rows) if (!inserted.has(r.id)) skipped.push({ enterpriseId: r.enterpriseId, reason: 'duplicate' });
    // The common re-run case (already has this item) needs no note; the others explain a missing benefit.
    await this.screening.record(m, v.id, skipped.filter((s) => s.reason !== 'duplicate'));
    const counts: Partial<Record<string, number>> = {};
    for (const s of skipped) counts[s.reason] = (counts[s.reason] ?? 0) + 1;
    if (inserted.size > 0) {
      const flaggedIds = flagged.filter((r) => inserted.has(r.id)).map((r) => r.id);
      await this.audit.record({
        actor: { id: null, username: 'system', role: 'system' }, action: 'application.pre_qualify_batch', targetType: 'item_version', targetId: v.id,
        after: { created: inserted.size }, details: { period, skipped: counts, firms: firms.length, flaggedManualFacts: flaggedIds.slice(0, 1000) },
      }, m);
    }
    return { evaluated: firms.length, eligible: eligible.length, created: inserted.size, skipped: counts };
  }

  /** Why a firm matching an item has no application (for the firm's "my policies" and the department). */
  async screeningOf(versionId: string, enterpriseId: string): Promise<{ reason: string; label: string } | null> {
    const reason = (await this.screenings.reasonOf(versionId, enterpriseId)) as keyof typeof SCREENING_LABELS | null;
    return reason ? { reason, label: SCREENING_LABELS[reason] } : null;
  }

  /**
   * 申报截止: drafts and returned applications whose item's application window closed before `today`
   * lapse (the firm did not submit in time). Run daily. Pre-qualified (免申即享) ones wait for review.
   */
  async expireOverdue(today: string): Promise<number> {
    return this.applications.transaction(async (m) => {
      const closed = await this.versions.find('v.apply_to IS NOT NULL AND v.apply_to < $1::date', [today], m);
      if (closed.length === 0) return 0;
      const rows = await this.applications.unsubmittedOfVersions(m, closed.map((v) => v.id));
      let n = 0;
      for (const state of ['draft', 'returned'] as const) {
        const ids = rows.filter((r) => r.state === state).map((r) => r.id);
        n += (await this.applications.transitionMany(m, ids, state, 'expired', { command: 'expire', actor: SYSTEM_ACTOR, comment: '申报期已截止，未提交的申请自动失效' }, {}, 'id')).length;
      }
      if (n) this.logger.log(`${n} applications lapsed after their application window closed`);
      return n;
    });
  }

  /** Withdrawn or expired item versions: open pre-qualifications and drafts of that version lapse. */
  async lapseVersion(m: EntityManager, versionId: string): Promise<number> {
    const rows = await this.applications.openOfVersion(m, versionId);
    let n = 0;
    for (const state of ['pre_qualified', 'draft', 'returned'] as const) {
      const ids = rows.filter((r) => r.state === state).map((r) => r.id);
      n += (await this.applications.transitionMany(m, ids, state, 'expired', { command: 'expire', actor: SYSTEM_ACTOR, comment: '政策事项已撤回或到期' }, {}, 'id')).length;
    }
    if (n) this.logger.log(`${n} applications of version ${versionId} expired`);
    return n;
  }
}
