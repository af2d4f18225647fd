import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertDepartmentScope, AuditService, DomainError, OutboxService, Page, Principal, uuid7 } from '@app/core';
import { EventNames } from '@app/contracts';
import { ItemVersionRepository } from '../item/item-version.repository';
import { diffVersions, VersionDiff } from './policy.diff';
import { ItemContent, ItemVersionView, PolicyDocument, PolicyMeta } from './policy.types';
import { assertNoProblems, factsUsed, validateItemContent, validatePolicyMeta } from './policy.validation';
import { segmentForSearch } from '../catalog/segment';
import { PolicyRepository, PolicyRow } from './policy.repository';

export interface PolicyView extends PolicyMeta {
  id: string;
  ownerDepartment: string;
  items: Array<{ id: string; code: string; latestVersion: number; current: ItemVersionView | null; open: ItemVersionView | null; latest: ItemVersionView }>;
}

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
    return { ...metaOf(r), id: r.id, ownerDepartment: r.owner_department, items: out };
  }

  async listPolicies(p: Principal, q: { department?: string; page: number; pageSize: number }): Promise<Page<PolicyMeta & { id: string; ownerDepartment: string }>> {
    const department = p.role === 'dept_editor' || p.role === 'dept_reviewer' ? p.departmentCode : q.department || undefined;
    const { rows, total } = await this.policies.page(department, q.page, q.pageSize);
    return { items: rows.map((r) => ({ ...metaOf(r), id: r.id, ownerDepartment: r.owner_department })), total, page: q.page, pageSize: q.pageSize };
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
      const { id: _id, items, ...rest } = view;
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

function metaOf(r: PolicyRow): PolicyMeta {
  return {
    code: r.code, title: r.title, docNumber: r.doc_number, level: r.level, category: r.category, tags: r.tags, sourceUrl: r.source_url,
    fullText: r.full_text, publishDate: r.publish_date, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, isDemo: r.is_demo,
    // only when present, so documents without 解读 read (and export) exactly as before
    ...(r.interpretation ? { interpretation: r.interpretation } : {}),
    ...(r.faq?.length ? { faq: r.faq } : {}),
  };
}
