import type { EntityManager } from 'typeorm';
import type { AuditService, Principal } from '@app/core';
import type { EnterprisesService } from '../enterprise/enterprises.service';
import type { TagMember, TagsRepository } from './tags.repository';
import { Tag, TagsService } from './tags.service';

/** TagsRepository's contract in memory: codes and names unique, like the table's constraints. */
class MemoryTags {
  readonly rows = new Map<string, Tag>();
  members_: TagMember[] = [];
  rule?: unknown;
  async transaction<T>(work: (m: EntityManager) => Promise<T>) {
    return work({} as EntityManager);
  }
  async all() {
    return [...this.rows.values()].map((t) => ({ ...t }));
  }
  async enterpriseCounts() {
    return new Map([['hitech', 7]]);
  }
  async labels() {
    return new Map([...this.rows.values()].map((t) => [t.code, t.name]));
  }
  async knownCodes(codes: readonly string[]) {
    return new Set(codes.filter((c) => this.rows.has(c)));
  }
  async find(code: string) {
    const t = this.rows.get(code);
    return t ? { ...t } : null;
  }
  async insert(_m: unknown, t: { code: string; name: string; category: string; source: Tag['source']; ownerDepartment: string | null; description: string | null }) {
    if (this.rows.has(t.code) || [...this.rows.values()].some((x) => x.name === t.name)) return null;
    const tag: Tag = { ...t, rule: null };
    this.rows.set(t.code, tag);
    return { ...tag };
  }
  async update(_m: unknown, code: string, t: { name: string; category: string; description: string | null }) {
    if ([...this.rows.values()].some((x) => x.code !== code && x.name === t.name)) return null;
    Object.assign(this.rows.get(code)!, t);
    return { ...this.rows.get(code)! };
  }
  async members() {
    return { items: this.members_, total: this.members_.length };
  }
  async storeRule(code: string, rule: unknown) {
    Object.assign(this.rows.get(code)!, { source: 'derived', rule });
  }
  async ensure(t: Tag) {
    if (!this.rows.has(t.code)) this.rows.set(t.code, { ...t, source: t.source ?? 'manual', ownerDepartment: t.ownerDepartment ?? null, description: t.description ?? null, rule: null });
  }
}

function setup() {
  const tags = new MemoryTags();
  const audit = { entries: [] as Array<Record<string, unknown>>, record: async (e: Record<string, unknown>) => { audit.entries.push(e); } };
  const derived: Array<{ code: string; where: { sql: string; params: unknown[] }; reason: string }> = [];
  const enterprises = { applyDerivedTag: async (code: string, where: { sql: string; params: unknown[] }, _a: unknown, reason: string) => { derived.push({ code, where, reason }); return { added: 2, removed: 1 }; } };
  const svc = new TagsService(tags as unknown as TagsRepository, audit as unknown as AuditService, enterprises as unknown as EnterprisesService);
  return { svc, tags, audit, derived };
}

const who = (role: Principal['role'], departmentCode: string | null = null): Principal => ({ id: `${role}-${departmentCode}`, username: role, displayName: role, role, departmentCode, enterpriseId: null });
const kjj = who('dept_editor', 'kjj');
const gxj = who('dept_editor', 'gxj');
const admin = who('admin');
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('TagsService (over an in-memory repository)', () => {
  it('a department\'s new tag is its own whatever it asks; an admin names the owner', async () => {
    const { svc, audit } = setup();
    expect(await svc.create(kjj, { code: 'hitech', name: '高新技术企业', category: '资质', ownerDepartment: 'gxj' })).toMatchObject({ ownerDepartment: 'kjj', source: 'manual' });
    expect(await svc.create(admin, { code: 'specialized', name: '专精特新', category: '资质', ownerDepartment: 'gxj' })).toMatchObject({ ownerDepartment: 'gxj' });
    expect(audit.entries.map((e) => e.action)).toEqual(['tag.create', 'tag.create']);
  });

  it('a taken code or name is a coded 409, nothing audited', async () => {
    const { svc, audit } = setup();
    await svc.create(kjj, { code: 'hitech', name: '高新技术企业', category: '资质' });
    expect(await code(svc.create(kjj, { code: 'hitech', name: '别的名字', category: '资质' }))).toBe('TAG.ALREADY_EXISTS');
    expect(await code(svc.create(kjj, { code: 'other', name: '高新技术企业', category: '资质' }))).toBe('TAG.ALREADY_EXISTS');
    await svc.create(kjj, { code: 'tech_sme', name: '科技型中小企业', category: '资质' });
    expect(await code(svc.update(kjj, 'tech_sme', { name: '高新技术企业' }))).toBe('TAG.ALREADY_EXISTS');
    expect(audit.entries).toHaveLength(2);
  });

  it('only the owning department updates a tag (others get 404); fields not given stay', async () => {
    const { svc, audit } = setup();
    await svc.create(kjj, { code: 'hitech', name: '高新技术企业', category: '资质', description: '国家认定' });
    expect(await code(svc.update(gxj, 'hitech', { name: '高企' }))).toBe('TAG.NOT_FOUND');
    expect(await code(svc.update(kjj, 'nosuch', { name: 'x' }))).toBe('TAG.NOT_FOUND');
    expect(await svc.update(kjj, 'hitech', { name: '高企', description: undefined })).toMatchObject({ name: '高企', category: '资质', description: '国家认定' });
    expect(audit.entries.at(-1)).toMatchObject({ action: 'tag.update', before: expect.objectContaining({ name: '高新技术企业' }), after: expect.objectContaining({ name: '高企' }) });
  });

  it('rosters: the owning department and city readers; another department gets 404 whether or not the tag exists', async () => {
    const { svc, tags } = setup();
    await svc.create(kjj, { code: 'hitech', name: '高新技术企业', category: '资质' });
    tags.members_ = [{ id: 'e1', creditCode: 'X', name: '甲', districtCode: null }];
    expect((await svc.members(kjj, 'hitech', 1, 20)).total).toBe(1);
    expect((await svc.members(who('leader'), 'hitech', 1, 20)).total).toBe(1);
    expect(await code(svc.members(gxj, 'hitech', 1, 20))).toBe('TAG.NOT_FOUND');
    expect(await code(svc.members(gxj, 'nosuch', 1, 20))).toBe('TAG.NOT_FOUND');
    expect(await code(svc.members(admin, 'nosuch', 1, 20))).toBe('TAG.NOT_FOUND');
  });

  it('derives a tag from a valid rule over the facts (never over the tags), stores it and applies it', async () => {
    const { svc, tags, derived } = setup();
    await svc.create(kjj, { code: 'big_rd', name: '研发大户', category: '规则' });
    expect(await code(svc.derive(kjj, 'big_rd', { fact: 'nosuch', operator: 'equal', value: 1 }))).toBe('TAG.INVALID_RULE');
    const selfRef = await svc.derive(kjj, 'big_rd', { fact: 'tags', operator: 'hasTag', value: 'hitech' }).catch((e) => e);
    expect([selfRef.code, selfRef.message]).toEqual(['TAG.INVALID_RULE', '派生标签的规则不能引用企业标签本身']);
    expect(await code(svc.derive(gxj, 'big_rd', { fact: 'employees', operator: 'greaterThanInclusive', value: 100 }))).toBe('TAG.NOT_FOUND');
    expect(derived).toEqual([]);
    expect(await svc.derive(kjj, 'big_rd', { fact: 'employees', operator: 'greaterThanInclusive', value: 100 })).toEqual({ code: 'big_rd', added: 2, removed: 1 });
    expect(tags.rows.get('big_rd')).toMatchObject({ source: 'derived', rule: { fact: 'employees', operator: 'greaterThanInclusive', value: 100 } });
    expect(derived[0]).toMatchObject({ code: 'big_rd', reason: '规则派生标签“研发大户”' });
    expect(derived[0].where.sql).toContain('employees');
  });

  it('lists with counts (zero for tags nobody holds) and labels by code', async () => {
    const { svc } = setup();
    await svc.ensure([{ code: 'hitech', name: '高新技术企业', category: '资质' }, { code: 'gazelle', name: '瞪羚企业', category: '资质' }]);
    await svc.ensure([{ code: 'hitech', name: '改名无效', category: '资质' }]);
    expect((await svc.list(true)).map((t) => [t.code, t.enterpriseCount])).toEqual([['hitech', 7], ['gazelle', 0]]);
    expect((await svc.labels()).get('hitech')).toBe('高新技术企业');
    expect([...(await svc.knownCodes(['hitech', 'nosuch']))]).toEqual(['hitech']);
  });
});
