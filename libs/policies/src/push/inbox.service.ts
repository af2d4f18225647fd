import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertDepartmentScope, DomainError, formatMoney, mutateReturning, Page, Principal } from '@app/core';
import { TagsService } from '@app/enterprises';
import { explainRuleSync, RuleCondition } from '@app/rules';
import { todayInChina as chinaDate } from '../matching/item-matcher';
import { CASH_OUT_MODE_LABELS, CashOutMode } from '../policy/policy.types';
import { ENTERPRISE_REGISTRY } from '../policy/policy.validation';

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
  reasons: Array<{ text: string; passed: boolean; missing: boolean }>;
  matchedAt: string;
}

interface MyPolicyRow {
  item_id: string; item_version_id: string; name: string; policy_id: string; title: string; owner_department: string; mode: CashOutMode;
  outcome: 'eligible' | 'near_miss'; estimate_fen: number; apply_to: string | null; near_miss: { gapText: string } | null;
  facts: Record<string, unknown>; rule: RuleCondition; facts_digest: string; matched_at: Date;
}

/** The enterprise's side of 精准推送: "my policies", the inbox, read/dismiss; per-policy statistics. */
type Reason = { text: string; passed: boolean; missing: boolean };

@Injectable()
export class InboxService {
  /** Rendered reasons by (version, facts digest, day): a match row's text never changes once written. */
  private readonly reasonCache = new Map<string, Reason[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly tags: TagsService,
  ) {}

  private reasons(r: MyPolicyRow, tagLabels: ReadonlyMap<string, string>): Reason[] {
    const asOf = chinaDate(r.matched_at);
    const key = `${r.item_version_id}:${r.facts_digest}:${asOf}`;
    let out = this.reasonCache.get(key);
    if (!out) {
      out = explainRuleSync(r.rule, ENTERPRISE_REGISTRY, r.facts, { asOf }, { tagLabels }).conditions.map((x) => ({ text: x.text, passed: x.passed, missing: x.missing }));
      if (this.reasonCache.size > 50_000) this.reasonCache.clear();
      this.reasonCache.set(key, out);
    }
    return out;
  }

  private enterpriseOf(p: Principal): string {
    if (p.role !== 'enterprise' || !p.enterpriseId) throw new DomainError('AUTH.FORBIDDEN', '仅企业用户可查看');
    return p.enterpriseId;
  }

  async myPolicies(p: Principal, sort: 'amount' | 'deadline' = 'amount'): Promise<{ eligible: MyPolicy[]; nearMisses: MyPolicy[] }> {
    const enterpriseId = this.enterpriseOf(p);
    const rows: MyPolicyRow[] = await this.dataSource.query(
      `SELECT m.item_id, m.item_version_id, v.name, pol.id AS policy_id, pol.title, i.owner_department, v.mode, m.outcome, m.estimate_fen,
              v.apply_to::text AS apply_to, m.near_miss, m.facts, v.rule, m.facts_digest, m.matched_at
       FROM policy.matches m
       JOIN policy.item_versions v ON v.id = m.item_version_id AND v.status = 'published'
       JOIN policy.items i ON i.id = m.item_id
       JOIN policy.policies pol ON pol.id = i.policy_id
       WHERE m.enterprise_id = $1 AND m.retired_at IS NULL
       ORDER BY ${sort === 'deadline' ? 'v.apply_to ASC NULLS LAST, m.estimate_fen DESC' : 'm.estimate_fen DESC, v.apply_to ASC NULLS LAST'}`,
      [enterpriseId],
    );
    const tagLabels = await this.tags.labels();
    const all = rows.map((r) => ({
      itemId: r.item_id, itemVersionId: r.item_version_id, itemName: r.name, policyId: r.policy_id, policyTitle: r.title,
      department: r.owner_department, mode: r.mode, modeLabel: CASH_OUT_MODE_LABELS[r.mode], outcome: r.outcome,
      estimateFen: Number(r.estimate_fen), estimateText: formatMoney(Number(r.estimate_fen)), applyTo: r.apply_to,
      lacking: r.near_miss?.gapText ?? null,
      reasons: this.reasons(r, tagLabels),
      matchedAt: new Date(r.matched_at).toISOString(),
    }));
    return { eligible: all.filter((x) => x.outcome === 'eligible'), nearMisses: all.filter((x) => x.outcome === 'near_miss') };
  }

  async inbox(p: Principal, page: number, pageSize: number, unreadOnly = false): Promise<Page<Record<string, unknown>>> {
    const enterpriseId = this.enterpriseOf(p);
    const filter = `enterprise_id = $1 AND dismissed_at IS NULL ${unreadOnly ? 'AND read_at IS NULL' : ''}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM policy.inbox WHERE ${filter}`, [enterpriseId]);
    const items = await this.dataSource.query(
      `SELECT id, item_id AS "itemId", item_version_id AS "itemVersionId", kind, title, body, estimate_fen::bigint AS "estimateFen",
              created_at AS "createdAt", read_at AS "readAt"
       FROM policy.inbox WHERE ${filter} ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [enterpriseId, pageSize, (page - 1) * pageSize],
    );
    return { items, total, page, pageSize };
  }

  async mark(p: Principal, inboxId: string, what: 'read' | 'dismissed'): Promise<void> {
    const enterpriseId = this.enterpriseOf(p);
    const set = what === 'read' ? 'read_at = coalesce(read_at, now())' : 'dismissed_at = coalesce(dismissed_at, now()), read_at = coalesce(read_at, now())';
    const r: unknown[] = /^[0-9a-f-]{36}$/i.test(inboxId)
      ? await mutateReturning(
          this.dataSource,
          `UPDATE policy.inbox SET ${set} WHERE id = $1 AND enterprise_id = $2 RETURNING id`,
          [inboxId, enterpriseId],
        )
      : [];
    if (r.length === 0) throw new DomainError('INBOX.NOT_FOUND', '消息不存在', { id: inboxId });
  }

  /** Pushed, read, dismissed and applied counts per item of a policy (owning department, leaders, admins). */
  async policyStats(p: Principal, policyId: string) {
    const pol: Array<{ owner_department: string }> = /^[0-9a-f-]{36}$/i.test(policyId)
      ? await this.dataSource.query(`SELECT owner_department FROM policy.policies WHERE id = $1`, [policyId])
      : [];
    if (!pol[0]) throw new DomainError('POLICY.NOT_FOUND', '政策不存在', { id: policyId });
    assertDepartmentScope(p, pol[0].owner_department, 'POLICY', policyId);
    return this.dataSource.query(
      `SELECT i.id AS "itemId", i.code, count(x.id)::int AS pushed, count(x.read_at)::int AS read,
              count(x.dismissed_at)::int AS dismissed, count(x.applied_at)::int AS applied
       FROM policy.items i LEFT JOIN policy.inbox x ON x.item_id = i.id
       WHERE i.policy_id = $1 GROUP BY i.id, i.code ORDER BY i.code`,
      [policyId],
    );
  }
}
