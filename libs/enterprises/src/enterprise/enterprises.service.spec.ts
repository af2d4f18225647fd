import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EventNames } from '@app/contracts';
import { AppConfig, AuditService, buildKeyRing, OutboxService, Principal } from '@app/core';
import { firmRow, FIRM_ID as ID } from '../testing/unit-rows';
import type { TagInfo } from './fact-ownership';
import type { ContactWrite, EnterpriseProfilesRepository, VersionRow } from './enterprise-profiles.repository';
import { EnterpriseRepository, EnterpriseRow, FACT_COLUMNS } from './enterprise.repository';
import { ChangeAuthor, EnterpriseFacts, FACT_KEYS, FactProvenance, ManualFactChange } from './enterprise.types';
import { EnterprisesService } from './enterprises.service';

const TX = {} as EntityManager;

/** The profile store in memory: one firm, its versions, the tag library. */
class MemoryProfiles {
  row: EnterpriseRow | null = firmRow();
  readonly library = new Map<string, TagInfo>([
    ['hitech', { code: 'hitech', ownerDepartment: 'kjj', source: 'imported' }],
    ['specialized', { code: 'specialized', ownerDepartment: 'gxj', source: 'imported' }],
    ['startup', { code: 'startup', ownerDepartment: null, source: 'derived' }],
  ]);
  readonly writes: Array<{ facts: EnterpriseFacts; contacts: ContactWrite; manual: Record<string, ManualFactChange>; provenance: Record<string, FactProvenance> }> = [];
  /** Profile versions written through EnterpriseRepository.insertVersions. */
  readonly written: Array<{ enterpriseId: string; version: number; facts: EnterpriseFacts; changed: string[]; author: ChangeAuthor; reason: string }> = [];
  toggled: Array<{ id: string; version: number; added: boolean }> = [];
  versionRows: VersionRow[] = [];

  async transaction<T>(work: (m: EntityManager) => Promise<T>) {
    return work(TX);
  }
  async tagLibrary(_m: unknown, codes: string[]) {
    return new Map(codes.filter((c) => this.library.has(c)).map((c) => [c, this.library.get(c)!]));
  }
  async writeHandChange(_m: unknown, _id: string, facts: EnterpriseFacts, contacts: ContactWrite, manual: Record<string, ManualFactChange>, provenance: Record<string, FactProvenance>) {
    this.writes.push({ facts, contacts, manual, provenance });
    const r = this.row as unknown as Record<string, unknown>;
    for (const k of FACT_KEYS) r[FACT_COLUMNS[k]] = facts[k];
    if ('contactName' in contacts) r.contact_name = contacts.contactName;
    if (contacts.phone) r.contact_phone_masked = contacts.phone.masked;
    r.version = (r.version as number) + 1;
  }
  async rows({ ids }: { ids: string[] }) {
    return this.row && ids.includes(this.row.id) ? [this.row] : [];
  }
  async toggleDerivedTag() {
    return this.toggled;
  }
  async versions() {
    return this.versionRows;
  }
  async versionAt() {
    return this.versionRows[0] ?? null;
  }
}

function setup() {
  const profiles = new MemoryProfiles();
  const repo = new EnterpriseRepository({} as never);
  // The repository's SQL methods over the in-memory profile; contentDigest stays the real one.
  Object.assign(repo, {
    findById: async () => (profiles.row ? { ...profiles.row } : null),
    unknownTagCodes: async (codes: string[]) => codes.filter((c) => !profiles.library.has(c)),
    insertVersions: async (_m: unknown, vs: Array<{ enterpriseId: string; version: number; facts: EnterpriseFacts; changed: string[] }>, author: ChangeAuthor, reason: string) => {
      profiles.written.push(...vs.map((v) => ({ ...v, author, reason })));
    },
  });
  const outbox = { events: [] as Array<{ name: string; payload: unknown }>, append: async (_m: unknown, e: { name: string; payload: unknown }) => { outbox.events.push(e); },
    appendMany: async (_m: unknown, es: Array<{ name: string; payload: unknown }>) => { outbox.events.push(...es); } };
  const audit = { entries: [] as Array<Record<string, unknown>>, record: async (e: Record<string, unknown>) => { audit.entries.push(e); } };
  const config = { keys: buildKeyRing([{ kid: 'k1', key: randomBytes(32) }]) } as AppConfig;
  const svc = new EnterprisesService(profiles as unknown as EnterpriseProfilesRepository, repo, outbox as unknown as OutboxService, audit as unknown as AuditService, config);
  return { svc, profiles, outbox, audit };
}

const who = (role: Principal['role'], departmentCode: string | null = null, enterpriseId: string | null = null): Principal =>
  ({ id: `${role}-${departmentCode ?? 'x'}`, username: role, displayName: `${role}用户`, role, departmentCode, enterpriseId });
const rsj = who('dept_editor', 'rsj');
const kjj = who('dept_editor', 'kjj');
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('EnterprisesService (over in-memory repositories)', () => {
  it('a hand change needs a reason; nothing is written without one', async () => {
    const { svc, profiles } = setup();
    expect(await code(svc.update(rsj, ID, { employees: 41 }, ' x '))).toBe('ENTERPRISE.REASON_REQUIRED');
    expect(profiles.writes).toEqual([]);
  });

  it('the owning department changes its fact: a new version by that person, the event and the audit', async () => {
    const { svc, profiles, outbox, audit } = setup();
    const view = await svc.update(rsj, ID, { employees: 55 }, '社保参保人数更新');
    expect(view).toMatchObject({ employees: 55, version: 4 });
    expect(profiles.writes).toHaveLength(1);
    expect(Object.keys(profiles.writes[0].manual)).toEqual(['employees']);
    expect(profiles.writes[0].manual.employees).toMatchObject({ before: 40, after: 55, version: 4, department: 'rsj', reason: '社保参保人数更新' });
    expect(profiles.writes[0].provenance.employees).toMatchObject({ via: 'person', version: 4 });
    expect(profiles.written).toEqual([expect.objectContaining({ version: 4, changed: ['employees'], author: expect.objectContaining({ kind: 'person', department: 'rsj' }) })]);
    expect(outbox.events).toEqual([{ name: EventNames.EnterpriseProfileChanged, aggregateType: 'enterprise', aggregateId: ID, payload: { enterpriseId: ID, version: 4, changedFacts: ['employees'] } }]);
    expect(audit.entries).toEqual([expect.objectContaining({ action: 'enterprise.update', before: { employees: 40 }, after: { employees: 55 } })]);
  });

  it('a fact another department owns is refused with a coded 403, audited as denied, nothing written', async () => {
    const { svc, profiles, audit, outbox } = setup();
    expect(await code(svc.update(kjj, ID, { employees: 55 }, '想改人数'))).toBe('ENTERPRISE.FACT_NOT_OWNED');
    expect(profiles.writes).toEqual([]);
    expect(outbox.events).toEqual([]);
    expect(audit.entries).toEqual([expect.objectContaining({ action: 'enterprise.update', outcome: 'denied' })]);
  });

  it('tags: a department sets its own, not another\'s; an unknown tag is invalid', async () => {
    const { svc, profiles, audit } = setup();
    expect(await code(svc.update(kjj, ID, { tags: ['hitech', 'specialized'] }, '认定结果'))).toBe('ENTERPRISE.FACT_NOT_OWNED');
    expect(audit.entries.at(-1)).toMatchObject({ outcome: 'denied' });
    expect(await code(svc.update(kjj, ID, { tags: ['hitech', 'nosuch'] }, '认定结果'))).toBe('ENTERPRISE.INVALID');
    expect(profiles.writes).toEqual([]);
    await svc.update(kjj, ID, { tags: [] }, '资格到期');
    expect(profiles.writes[0].facts.tags).toEqual([]);
  });

  it('a patch that changes nothing writes nothing and returns the profile', async () => {
    const { svc, profiles, outbox } = setup();
    expect(await svc.update(rsj, ID, { employees: 40 }, '核对无误')).toMatchObject({ employees: 40, version: 3 });
    expect([profiles.writes.length, profiles.written.length, outbox.events.length]).toEqual([0, 0, 0]);
  });

  it('a firm changes its contact phone: stored encrypted and masked, audited masked, no profile event', async () => {
    const { svc, profiles, outbox, audit } = setup();
    const firm = who('enterprise', null, ID);
    await svc.update(firm, ID, { contactPhone: '13912345678' }, '换了联系电话');
    const phone = profiles.writes[0].contacts.phone!;
    expect(phone.masked).toBe('139****5678');
    expect(svc.cipher.decrypt(phone.encrypted!)).toBe('13912345678');
    expect(outbox.events).toEqual([]);
    expect(JSON.stringify(audit.entries)).not.toContain('13912345678');
    expect(await code(svc.update(firm, '00000000-0000-4000-8000-000000000002', { contactName: '李' }, '换人'))).toBe('ENTERPRISE.NOT_FOUND');
  });

  it('a derived tag writes a version and one batch event per change, and nothing when no firm changes', async () => {
    const { svc, profiles, outbox, audit } = setup();
    expect(await svc.applyDerivedTag('startup', { sql: 'true', params: [] }, null, '规则')).toEqual({ added: 0, removed: 0 });
    expect([profiles.written.length, outbox.events.length, audit.entries.length]).toEqual([0, 0, 0]);
    profiles.toggled = [{ id: ID, version: 4, added: true }];
    expect(await svc.applyDerivedTag('startup', { sql: 'true', params: [] }, null, '规则')).toEqual({ added: 1, removed: 0 });
    expect(profiles.written).toEqual([expect.objectContaining({ enterpriseId: ID, version: 4, changed: ['tags'], author: expect.objectContaining({ kind: 'source' }) })]);
    expect(outbox.events).toEqual([expect.objectContaining({ name: EventNames.EnterprisesChanged, payload: { changes: [{ enterpriseId: ID, version: 4, changedFacts: ['tags'] }] } })]);
    expect(audit.entries).toEqual([expect.objectContaining({ action: 'tag.derive', details: { added: 1, removed: 0, reason: '规则' } })]);
  });

  it('a moment before the first version, or an account without a firm, is a coded 404', async () => {
    const { svc } = setup();
    expect(await code(svc.asOf(who('admin'), ID, new Date('2020-01-01')))).toBe('ENTERPRISE.NOT_FOUND');
    expect(await code(svc.me(who('enterprise')))).toBe('ENTERPRISE.NOT_FOUND');
    expect(await code(svc.me(rsj))).toBe('ENTERPRISE.NOT_FOUND');
  });
});
