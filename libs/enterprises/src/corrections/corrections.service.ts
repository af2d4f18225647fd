import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, checkMaterialFile, uploadedFileName, DomainError, MATERIAL_TYPES, MaterialStorage, Page, Principal, uuid7 } from '@app/core';
import { ENTERPRISE_FACTS_BY_KEY } from '@app/contracts';
import { changedFacts, EnterpriseRepository, factsOf, toView } from '../enterprise/enterprise.repository';
import { EnterpriseFacts, FACT_KEYS, FactProvenance } from '../enterprise/enterprise.types';
import { parseEnterpriseRecord } from '../enterprise/enterprise.validation';
import { currentAsRecord } from '../enterprise/profile-change';
import { DATA_SOURCES_BY_CODE } from '../data-sources/data-source.catalogue';
import { SourcedFactsWriter } from '../data-sources/sourced-facts.writer';
import { CorrectionView } from './dto/correction.dto';
import { CORRECTION_STATE_LABELS, CorrectionRow, CorrectionState } from './correction.types';
import { CorrectionScope, CorrectionsRepository } from './corrections.repository';

export const CORRECTION_EVIDENCE_STORAGE = Symbol('CORRECTION_EVIDENCE_STORAGE');
const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const ALL_READERS = new Set(['admin', 'leader', 'auditor']);
const FACTS: ReadonlySet<string> = new Set(FACT_KEYS);

/**
 * 数据异议 (data correction requests). A firm disputes the value of a fact that came from a data
 * source, with evidence (text, optionally a file through the storage port); the request goes to the
 * department owning that source, which accepts it with the corrected value or rejects it with a
 * reason. An accepted value is written back as a profile change (provenance "correction", a new
 * version, `enterprise.profile.changed`: the firm is re-matched). Every step audited; firms see only
 * their own requests, departments those routed to them.
 */
@Injectable()
export class CorrectionsService {
  constructor(
    private readonly corrections: CorrectionsRepository,
    private readonly repo: EnterpriseRepository,
    private readonly writer: SourcedFactsWriter,
    private readonly audit: AuditService,
    @Inject(CORRECTION_EVIDENCE_STORAGE) private readonly storage: MaterialStorage,
  ) {}

  async create(p: Principal, input: { fact: string; claimedValue?: unknown; evidence?: string }): Promise<CorrectionView> {
    if (p.role !== 'enterprise' || !p.enterpriseId) throw new DomainError('ENTERPRISE.NOT_FOUND', '当前账号未绑定企业');
    if (!FACTS.has(input.fact)) throw new DomainError('ENTERPRISE.UNKNOWN_FIELD', `未知的数据项：${String(input.fact).slice(0, 40)}`, { fields: [input.fact] });
    const evidence = (input.evidence ?? '').trim();
    if (evidence.length < 5) throw new DomainError('CORRECTION.EVIDENCE_REQUIRED', '请说明异议理由与证据（至少 5 个字）');
    const enterpriseId = p.enterpriseId;
    return this.corrections.transaction(async (m) => {
      const row = await this.repo.findById(enterpriseId, m, true);
      if (!row) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { id: enterpriseId });
      const prov: FactProvenance | undefined = (row.fact_sources ?? {})[input.fact];
      const source = prov?.source ? DATA_SOURCES_BY_CODE.get(prov.source) : undefined;
      if (!prov || !source) {
        throw new DomainError('CORRECTION.NO_SOURCE', '该数据项没有来自部门数据来源的值，不能提出数据异议（如有疑问请联系归口部门）', { fact: input.fact, via: prov?.via ?? 'import' });
      }
      const id = uuid7();
      const current = factsOf(row)[input.fact as keyof EnterpriseFacts];
      const inserted = await this.corrections.insert(m, { id, enterpriseId, fact: input.fact, currentValue: current, claimedValue: input.claimedValue, evidence,
        source: source.code, sourceRecordId: prov.recordId, department: source.department, createdBy: p.id });
      if (!inserted) throw new DomainError('CORRECTION.ALREADY_OPEN', '该数据项已有待核实的异议，请等待处理结果', { fact: input.fact });
      await this.audit.record(
        { actor: p, action: 'enterprise.correction_request', targetType: 'data_correction', targetId: id, details: { enterpriseId, fact: input.fact, source: source.code, department: source.department } },
        m,
      );
      return this.view((await this.corrections.find(id, m))!);
    });
  }

  /** The firm adds (or replaces) its evidence file while the request is pending. */
  async attach(p: Principal, id: string, file: { originalname: string; buffer: Buffer } | undefined): Promise<CorrectionView> {
    if (!file) throw new DomainError('MATERIAL.FILE_REQUIRED', '请选择要上传的文件');
    const c = await this.scoped(p, id);
    if (p.role !== 'enterprise') throw new DomainError('CORRECTION.NOT_FOUND', '数据异议不存在', { id });
    if (c.state !== 'pending') throw new DomainError('CORRECTION.NOT_PENDING', '该异议已处理', { state: c.state });
    const fileName = uploadedFileName(file.originalname).slice(0, 200);
    const type = checkMaterialFile(fileName, file.buffer, MAX_EVIDENCE_BYTES);
    const key = `${id}/${uuid7()}`;
    await this.storage.put(key, file.buffer); // before the row: a crash leaves an orphan file, never a row pointing at nothing
    return this.corrections.transaction(async (m) => {
      const done = await this.corrections.attach(m, id, { key, name: fileName, contentType: MATERIAL_TYPES[type].contentType });
      if (!done) throw new DomainError('CORRECTION.NOT_PENDING', '该异议已处理');
      await this.audit.record({ actor: p, action: 'enterprise.correction_attach', targetType: 'data_correction', targetId: id, details: { fileName, bytes: file.buffer.length } }, m);
      return this.view((await this.corrections.find(id, m))!);
    });
  }

  async attachment(p: Principal, id: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    const c = await this.scoped(p, id);
    const content = c.attachment_key ? await this.storage.get(c.attachment_key) : null;
    if (!content) throw new DomainError('CORRECTION.NOT_FOUND', '该异议没有证明材料', { id });
    return { fileName: c.attachment_name ?? 'evidence', contentType: c.attachment_type ?? 'application/octet-stream', content };
  }

  async list(p: Principal, q: { state?: CorrectionState; page: number; pageSize: number }): Promise<Page<CorrectionView>> {
    const scope: CorrectionScope = p.role === 'enterprise'
      ? { enterpriseId: p.enterpriseId ?? '00000000-0000-0000-0000-000000000000' }
      : ALL_READERS.has(p.role) ? 'all' : { department: p.departmentCode ?? '' };
    const { rows, total } = await this.corrections.list(scope, q.state, q.page, q.pageSize);
    return { items: rows.map((r) => this.view(r)), total, page: q.page, pageSize: q.pageSize };
  }

  async get(p: Principal, id: string): Promise<CorrectionView> {
    return this.view(await this.scoped(p, id));
  }

  /**
   * The owning department decides: accept with the corrected value (written back to the profile as a
   * correction, re-matched) or reject with a reason. Guarded in SQL: a request is decided once.
   */
  async resolve(p: Principal, id: string, input: { decision: 'accept' | 'reject'; correctedValue?: unknown; reason?: string }): Promise<CorrectionView> {
    const reason = (input.reason ?? '').trim();
    if (reason.length < 2) throw new DomainError('CORRECTION.REASON_REQUIRED', '请填写处理意见（至少 2 个字）');
    if (input.decision === 'accept' && (input.correctedValue === undefined || input.correctedValue === null || input.correctedValue === '')) {
      throw new DomainError('CORRECTION.VALUE_REQUIRED', '予以更正时须填写更正后的值');
    }
    const c = await this.scoped(p, id);
    if (p.role !== 'admin' && !(p.role === 'dept_editor' && p.departmentCode === c.department)) {
      throw new DomainError('CORRECTION.NOT_OWNER_DEPARTMENT', '只有数据来源所属部门的编辑人员可以处理该异议', { department: c.department });
    }
    return this.corrections.transaction(async (m) => {
      const locked = await this.corrections.lockPending(m, id);
      if (!locked) throw new DomainError('CORRECTION.NOT_PENDING', '该异议已处理', { id });
      let resultVersion: number | null = null;
      let corrected: unknown = null;
      if (input.decision === 'accept') {
        const out = await this.writeBack(m, p, locked, input.correctedValue, reason);
        resultVersion = out.version;
        corrected = out.value;
      }
      await this.corrections.decide(m, id, { state: input.decision === 'accept' ? 'accepted' : 'rejected', correctedValue: corrected, resolution: reason, resolvedBy: p.id, resultVersion });
      await this.audit.record(
        {
          actor: p, action: 'enterprise.correction_resolve', targetType: 'data_correction', targetId: id,
          before: { [c.fact]: c.current_value }, after: input.decision === 'accept' ? { [c.fact]: corrected } : undefined,
          details: { decision: input.decision, reason, enterpriseId: c.enterprise_id, fact: c.fact, resultVersion },
        },
        m,
      );
      return this.view((await this.corrections.find(id, m))!);
    });
  }

  /** The corrected value as a profile change: validated like an import row, provenance "correction", re-matched. */
  private async writeBack(m: EntityManager, p: Principal, c: CorrectionRow, value: unknown, reason: string): Promise<{ version: number | null; value: unknown }> {
    const row = await this.repo.findById(c.enterprise_id, m, true);
    if (!row) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { id: c.enterprise_id });
    const fact = c.fact as keyof EnterpriseFacts;
    let parsed: ReturnType<typeof parseEnterpriseRecord>;
    try {
      parsed = parseEnterpriseRecord({ ...currentAsRecord(toView(row)), [fact]: value });
    } catch {
      parsed = { ok: false, errors: [{ column: fact, code: 'ENTERPRISE.INVALID', message: '更正后的值无法识别' }] };
    }
    if (!parsed.ok) throw new DomainError('ENTERPRISE.INVALID', '更正后的值校验未通过', { errors: parsed.errors });
    const before = factsOf(row);
    const after: EnterpriseFacts = { ...before, [fact]: fact === 'tags' ? [...parsed.value.tags].sort() : parsed.value[fact] };
    const changed = changedFacts(before, after);
    const version = changed.length ? row.version + 1 : row.version;
    const source = DATA_SOURCES_BY_CODE.get(c.source);
    const provenance: Record<string, FactProvenance> = {
      [fact]: { via: 'correction', source: c.source, sourceName: `${source?.name ?? c.source}（数据异议更正）`, recordId: c.id, fetchedAt: new Date().toISOString(), version },
    };
    await this.writer.write(
      m,
      [{ enterpriseId: row.id, version: row.version, after, changed, provenance }],
      { kind: 'source', id: p.id, name: `${source?.departmentName ?? c.department}（数据异议更正）`, role: p.role, department: p.departmentCode },
      `数据异议更正：${reason}`,
      'single',
    );
    return { version: changed.length ? version : null, value: after[fact] };
  }

  /** A request the caller may see: the firm its own, a department those routed to it, admins/leaders/auditors all; else 404. */
  private async scoped(p: Principal, id: string): Promise<CorrectionRow> {
    const c = await this.corrections.find(id);
    const visible = c && (p.role === 'enterprise' ? c.enterprise_id === p.enterpriseId : ALL_READERS.has(p.role) || c.department === p.departmentCode);
    if (!c || !visible) throw new DomainError('CORRECTION.NOT_FOUND', '数据异议不存在', { id });
    return c;
  }

  private view(r: CorrectionRow): CorrectionView {
    const source = DATA_SOURCES_BY_CODE.get(r.source);
    return {
      id: r.id, enterpriseId: r.enterprise_id, enterpriseName: r.enterprise_name, fact: r.fact, factLabel: ENTERPRISE_FACTS_BY_KEY.get(r.fact)?.label ?? r.fact,
      currentValue: r.current_value, claimedValue: r.claimed_value, evidence: r.evidence, source: r.source, sourceName: source?.name ?? r.source,
      sourceRecordId: r.source_record_id, department: r.department, departmentName: source?.departmentName ?? r.department, state: r.state,
      stateLabel: CORRECTION_STATE_LABELS[r.state], attachmentName: r.attachment_name, correctedValue: r.corrected_value, resolution: r.resolution,
      resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null, resultVersion: r.result_version, createdAt: new Date(r.created_at).toISOString(),
    };
  }
}
