import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, checkMaterialFile, uploadedFileName, DomainError, MATERIAL_TYPES, MaterialStorage, mutateReturning, Page, Principal, uniqueViolation, uuid7 } from '@app/core';
import { ENTERPRISE_FACTS_BY_KEY } from '@app/contracts';
import { changedFacts, EnterpriseRepository, factsOf, toView } from '../enterprise/enterprise.repository';
import { EnterpriseFacts, FACT_KEYS, FactProvenance } from '../enterprise/enterprise.types';
import { parseEnterpriseRecord } from '../enterprise/enterprise.validation';
import { currentAsRecord } from '../enterprise/profile-change';
import { DATA_SOURCES_BY_CODE } from '../data-sources/data-source.catalogue';
import { SourcedFactsWriter } from '../data-sources/sourced-facts.writer';
import { CorrectionView } from './dto/correction.dto';
import { CORRECTION_STATE_LABELS, CorrectionRow, CorrectionState } from './correction.types';

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
    private readonly dataSource: DataSource,
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
    return this.dataSource.transaction(async (m) => {
      const row = await this.repo.findById(enterpriseId, m, true);
      if (!row) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { id: enterpriseId });
      const prov: FactProvenance | undefined = (row.fact_sources ?? {})[input.fact];
      const source = prov?.source ? DATA_SOURCES_BY_CODE.get(prov.source) : undefined;
      if (!prov || !source) {
        throw new DomainError('CORRECTION.NO_SOURCE', '该数据项没有来自部门数据来源的值，不能提出数据异议（如有疑问请联系归口部门）', { fact: input.fact, via: prov?.via ?? 'import' });
      }
      const id = uuid7();
      const current = factsOf(row)[input.fact as keyof EnterpriseFacts];
      try {
        await m.query(
          `INSERT INTO enterprise.data_corrections (id, enterprise_id, fact, current_value, claimed_value, evidence, source, source_record_id, department, created_by)
           VALUES ($1,$2,$3,$4::jsonb,$5::jsonb,$6,$7,$8,$9,$10)`,
          [id, enterpriseId, input.fact, JSON.stringify(current ?? null), JSON.stringify(input.claimedValue ?? null), evidence, source.code, prov.recordId, source.department, p.id],
        );
      } catch (err) {
        if (uniqueViolation(err) === 'UQ_data_corrections_open') throw new DomainError('CORRECTION.ALREADY_OPEN', '该数据项已有待核实的异议，请等待处理结果', { fact: input.fact });
        throw err;
      }
      await this.audit.record(
        { actor: p, action: 'enterprise.correction_request', targetType: 'data_correction', targetId: id, details: { enterpriseId, fact: input.fact, source: source.code, department: source.department } },
        m,
      );
      return this.view((await this.load(m, id))!);
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
    return this.dataSource.transaction(async (m) => {
      const done = await mutateReturning(m,
        `UPDATE enterprise.data_corrections SET attachment_key = $2, attachment_name = $3, attachment_type = $4 WHERE id = $1 AND state = 'pending' RETURNING id`,
        [id, key, fileName, MATERIAL_TYPES[type].contentType]);
      if (done.length === 0) throw new DomainError('CORRECTION.NOT_PENDING', '该异议已处理');
      await this.audit.record({ actor: p, action: 'enterprise.correction_attach', targetType: 'data_correction', targetId: id, details: { fileName, bytes: file.buffer.length } }, m);
      return this.view((await this.load(m, id))!);
    });
  }

  async attachment(p: Principal, id: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    const c = await this.scoped(p, id);
    const content = c.attachment_key ? await this.storage.get(c.attachment_key) : null;
    if (!content) throw new DomainError('CORRECTION.NOT_FOUND', '该异议没有证明材料', { id });
    return { fileName: c.attachment_name ?? 'evidence', contentType: c.attachment_type ?? 'application/octet-stream', content };
  }

  async list(p: Principal, q: { state?: CorrectionState; page: number; pageSize: number }): Promise<Page<CorrectionView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (p.role === 'enterprise') where.push(`c.enterprise_id = $${params.push(p.enterpriseId ?? '00000000-0000-0000-0000-000000000000')}`);
    else if (!ALL_READERS.has(p.role)) where.push(`c.department = $${params.push(p.departmentCode ?? '')}`);
    if (q.state) where.push(`c.state = $${params.push(q.state)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM enterprise.data_corrections c ${clause}`, params);
    const rows: CorrectionRow[] = await this.dataSource.query(
      `SELECT c.*, e.name AS enterprise_name FROM enterprise.data_corrections c JOIN enterprise.enterprises e ON e.id = c.enterprise_id ${clause}
       ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
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
    return this.dataSource.transaction(async (m) => {
      const locked = await mutateReturning<CorrectionRow>(m, `SELECT * FROM enterprise.data_corrections WHERE id = $1 AND state = 'pending' FOR UPDATE`, [id]);
      if (locked.length === 0) throw new DomainError('CORRECTION.NOT_PENDING', '该异议已处理', { id });
      let resultVersion: number | null = null;
      let corrected: unknown = null;
      if (input.decision === 'accept') {
        const out = await this.writeBack(m, p, locked[0], input.correctedValue, reason);
        resultVersion = out.version;
        corrected = out.value;
      }
      await m.query(
        `UPDATE enterprise.data_corrections SET state = $2, corrected_value = $3::jsonb, resolution = $4, resolved_by = $5, resolved_at = now(), result_version = $6 WHERE id = $1`,
        [id, input.decision === 'accept' ? 'accepted' : 'rejected', JSON.stringify(corrected), reason, p.id, resultVersion],
      );
      await this.audit.record(
        {
          actor: p, action: 'enterprise.correction_resolve', targetType: 'data_correction', targetId: id,
          before: { [c.fact]: c.current_value }, after: input.decision === 'accept' ? { [c.fact]: corrected } : undefined,
          details: { decision: input.decision, reason, enterpriseId: c.enterprise_id, fact: c.fact, resultVersion },
        },
        m,
      );
      return this.view((await this.load(m, id))!);
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

  private async load(m: EntityManager | DataSource, id: string): Promise<CorrectionRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: CorrectionRow[] = await m.query(
      `SELECT c.*, e.name AS enterprise_name FROM enterprise.data_corrections c JOIN enterprise.enterprises e ON e.id = c.enterprise_id WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** A request the caller may see: the firm its own, a department those routed to it, admins/leaders/auditors all; else 404. */
  private async scoped(p: Principal, id: string): Promise<CorrectionRow> {
    const c = await this.load(this.dataSource, id);
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
