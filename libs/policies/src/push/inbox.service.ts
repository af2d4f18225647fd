import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertDepartmentScope, DomainError, formatMoney, Page, Principal } from '@app/core';
import { EnterprisesService, FactProvenanceView, TagsService } from '@app/enterprises';
import { explainRuleSync, RuleCondition } from '@app/rules';
import { factsDigest, todayInChina as chinaDate } from '../matching/item-matcher';
import { CASH_OUT_MODE_LABELS, CashOutMode } from '../policy/policy.types';
import { ENTERPRISE_REGISTRY } from '../policy/policy.validation';
import { InboxRepository, MyPolicyRow } from './inbox.repository';

export interface MyPolicy {
  itemId: string;
  itemVersionId: string;
  itemName: string;
  policyId: string;
  policyTitle: string;
  department: string;
  mode: CashOutMode;
  modeLabel: string;
  outcome: 'eligible' | 'near_miss';
  estimateFen: number;
  estimateText: string;
  applyTo: string | null;
  lacking: string | null;
  /** 不重复享受 group: of the items in one group, the firm receives one. */
  exclusionGroup: string | null;
  matchedAt: string;
}

/**
 * What the firm can actually receive from its eligible items: items of one 不重复享受 group count
 * once, with the largest estimate.
 */
export function attainableSum(eligible: MyPolicy[]): number {
  const best = new Map<string, number>();
  let sum = 0;
  for (const x of eligible) {
    if (!x.exclusionGroup) sum += x.estimateFen;
    else best.set(x.exclusionGroup, Math.max(best.get(x.exclusionGroup) ?? 0, x.estimateFen));
  }
  for (const v of best.values()) sum += v;
  return sum;
}

/** A page of each list, and the totals over all of them (the estimate counts each 不重复享受 group once). */
export interface MyPolicies {
  eligible: MyPolicy[];
  nearMisses: MyPolicy[];
  totals: { eligible: number; nearMisses: number; estimateFen: number; estimateText: string };
  page: number;
  pageSize: number;
}

/** One item as the firm sees it: every condition in plain Chinese, what to prepare, whom to ask. */
export interface MyPolicyDetail extends MyPolicy {
  /** Every condition in plain Chinese, with the fact it tests and where the firm's value of it came from (数据来源). */
  reasons: Array<{ text: string; passed: boolean; missing: boolean; fact: string; source: ReasonSource | null }>;
  docNumber: string | null;
  sourceUrl: string | null;
  clause: string | null;
  materials: string[];
  applyFrom: string | null;
  contact: string | null;
}


/**
 * A message of the firm's inbox: a pushed policy (`eligible`, addressed by its item version; the
 * estimate is the match's bigint fen as decimal text) or a 办理通知 (`notice`, with its kind and
 * application). Times are ISO text, as JSON writes them.
 */
export interface InboxEntry {
  id: string;
  kind: 'eligible' | 'notice';
  itemId: string | null;
  itemVersionId: string | null;
  title: string;
  estimateFen: string | null;
  createdAt: string;
  readAt: string | null;
  statusText: string | null;
  statusAt: string | null;
  body: string;
  noticeKind?: string | null;
  applicationId?: string | null;
}

const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** Where the value a condition was checked against came from: a department's data source, a correction, a person, the file import. */
export type ReasonSource = Pick<FactProvenanceView, 'via' | 'source' | 'sourceName' | 'recordId' | 'fetchedAt'>;

/** The enterprise's side of 精准推送: "my policies", the inbox, read/dismiss; per-policy statistics. */
type Reason = { text: string; passed: boolean; missing: boolean; fact: string };

const REASON_CACHE_SIZE = 50_000;

@Injectable()
export class InboxService {
  /** Rendered reasons by (version, facts digest, day): a match row's text never changes once written. */
  private readonly reasonCache = new Map<string, Reason[]>();
  /** My-policies lists by firm and sort order, with the stamp they were built at. */
  private readonly listCache = new Map<string, { version: string; list: { eligible: MyPolicy[]; nearMisses: MyPolicy[] }; estimateFen: number }>();
  /** Rules by version id: a published version's rule is immutable, so it is read once per process. */
  private readonly rules = new Map<string, RuleCondition>();

  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly repo: InboxRepository,
    private readonly tags: TagsService,
    private readonly enterprises: EnterprisesService,
  ) {}

  private static reasonKey(versionId: string, digest: string, matchedAt: Date): string {
    return `${versionId}:${digest}:${chinaDate(new Date(matchedAt))}`;
  }

  /**
   * Reasons for the rows not in the cache, rendered from the facts the row was matched on: the
   * firm's profile version it records (profile history; rows from before it kept their own facts),
   * checked against the row's facts digest. A warm list reads neither.
   */
  private async fillReasons(enterpriseId: string, rows: MyPolicyRow[]): Promise<void> {
    const cold = rows.filter((r) => !this.reasonCache.has(InboxService.reasonKey(r.item_version_id, r.facts_digest, r.matched_at)));
    if (cold.length === 0) return;
    const versionIds = cold.map((r) => r.item_version_id);
    const needRules = versionIds.filter((id) => !this.rules.has(id));
    if (needRules.length) {
      const found = await this.repo.rules(needRules);
      if (this.rules.size > 20_000) this.rules.clear();
      for (const r of found) this.rules.set(r.id, r.rule);
    }
    const matched = await this.repo.matchFacts(enterpriseId, versionIds);
    const profiles = await this.enterprises.factsAtVersions(enterpriseId, [...new Set(matched.filter((f) => !f.facts).map((f) => f.profile_version))]);
    const tagLabels = await this.tags.labels();
    if (this.reasonCache.size + matched.length > REASON_CACHE_SIZE) this.reasonCache.clear();
    for (const f of matched) {
      const rule = this.rules.get(f.item_version_id);
      const facts = f.facts ?? (profiles.get(f.profile_version) as Record<string, unknown> | undefined);
      if (!rule || !facts) continue;
      if (!f.facts && factsDigest(facts) !== f.facts_digest) {
        this.logger.warn(`profile version ${f.profile_version} of ${enterpriseId} does not match the digest of its match with ${f.item_version_id}`);
      }
      const asOf = chinaDate(new Date(f.matched_at));
      const out = explainRuleSync(rule, ENTERPRISE_REGISTRY, facts, { asOf }, { tagLabels }).conditions.map((x) => ({ text: x.text, passed: x.passed, missing: x.missing, fact: x.fact }));
      const key = InboxService.reasonKey(f.item_version_id, f.facts_digest, f.matched_at);
      this.reasonCache.set(key, out);
      // The row may have been re-matched between the two reads: answer with the newer facts' reasons.
      const row = cold.find((r) => r.item_version_id === f.item_version_id);
      if (row) {
        row.facts_digest = f.facts_digest;
        row.matched_at = f.matched_at;
      }
    }
  }

  private enterpriseOf(p: Principal): string {
    if (p.role !== 'enterprise' || !p.enterpriseId) throw new DomainError('AUTH.FORBIDDEN', '仅企业用户可查看');
    return p.enterpriseId;
  }


  private static toMyPolicy(r: MyPolicyRow): MyPolicy {
    const estimateFen = Number(r.estimate_fen);
    return {
      itemId: r.item_id, itemVersionId: r.item_version_id, itemName: r.name, policyId: r.policy_id, policyTitle: r.title,
      department: r.owner_department, mode: r.mode, modeLabel: CASH_OUT_MODE_LABELS[r.mode], outcome: r.outcome,
      estimateFen, estimateText: formatMoney(estimateFen), applyTo: r.apply_to, lacking: r.lacking,
      exclusionGroup: r.exclusion_group, matchedAt: new Date(r.matched_at).toISOString(),
    };
  }

  /**
   * "My policies": the items the firm qualifies for with their estimates, and near misses with what
   * is lacking — sorted by amount or deadline, a page of each, with the totals. The conditions in
   * full are in `myPolicy(itemId)`.
   */
  async myPolicies(p: Principal, sort: 'amount' | 'deadline' = 'amount', page = 1, pageSize = 50): Promise<MyPolicies> {
    const enterpriseId = this.enterpriseOf(p);
    // The list is rebuilt only when the firm's stamp changed (InboxRepository.listStamp); the rebuilt
    // list still joins on the version status.
    const key = `${enterpriseId}:${sort}`;
    const version = await this.repo.listStamp(enterpriseId);
    let cached = this.listCache.get(key);
    if (!cached || cached.version !== version) {
      const list = await this.loadMyPolicies(enterpriseId, sort);
      if (this.listCache.size > 20_000) this.listCache.clear();
      cached = { version, list, estimateFen: attainableSum(list.eligible) };
      this.listCache.set(key, cached);
    }
    const from = (page - 1) * pageSize;
    const { eligible, nearMisses } = cached.list;
    return {
      eligible: eligible.slice(from, from + pageSize),
      nearMisses: nearMisses.slice(from, from + pageSize),
      totals: { eligible: eligible.length, nearMisses: nearMisses.length, estimateFen: cached.estimateFen, estimateText: formatMoney(cached.estimateFen) },
      page,
      pageSize,
    };
  }

  private async loadMyPolicies(enterpriseId: string, sort: 'amount' | 'deadline'): Promise<{ eligible: MyPolicy[]; nearMisses: MyPolicy[] }> {
    const rows = await this.repo.myPolicies(enterpriseId, sort);
    const eligible: MyPolicy[] = [];
    const nearMisses: MyPolicy[] = [];
    for (const r of rows) (r.outcome === 'eligible' ? eligible : nearMisses).push(InboxService.toMyPolicy(r));
    return { eligible, nearMisses };
  }

  /**
   * The conditions explained with the firm's current facts, if they still give the row's outcome
   * (null otherwise: a re-match is on its way, and the row's own facts explain it). A re-match leaves
   * a row whose answer did not change as it was (MatchRepository.write), so its profile version can
   * be older than the facts — and the sources — the firm sees today.
   */
  private async currentReasons(enterpriseId: string, r: MyPolicyRow): Promise<Reason[] | null> {
    const facts = (await this.enterprises.facts(enterpriseId)) as unknown as Record<string, unknown> | null;
    if (!facts) return null;
    const today = new Date();
    const key = `now:${InboxService.reasonKey(r.item_version_id, factsDigest(facts), today)}:${r.outcome}`;
    const cached = this.reasonCache.get(key);
    if (cached) return cached;
    if (!this.rules.has(r.item_version_id)) for (const x of await this.repo.rules([r.item_version_id])) this.rules.set(x.id, x.rule);
    const rule = this.rules.get(r.item_version_id);
    if (!rule) return null;
    const explained = explainRuleSync(rule, ENTERPRISE_REGISTRY, facts, { asOf: chinaDate(today) }, { tagLabels: await this.tags.labels() });
    if (explained.eligible !== (r.outcome === 'eligible')) return null;
    const out = explained.conditions.map((x) => ({ text: x.text, passed: x.passed, missing: x.missing, fact: x.fact }));
    if (this.reasonCache.size >= REASON_CACHE_SIZE) this.reasonCache.clear();
    this.reasonCache.set(key, out);
    return out;
  }

  /** One of my policies in detail, each condition explained from the firm's current facts (or, while a re-match is pending, the facts it was matched on). */
  async myPolicy(p: Principal, itemId: string): Promise<MyPolicyDetail> {
    const enterpriseId = this.enterpriseOf(p);
    const r = /^[0-9a-f-]{36}$/i.test(itemId) ? await this.repo.myPolicy(enterpriseId, itemId) : null;
    if (!r) throw new DomainError('MY_POLICY.NOT_FOUND', '该政策事项不在您的推荐列表中', { itemId });
    let reasons = await this.currentReasons(enterpriseId, r);
    if (!reasons) {
      await this.fillReasons(enterpriseId, [r]);
      reasons = this.reasonCache.get(InboxService.reasonKey(r.item_version_id, r.facts_digest, r.matched_at)) ?? [];
    }
    const v = await this.repo.itemDetail(r.item_version_id);
    const provenance = new Map((await this.enterprises.provenance(enterpriseId)).map((x) => [x.fact, x]));
    const sourceOf = (fact: string): ReasonSource | null => {
      const x = provenance.get(fact);
      return x ? { via: x.via, source: x.source, sourceName: x.sourceName, recordId: x.recordId, fetchedAt: x.fetchedAt } : null;
    };
    return {
      ...InboxService.toMyPolicy(r),
      reasons: reasons.map((x) => ({ ...x, source: sourceOf(x.fact) })),
      docNumber: v.doc_number, sourceUrl: v.source_url, clause: v.clause, materials: v.materials, applyFrom: v.apply_from,
      contact: v.contact,
    };
  }

  /**
   * The firm's inbox: its pushed match rows, newest first. An entry is addressed by its item version
   * (`id`), since the firm is the caller. It stays after the match is retired (the message was sent).
   */
  async inbox(p: Principal, page: number, pageSize: number, unreadOnly = false): Promise<Page<InboxEntry>> {
    const enterpriseId = this.enterpriseOf(p);
    const { rows, total } = await this.repo.inbox(enterpriseId, page, pageSize, unreadOnly);
    // A pushed policy's message is rendered from the version's (immutable) name and the match's estimate;
    // a notice (办理通知: confirm by a date, 补正, paid …) carries its own text (NOT NULL for notices).
    const items = rows.map(({ body, noticeKind, applicationId, createdAt, readAt, statusAt, ...r }): InboxEntry => {
      const times = { createdAt: new Date(createdAt).toISOString(), readAt: isoOrNull(readAt), statusAt: isoOrNull(statusAt) };
      return r.kind === 'notice'
        ? { ...r, ...times, estimateFen: null, noticeKind, applicationId, body: body ?? '' }
        : { ...r, ...times, body: `您的企业符合“${r.title}”的申报条件，预计可享受：${formatMoney(Number(r.estimateFen))}` };
    });
    return { items, total, page, pageSize };
  }

  /** The firm applied for (or confirmed) an item: counted in the policy's statistics. In the caller's transaction. */
  async markApplied(m: EntityManager, enterpriseId: string, itemId: string): Promise<void> {
    await this.repo.markApplied(m, enterpriseId, itemId);
  }

  /**
   * Progress of the firm's application shown on its inbox entry for the item (e.g. "已拨付 20万元"),
   * marked unread again so the firm notices. In the caller's transaction.
   */
  async noteProgress(m: EntityManager, enterpriseId: string, itemId: string, text: string): Promise<void> {
    await this.repo.noteProgress(m, enterpriseId, itemId, text.slice(0, 200));
  }

  /** Read or dismiss one inbox entry, addressed by its id: a pushed policy's item version id, or a notice's id. */
  async mark(p: Principal, id: string, what: 'read' | 'dismissed'): Promise<void> {
    const enterpriseId = this.enterpriseOf(p);
    const found = /^[0-9a-f-]{36}$/i.test(id) && (await this.repo.mark(enterpriseId, id, what));
    if (!found) throw new DomainError('INBOX.NOT_FOUND', '消息不存在', { id });
  }

  /** Pushed, read, dismissed and applied counts per item of a policy (owning department, leaders, admins). */
  async policyStats(p: Principal, policyId: string) {
    const department = /^[0-9a-f-]{36}$/i.test(policyId) ? await this.repo.policyDepartment(policyId) : null;
    if (!department) throw new DomainError('POLICY.NOT_FOUND', '政策不存在', { id: policyId });
    assertDepartmentScope(p, department, 'POLICY', policyId);
    return this.repo.policyStats(policyId);
  }
}
