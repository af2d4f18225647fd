import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { assertDepartmentScope, AuditService, DomainError, OutboxService, Page, Principal, uuid7 } from '@app/core';
import { EventNames } from '@app/contracts';
import { ItemVersionRepository } from '../item/item-version.repository';
import { diffVersions, VersionDiff } from './policy.diff';
import { EDITABLE_POLICY_FIELDS, EditablePolicyField, ItemContent, ItemVersionView, PolicyChanges, PolicyDocument, PolicyFaq, PolicyMeta } from './policy.types';
import { assertNoProblems, factsUsed, validateItemContent, validatePolicyChanges, validatePolicyMeta } from './policy.validation';
import { segmentForSearch } from '../catalog/segment';
import { PolicyRepository, PolicyRow } from './policy.repository';

export interface PolicyView extends PolicyMeta {
  id: string;
  ownerDepartment: string;
  /** Moves on with every edit of the policy's information; an edit names the revision it was made on. */
  revision: number;
  updatedAt: string;
  items: Array<{ id: string; code: string; latestVersion: number; current: ItemVersionView | null; open: ItemVersionView | null; latest: ItemVersionView }>;
}

/** A policy's editable information, every field present (optional ones as null, lists as []). */
type PolicyInfo = Required<Pick<PolicyMeta, EditablePolicyField>>;

/** Optional text fields an edit may clear: an empty string clears them like null. */
const CLEARABLE_TEXT: ReadonlySet<string> = new Set(['docNumber', 'sourceUrl', 'publishDate', 'effectiveTo', 'interpretation']);

/** Longer texts are audited by length and digest (the digests of before/after cover them whole). */
const AUDIT_TEXT_MAX = 2000;

const ITEM_EVENT = { published: EventNames.PolicyItemPublished, withdrawn: 'policy.item.withdrawn', expired: 'policy.item.expired' } as const;

/**
 * Policies and their items' versions. Editors of the owning department edit drafts; another person,
 * a reviewer of that department, publishes. Published versions never change: editing one opens a
 * new draft version. Every change is audited; publication and retirement emit events for matching.
 */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly policies: PolicyRepository,
    private readonly versions: ItemVersionRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  private ownerFor(p: Principal, requested?: string): string {
    if (p.role === 'admin') {
      if (!requested) throw new DomainError('POLICY.INVALID_DEPARTMENT', '管理员创建政策须指定所属部门 ownerDepartment');
      return requested;
    }
    if (!p.departmentCode) throw new DomainError('AUTH.FORBIDDEN', '当前账号不属于任何部门');
    return p.departmentCode;
  }

  async createPolicy(p: Principal, doc: Omit<PolicyDocument, 'ownerDepartment'> & { ownerDepartment?: string }, m?: EntityManager): Promise<PolicyView> {
    const owner = this.ownerFor(p, doc.ownerDepartment);
    const problems = validatePolicyMeta(doc);
    (doc.items ?? []).forEach((it, i) => {
      problems.push(...validateItemContent(it, `/items/${i}`));
      if (typeof it.code !== 'string' || !/^[A-Za-z0-9_.-]{2,64}$/.test(it.code)) problems.push({ pointer: `/items/${i}/code`, code: 'ITEM.INVALID_CODE', message: '事项编码应为 2–64 位字母、数字或 _ . -' });
    });
    assertNoProblems(problems);
    const run = async (tx: EntityManager) => {
      const id = uuid7();
      if (await this.policies.codeTaken(tx, doc.code)) throw new DomainError('POLICY.ALREADY_EXISTS', '政策编码已存在', { code: doc.code });
      await this.policies.insert(tx, {
        ...doc, id, ownerDepartment: owner, createdBy: p.id,
        searchText: segmentForSearch([doc.title, doc.docNumber ?? '', (doc.tags ?? []).join(' '), doc.fullText ?? '']),
      });
      for (const it of doc.items ?? []) await this.insertItem(tx, p, id, owner, it.code, it);
      await this.audit.record({ actor: p, action: 'policy.create', targetType: 'policy', targetId: id, after: doc }, tx);
      return id;
    };
    const id = m ? await run(m) : await this.policies.transaction(run);
    return this.getPolicy(p, id, m);
  }

  private async insertItem(tx: EntityManager, p: Principal, policyId: string, owner: string, code: string, content: ItemContent) {
    const itemId = uuid7();
    if (await this.policies.itemCodeTaken(tx, code)) throw new DomainError('ITEM.ALREADY_EXISTS', '事项编码已存在', { code });
    await this.policies.insertItem(tx, { id: itemId, policyId, code, ownerDepartment: owner });
    await this.versions.insert(tx, { id: uuid7(), itemId, version: 1, content: normalize(content), factsUsed: factsUsed(content.rule), createdBy: p.id, changeNote: '初始版本' });
    return itemId;
  }

  async addItem(p: Principal, policyId: string, code: string, content: ItemContent): Promise<ItemVersionView> {
    assertNoProblems(validateItemContent(content), 'ITEM.INVALID');
    return this.policies.transaction(async (m) => {
      const policy = await this.policyRow(p, policyId, m);
      const itemId = await this.insertItem(m, p, policy.id, policy.owner_department, code, content);
      const [v] = await this.versions.forItem(itemId, m);
      await this.audit.record({ actor: p, action: 'item.create', targetType: 'item', targetId: itemId, after: v }, m);
      return v;
    });
  }

  private async policyRow(p: Principal, id: string, m?: EntityManager, lock = false): Promise<PolicyRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.policies.get(m ?? this.policies.db, id, lock) : null;
    if (!row) throw new DomainError('POLICY.NOT_FOUND', '政策不存在', { id });
    assertDepartmentScope(p, row.owner_department, 'POLICY', id);
    return row;
  }

  private async itemOwner(p: Principal, itemId: string, m: EntityManager): Promise<{ id: string; owner: string; latest: number }> {
    const row = /^[0-9a-f-]{36}$/i.test(itemId) ? await this.policies.lockItem(m, itemId) : null;
    if (!row) throw new DomainError('ITEM.NOT_FOUND', '事项不存在', { id: itemId });
    assertDepartmentScope(p, row.owner_department, 'ITEM', itemId);
    return { id: row.id, owner: row.owner_department, latest: row.latest_version };
  }

  async getPolicy(p: Principal, id: string, m?: EntityManager): Promise<PolicyView> {
    const r = await this.policyRow(p, id, m);
    const items = await this.policies.itemsOf(m ?? this.policies.db, id);
    const out: PolicyView['items'] = [];
    for (const it of items) {
      const vs = await this.versions.forItem(it.id, m);
      out.push({
        id: it.id, code: it.code, latestVersion: it.latest_version,
        current: vs.find((v) => v.status === 'published') ?? null,
        open: vs.find((v) => v.status === 'draft' || v.status === 'in_review') ?? null,
        latest: vs[0],
      });
    }
    return { ...metaOf(r), id: r.id, ownerDepartment: r.owner_department, revision: r.revision, updatedAt: r.updated_at, items: out };
  }

  async listPolicies(p: Principal, q: { department?: string; page: number; pageSize: number }): Promise<Page<PolicyMeta & { id: string; ownerDepartment: string }>> {
    const department = p.role === 'dept_editor' || p.role === 'dept_reviewer' ? p.departmentCode : q.department || undefined;
    const { rows, total } = await this.policies.page(department, q.page, q.pageSize);
    return { items: rows.map((r) => ({ ...metaOf(r), id: r.id, ownerDepartment: r.owner_department })), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Edits a policy's information (政策信息: title, 文号, level, category, tags, source, 原文, dates,
   * 解读, FAQ) by an editor of the owning department, at the revision the editor read: a stale
   * revision is refused (409) and nothing is written. Only the changed fields are audited, before and
   * after, with the reason. A new effective window must still cover every published item's own
   * window — an edit never silently changes who is eligible. The search index copies the policy's
   * text: `policy.updated` has it re-index the policy's items; the public page reads the row itself.
   */
  async updatePolicy(p: Principal, id: string, input: { changes: Record<string, unknown>; reason: string; revision: number }): Promise<PolicyView> {
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (reason.length < 2 || reason.length > 500) throw new DomainError('POLICY.INVALID_REASON', '请填写修改原因（2–500 字）');
    const given = typeof input.changes === 'object' && input.changes !== null && !Array.isArray(input.changes) ? input.changes : {};
    const unknown = Object.keys(given).filter((k) => !(EDITABLE_POLICY_FIELDS as readonly string[]).includes(k));
    if (unknown.length) throw new DomainError('POLICY.UNKNOWN_FIELD', `不能修改的字段：${unknown.join('、')}`, { fields: unknown });
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(given)) {
      if (v === undefined) continue;
      if (k === 'faq' && Array.isArray(v)) {
        // only the question and the answer of each entry are kept (a form's row keys never reach the row)
        changes[k] = v.map((f: unknown) => (typeof f === 'object' && f !== null ? { question: (f as PolicyFaq).question, answer: (f as PolicyFaq).answer } : f));
      } else changes[k] = CLEARABLE_TEXT.has(k) && typeof v === 'string' && v.trim() === '' ? null : v;
    }
    return this.policies.transaction(async (m) => {
      const row = await this.policyRow(p, id, m, true);
      if (row.revision !== input.revision) {
        throw new DomainError('POLICY.STALE_REVISION', '政策信息已被他人修改，请刷新后重新编辑', { revision: row.revision, updatedAt: row.updated_at });
      }
      const before = infoOf(row);
      const changed = EDITABLE_POLICY_FIELDS.filter((f) => f in changes && !sameValue(before[f], changes[f]));
      if (!changed.length) throw new DomainError('POLICY.NO_CHANGES', '没有需要修改的内容');
      const patch = Object.fromEntries(changed.map((f) => [f, changes[f]])) as PolicyChanges;
      assertNoProblems(validatePolicyChanges({ ...metaOf(row), ...before }, patch));
      const after: PolicyInfo = { ...before, ...patch } as PolicyInfo;
      if (changed.includes('effectiveFrom') || changed.includes('effectiveTo')) await this.assertWindowCoversItems(m, id, after);
      const searchText = segmentForSearch([after.title, after.docNumber ?? '', after.tags.join(' '), after.fullText]);
      const revision = await this.policies.updateInfo(m, id, input.revision, after, searchText);
      if (revision === null) throw new DomainError('POLICY.STALE_REVISION', '政策信息已被他人修改，请刷新后重新编辑', { revision: row.revision });
      await this.outbox.append(m, { name: EventNames.PolicyUpdated, aggregateType: 'policy', aggregateId: id, payload: { policyId: id, revision, fields: changed } });
      await this.audit.record({
        actor: p, action: 'policy.update', targetType: 'policy', targetId: id,
        before: Object.fromEntries(changed.map((f) => [f, before[f]])), after: patch,
        details: { reason, revision, changes: changed.map((f) => ({ field: f, before: auditValue(before[f]), after: auditValue(after[f]) })) },
      }, m);
      return this.getPolicy(p, id, m);
    });
  }

  /** 有效期: the policy's window must hold each published item's window (items open-ended need an open-ended policy). */
  private async assertWindowCoversItems(m: EntityManager, policyId: string, w: Pick<PolicyMeta, 'effectiveFrom' | 'effectiveTo'>): Promise<void> {
    const published = await this.versions.find(`i.policy_id = $1 AND v.status = 'published'`, [policyId], m, 'ORDER BY i.code');
    const outside = published.filter((v) => v.effectiveFrom < w.effectiveFrom || (w.effectiveTo !== null && (v.effectiveTo === null || v.effectiveTo > w.effectiveTo)));
    if (outside.length) {
      throw new DomainError('POLICY.WINDOW_EXCLUDES_ITEMS', `修改后的政策有效期未覆盖已发布事项的有效期：${outside.map((v) => v.name).join('、')}。请先调整或撤回这些事项`, {
        effectiveFrom: w.effectiveFrom, effectiveTo: w.effectiveTo,
        items: outside.map((v) => ({ itemId: v.itemId, itemCode: v.itemCode, name: v.name, effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo })),
      });
    }
  }

  /**
   * Edits an item: changes the open draft, or — when only a published version exists — opens a new
   * draft version from it. A version in review must be returned (rejected) before it can change.
   */
  async editItem(p: Principal, itemId: string, patch: Partial<ItemContent>, changeNote: string | null): Promise<ItemVersionView> {
    return this.policies.transaction(async (m) => {
      const item = await this.itemOwner(p, itemId, m);
      const all = await this.versions.forItem(item.id, m);
      const open = all.find((v) => v.status === 'draft' || v.status === 'in_review');
      if (open?.status === 'in_review') throw new DomainError('ITEM.INVALID_STATE', '该事项正在审核中，退回后才能修改', { version: open.version });
      const base = open ?? all.find((v) => v.status === 'published') ?? all[0];
      const content = normalize({ ...contentOf(base), ...patch });
      assertNoProblems(validateItemContent(content), 'ITEM.INVALID');
      let result: ItemVersionView;
      if (open) {
        if (!(await this.versions.updateDraft(m, open.id, content, factsUsed(content.rule), changeNote))) {
          throw new DomainError('ITEM.INVALID_STATE', '草稿状态已变化，请刷新后重试');
        }
        result = (await this.versions.byId(open.id, m))!;
      } else {
        const id = uuid7();
        const version = item.latest + 1;
        await this.versions.insert(m, { id, itemId: item.id, version, content, factsUsed: factsUsed(content.rule), createdBy: p.id, changeNote });
        await this.policies.setLatestVersion(m, item.id, version);
        result = (await this.versions.byId(id, m))!;
      }
      await this.audit.record({ actor: p, action: 'item.edit', targetType: 'item_version', targetId: result.id, before: base, after: result }, m);
      return result;
    });
  }

  async submit(p: Principal, itemId: string): Promise<ItemVersionView> {
    return this.policies.transaction(async (m) => {
      const item = await this.itemOwner(p, itemId, m);
      const draft = (await this.versions.forItem(item.id, m)).find((v) => v.status === 'draft');
      if (!draft) throw new DomainError('ITEM.INVALID_STATE', '没有可提交审核的草稿');
      await this.versions.transition(m, draft.id, 'draft', 'in_review', { submitted_by: p.id });
      await this.audit.record({ actor: p, action: 'item.submit', targetType: 'item_version', targetId: draft.id }, m);
      return (await this.versions.byId(draft.id, m))!;
    });
  }

  /** 审核: a reviewer of the owning department, never the submitter, publishes or returns the draft. */
  async review(p: Principal, itemId: string, decision: 'approve' | 'reject', comment: string | null): Promise<ItemVersionView> {
    return this.policies.transaction(async (m) => {
      const item = await this.itemOwner(p, itemId, m);
      const all = await this.versions.forItem(item.id, m);
      const pending = all.find((v) => v.status === 'in_review');
      if (!pending) throw new DomainError('ITEM.INVALID_STATE', '没有待审核的版本');
      if (pending.submittedBy === p.id || pending.createdBy === p.id) {
        throw new DomainError('ITEM.SAME_PERSON', '审核人不能审核自己编辑或提交的版本');
      }
      if (decision === 'reject') {
        await this.versions.transition(m, pending.id, 'in_review', 'draft', { review_comment: comment, submitted_by: null });
        await this.audit.record({ actor: p, action: 'item.reject', targetType: 'item_version', targetId: pending.id, details: { comment } }, m);
        return (await this.versions.byId(pending.id, m))!;
      }
      const previous = all.find((v) => v.status === 'published');
      const now = new Date();
      if (previous) await this.versions.transition(m, previous.id, 'published', 'superseded', { retired_at: now });
      const ok = await this.versions.transition(m, pending.id, 'in_review', 'published', { reviewed_by: p.id, review_comment: comment, published_at: now });
      if (!ok) throw new DomainError('ITEM.INVALID_STATE', '版本状态已变化，请刷新后重试');
      await this.outbox.append(m, {
        name: ITEM_EVENT.published,
        aggregateType: 'item',
        aggregateId: item.id,
        payload: { itemId: item.id, itemVersionId: pending.id, previousVersionId: previous?.id ?? null, mode: pending.mode },
      });
      await this.audit.record({ actor: p, action: 'item.publish', targetType: 'item_version', targetId: pending.id, before: previous ?? null, after: pending }, m);
      return (await this.versions.byId(pending.id, m))!;
    });
  }

  async withdraw(p: Principal, itemId: string, reason: string): Promise<ItemVersionView> {
    return this.policies.transaction(async (m) => {
      const item = await this.itemOwner(p, itemId, m);
      const current = (await this.versions.forItem(item.id, m)).find((v) => v.status === 'published');
      if (!current) throw new DomainError('ITEM.INVALID_STATE', '没有已发布的版本可撤回');
      await this.versions.transition(m, current.id, 'published', 'withdrawn', { retired_at: new Date(), review_comment: reason });
      await this.outbox.append(m, { name: ITEM_EVENT.withdrawn, aggregateType: 'item', aggregateId: item.id, payload: { itemId: item.id, itemVersionId: current.id } });
      await this.audit.record({ actor: p, action: 'item.withdraw', targetType: 'item_version', targetId: current.id, details: { reason } }, m);
      return (await this.versions.byId(current.id, m))!;
    });
  }

  /** Marks published versions whose effective end has passed as expired (run daily and at start). */
  async expireDue(today: string): Promise<number> {
    return this.policies.transaction(async (m) => {
      const due = await this.policies.expireDue(m, today);
      if (due.length) {
        await this.outbox.appendMany(m, due.map((d) => ({ name: ITEM_EVENT.expired, aggregateType: 'item', aggregateId: d.item_id, payload: { itemId: d.item_id, itemVersionId: d.id } })));
        await this.audit.record({ actor: null, action: 'item.expire', targetType: 'item_version', details: { versions: due.map((d) => d.id), today } }, m);
      }
      return due.length;
    });
  }

  async itemVersions(p: Principal, itemId: string): Promise<ItemVersionView[]> {
    return this.policies.transaction(async (m) => {
      const item = await this.itemOwner(p, itemId, m);
      return this.versions.forItem(item.id, m);
    });
  }

  async diff(p: Principal, itemId: string, from: number, to: number): Promise<VersionDiff> {
    const all = await this.itemVersions(p, itemId);
    const a = all.find((v) => v.version === from);
    const b = all.find((v) => v.version === to);
    if (!a || !b) throw new DomainError('ITEM_VERSION.NOT_FOUND', '版本不存在', { from, to });
    return diffVersions(a, b);
  }

  /** Export: policies as documents (the current published content, else the open draft). */
  async exportDocuments(p: Principal): Promise<PolicyDocument[]> {
    const list = await this.listPolicies(p, { page: 1, pageSize: 10_000 });
    const docs: PolicyDocument[] = [];
    for (const meta of list.items) {
      const view = await this.getPolicy(p, meta.id);
      const { id: _id, revision: _revision, updatedAt: _updatedAt, items, ...rest } = view;
      docs.push({
        ...rest,
        items: items.map((it) => ({ code: it.code, ...contentOf(it.current ?? it.open ?? it.latest) })),
      });
    }
    return docs;
  }
}

export function contentOf(v: ItemVersionView): ItemContent {
  return {
    name: v.name, rule: v.rule, formula: v.formula, mode: v.mode, applyFrom: v.applyFrom, applyTo: v.applyTo, materials: v.materials,
    exclusionGroup: v.exclusionGroup, clause: v.clause, fundPoolFen: v.fundPoolFen, contact: v.contact, effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
  };
}

function normalize(c: ItemContent): ItemContent {
  return {
    name: c.name, rule: c.rule, formula: c.formula, mode: c.mode, applyFrom: c.applyFrom ?? null, applyTo: c.applyTo ?? null,
    materials: c.materials ?? [], exclusionGroup: c.exclusionGroup ?? null, clause: c.clause ?? null, fundPoolFen: c.fundPoolFen,
    contact: c.contact ?? null, effectiveFrom: c.effectiveFrom, effectiveTo: c.effectiveTo ?? null,
  };
}

function infoOf(r: PolicyRow): PolicyInfo {
  return {
    title: r.title, docNumber: r.doc_number, level: r.level, category: r.category, tags: r.tags ?? [], sourceUrl: r.source_url, fullText: r.full_text,
    publishDate: r.publish_date, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, interpretation: r.interpretation || null, faq: r.faq ?? [],
  };
}

/** A value as the audit entry shows it: long texts (原文, 解读) by their length and digest, not copied whole. */
function auditValue(v: unknown): unknown {
  return typeof v === 'string' && v.length > AUDIT_TEXT_MAX ? { chars: v.length, sha256: createHash('sha256').update(v).digest('hex') } : v;
}

/** Field values compared as data (lists and FAQ entries by content). */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function metaOf(r: PolicyRow): PolicyMeta {
  return {
    code: r.code, title: r.title, docNumber: r.doc_number, level: r.level, category: r.category, tags: r.tags, sourceUrl: r.source_url,
    fullText: r.full_text, publishDate: r.publish_date, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, isDemo: r.is_demo,
    // only when present, so documents without 解读 read (and export) exactly as before
    ...(r.interpretation ? { interpretation: r.interpretation } : {}),
    ...(r.faq?.length ? { faq: r.faq } : {}),
  };
}
