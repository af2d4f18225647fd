import type { EntityManager } from 'typeorm';
import type { AuditService, MaterialStorage, Principal } from '@app/core';
import type { SourcedChange, SourcedFactsWriter } from '../data-sources/sourced-facts.writer';
import type { EnterpriseRepository, EnterpriseRow } from '../enterprise/enterprise.repository';
import { firmRow, FIRM_ID } from '../testing/unit-rows';
import type { CorrectionRow, CorrectionState } from './correction.types';
import type { CorrectionDecision, CorrectionScope, CorrectionsRepository, NewCorrection } from './corrections.repository';
import { CorrectionsService } from './corrections.service';

/** CorrectionsRepository's contract in memory: one open request per (firm, fact), decided once. */
class MemoryCorrections {
  readonly rows = new Map<string, CorrectionRow>();
  lastScope?: CorrectionScope;
  async transaction<T>(work: (m: EntityManager) => Promise<T>) {
    return work({} as EntityManager);
  }
  async insert(_m: unknown, c: NewCorrection) {
    if ([...this.rows.values()].some((r) => r.enterprise_id === c.enterpriseId && r.fact === c.fact && r.state === 'pending')) return false;
    this.rows.set(c.id, {
      id: c.id, enterprise_id: c.enterpriseId, fact: c.fact, current_value: c.currentValue ?? null, claimed_value: c.claimedValue ?? null, evidence: c.evidence, source: c.source,
      source_record_id: c.sourceRecordId, department: c.department, state: 'pending', attachment_key: null, attachment_name: null, attachment_type: null, corrected_value: null,
      resolution: null, resolved_by: null, resolved_at: null, result_version: null, created_by: c.createdBy, created_at: new Date(), enterprise_name: '郑州测试科技有限公司',
    });
    return true;
  }
  async attach(_m: unknown, id: string, f: { key: string; name: string; contentType: string }) {
    const r = this.rows.get(id);
    if (!r || r.state !== 'pending') return false;
    Object.assign(r, { attachment_key: f.key, attachment_name: f.name, attachment_type: f.contentType });
    return true;
  }
  async list(scope: CorrectionScope, _state: CorrectionState | undefined) {
    this.lastScope = scope;
    return { rows: [], total: 0 };
  }
  async lockPending(_m: unknown, id: string) {
    const r = this.rows.get(id);
    return r && r.state === 'pending' ? { ...r } : null;
  }
  async decide(_m: unknown, id: string, d: CorrectionDecision) {
    Object.assign(this.rows.get(id)!, { state: d.state, corrected_value: d.correctedValue, resolution: d.resolution, resolved_by: d.resolvedBy, result_version: d.resultVersion, resolved_at: new Date() });
  }
  async find(id: string) {
    const r = this.rows.get(id);
    return r ? { ...r } : null;
  }
}

function setup(row: EnterpriseRow = withSources()) {
  const corrections = new MemoryCorrections();
  const repo = { findById: async (id: string) => (id === row.id ? { ...row } : null) };
  const written: SourcedChange[] = [];
  const writer = { write: async (_m: unknown, changes: SourcedChange[]) => { written.push(...changes); } };
  const audit = { entries: [] as Array<Record<string, unknown>>, record: async (e: Record<string, unknown>) => { audit.entries.push(e); } };
  const files = new Map<string, Buffer>();
  const storage = { put: async (k: string, b: Buffer) => { files.set(k, b); }, get: async (k: string) => files.get(k) ?? null };
  const svc = new CorrectionsService(corrections as unknown as CorrectionsRepository, repo as unknown as EnterpriseRepository, writer as unknown as SourcedFactsWriter,
    audit as unknown as AuditService, storage as unknown as MaterialStorage);
  return { svc, corrections, written, audit, files };
}

/** The firm with its head count from the 人社 source (recorded as record R-1, version 3). */
function withSources(): EnterpriseRow {
  const row = firmRow();
  row.fact_sources = { employees: { via: 'source', source: 'social', sourceName: '人社部门社保参保数据', recordId: 'R-1', fetchedAt: '2026-11-01T00:00:00Z', version: 3 } };
  return row;
}

const who = (role: Principal['role'], departmentCode: string | null = null, enterpriseId: string | null = null): Principal =>
  ({ id: `${role}-${departmentCode ?? enterpriseId}`, username: role, displayName: role, role, departmentCode, enterpriseId });
const firm = who('enterprise', null, FIRM_ID);
const rsj = who('dept_editor', 'rsj');
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('CorrectionsService (over an in-memory repository)', () => {
  it('a firm disputes a sourced fact: routed to the source\'s department with the current value', async () => {
    const { svc, audit } = setup();
    const v = await svc.create(firm, { fact: 'employees', claimedValue: 52, evidence: '社保清单显示 52 人' });
    expect(v).toMatchObject({ fact: 'employees', factLabel: '从业人数', currentValue: 40, claimedValue: 52, source: 'social', sourceRecordId: 'R-1', department: 'rsj',
      departmentName: '市人社局', state: 'pending', stateLabel: '待核实' });
    expect(audit.entries).toEqual([expect.objectContaining({ action: 'enterprise.correction_request' })]);
  });

  it('refuses other callers, unknown facts, thin evidence, facts no source wrote, and a second open request', async () => {
    const { svc, corrections } = setup();
    expect(await code(svc.create(rsj, { fact: 'employees', evidence: '社保清单显示' }))).toBe('ENTERPRISE.NOT_FOUND');
    expect(await code(svc.create(firm, { fact: 'bankAccount', evidence: '社保清单显示' }))).toBe('ENTERPRISE.UNKNOWN_FIELD');
    expect(await code(svc.create(firm, { fact: 'employees', evidence: '不对' }))).toBe('CORRECTION.EVIDENCE_REQUIRED');
    expect(await code(svc.create(firm, { fact: 'revenue', evidence: '营业收入不对，见报表' }))).toBe('CORRECTION.NO_SOURCE');
    await svc.create(firm, { fact: 'employees', evidence: '社保清单显示 52 人' });
    expect(await code(svc.create(firm, { fact: 'employees', evidence: '再提一次异议' }))).toBe('CORRECTION.ALREADY_OPEN');
    expect(corrections.rows.size).toBe(1);
  });

  it('only the source\'s department editor (or an admin) decides, with a reason, and a value when accepting', async () => {
    const { svc } = setup();
    const { id } = await svc.create(firm, { fact: 'employees', claimedValue: 52, evidence: '社保清单显示 52 人' });
    expect(await code(svc.resolve(rsj, id, { decision: 'reject', reason: '' }))).toBe('CORRECTION.REASON_REQUIRED');
    expect(await code(svc.resolve(rsj, id, { decision: 'accept', reason: '核实无误' }))).toBe('CORRECTION.VALUE_REQUIRED');
    expect(await code(svc.resolve(who('dept_reviewer', 'rsj'), id, { decision: 'accept', correctedValue: 52, reason: '核实无误' }))).toBe('CORRECTION.NOT_OWNER_DEPARTMENT');
    expect(await code(svc.resolve(who('dept_editor', 'kjj'), id, { decision: 'reject', reason: '不是我们的' }))).toBe('CORRECTION.NOT_FOUND');
  });

  it('accepting writes the corrected value back as a correction (new version); a request is decided once', async () => {
    const { svc, written, audit } = setup();
    const { id } = await svc.create(firm, { fact: 'employees', claimedValue: 52, evidence: '社保清单显示 52 人' });
    const v = await svc.resolve(rsj, id, { decision: 'accept', correctedValue: 52, reason: '核实无误' });
    expect(v).toMatchObject({ state: 'accepted', correctedValue: 52, resultVersion: 4, resolution: '核实无误' });
    expect(written).toEqual([expect.objectContaining({ enterpriseId: FIRM_ID, version: 3, changed: ['employees'] })]);
    expect(written[0].after.employees).toBe(52);
    expect(written[0].provenance.employees).toMatchObject({ via: 'correction', source: 'social', recordId: id, version: 4 });
    expect(audit.entries.at(-1)).toMatchObject({ action: 'enterprise.correction_resolve', before: { employees: 40 }, after: { employees: 52 } });
    expect(await code(svc.resolve(rsj, id, { decision: 'reject', reason: '改主意了' }))).toBe('CORRECTION.NOT_PENDING');
  });

  it('an invalid corrected value is refused with the field errors; rejecting writes nothing to the profile', async () => {
    const { svc, written } = setup();
    const { id } = await svc.create(firm, { fact: 'employees', claimedValue: 52, evidence: '社保清单显示 52 人' });
    expect(await code(svc.resolve(rsj, id, { decision: 'accept', correctedValue: -3, reason: '核实' }))).toBe('ENTERPRISE.INVALID');
    expect(await svc.resolve(rsj, id, { decision: 'reject', reason: '以社保数据为准' })).toMatchObject({ state: 'rejected', correctedValue: null, resultVersion: null });
    expect(written).toEqual([]);
  });

  it('evidence: the firm attaches a checked file while pending; lists are scoped to the caller', async () => {
    const { svc, corrections, files } = setup();
    const { id } = await svc.create(firm, { fact: 'employees', claimedValue: 52, evidence: '社保清单显示 52 人' });
    expect(await code(svc.attach(firm, id, undefined))).toBe('MATERIAL.FILE_REQUIRED');
    expect(await code(svc.attach(rsj, id, { originalname: 'a.pdf', buffer: Buffer.from('%PDF-1.4 x') }))).toBe('CORRECTION.NOT_FOUND');
    expect(await svc.attach(firm, id, { originalname: '社保清单.pdf', buffer: Buffer.from('%PDF-1.4 x') })).toMatchObject({ attachmentName: '社保清单.pdf' });
    expect(files.size).toBe(1);
    expect((await svc.attachment(rsj, id)).contentType).toBe('application/pdf');
    await svc.list(firm, { page: 1, pageSize: 20 });
    expect(corrections.lastScope).toEqual({ enterpriseId: FIRM_ID });
    await svc.list(rsj, { page: 1, pageSize: 20 });
    expect(corrections.lastScope).toEqual({ department: 'rsj' });
    await svc.list(who('auditor'), { page: 1, pageSize: 20 });
    expect(corrections.lastScope).toBe('all');
    expect(await code(svc.get(who('enterprise', null, '00000000-0000-4000-8000-000000000009'), id))).toBe('CORRECTION.NOT_FOUND');
  });
});
