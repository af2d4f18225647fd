import type { EntityManager } from 'typeorm';
import type { AuditService, UsersService } from '@app/core';
import type { EnterprisesService } from '@app/enterprises';
import type { AppealViews } from '../appeal/appeal-views.service';
import type { AppealRow } from '../appeal/appeal.types';
import type { IntakeInput, IntakeService } from '../intake/intake.service';
import { appealRow, codeOf, FixedClock, person, recorders, TX, uuid } from '../testing/unit-kit';
import type { NewVisitRow, OfficersRepository, VisitRow } from './officers.repository';
import { OfficersService } from './officers.service';

/** OfficersRepository's contract in memory: one officer per firm; open appeals follow their firm. */
class MemoryOfficers {
  readonly assignments = new Map<string, string>();
  readonly visitRows: VisitRow[] = [];
  appeals: AppealRow[] = [];
  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work(TX);
  }
  async assignFirms(_m: unknown, ids: string[], officerId: string) {
    ids.forEach((id) => this.assignments.set(id, officerId));
    const moved = this.appeals.filter((a) => ids.includes(a.enterprise_id) && !['closed', 'merged', 'withdrawn'].includes(a.state));
    moved.forEach((a) => (a.officer_id = officerId));
    return moved.length;
  }
  async firms(officerId: string) {
    return [...this.assignments].filter(([, o]) => o === officerId).map(([enterprise_id]) => ({ enterprise_id, officer_id: officerId, assigned_at: new Date(), open: 0 }));
  }
  async tasks() {
    return { rows: [], total: 0 };
  }
  async isOfficersFirm(enterpriseId: string, officerId: string) {
    return this.assignments.get(enterpriseId) === officerId;
  }
  async insertVisit(_m: unknown, v: NewVisitRow) {
    this.visitRows.push({ id: v.id, officer_id: v.officerId, enterprise_id: v.enterpriseId, enterprise_name: v.enterpriseName, visited_on: v.visitedOn, summary: v.summary,
      appeal_ids: v.appealIds, created_at: v.createdAt });
  }
  async visits(officerId: string) {
    return this.visitRows.filter((v) => v.officer_id === officerId);
  }
}

const OFFICER = uuid(600);
const FIRM_A = uuid(601);
const FIRM_B = uuid(602);

function setup() {
  const officers = new MemoryOfficers();
  const rec = recorders();
  const users = { findById: async (id: string) => (id === OFFICER ? { id, role: 'officer' } : id === uuid(699) ? { id, role: 'dept_editor' } : null) };
  const firms = new Map([[FIRM_A, { id: FIRM_A, name: '甲公司', facts: { districtCode: '410102' } }], [FIRM_B, { id: FIRM_B, name: '乙公司', facts: { districtCode: '410105' } }]]);
  const enterprises = { factsBatch: async ({ ids }: { ids: string[] }) => ids.filter((i) => firms.has(i)).map((i) => firms.get(i)!) };
  const created: IntakeInput[] = [];
  const intake = { create: async (_m: unknown, inputs: IntakeInput[]) => { created.push(...inputs); return inputs.map((_, i) => uuid(700 + created.length - inputs.length + i)); } };
  const svc = new OfficersService(officers as unknown as OfficersRepository, users as unknown as UsersService, enterprises as unknown as EnterprisesService,
    intake as unknown as IntakeService, {} as AppealViews, rec.audit as unknown as AuditService, new FixedClock(new Date('2026-12-03T02:00:00Z')));
  return { svc, officers, rec, created };
}

const supervisor = person('supervisor');
const officer = person('officer', { id: OFFICER });

describe('OfficersService (over an in-memory repository)', () => {
  it('assigns firms to an officer (deduplicated), moving their open appeals with them', async () => {
    const { svc, officers, rec } = setup();
    officers.appeals = [appealRow({ enterprise_id: FIRM_A, state: 'in_progress' }), appealRow({ enterprise_id: FIRM_A, state: 'closed' }), appealRow({ enterprise_id: FIRM_B })];
    expect(await svc.assignFirms(supervisor, OFFICER, [FIRM_A, FIRM_A])).toEqual({ assigned: 1, openAppealsMoved: 1 });
    expect(officers.appeals.map((a) => a.officer_id)).toEqual([OFFICER, null, null]);
    expect(rec.audit.entries).toEqual([expect.objectContaining({ action: 'appeal.officer_assign', after: { enterpriseIds: [FIRM_A], openAppealsMoved: 1 } })]);
  });

  it('refuses a non-supervisor, a user who is no officer and unknown firms, assigning nothing', async () => {
    const { svc, officers } = setup();
    expect(await codeOf(svc.assignFirms(officer, OFFICER, [FIRM_A]))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(svc.assignFirms(supervisor, uuid(699), [FIRM_A]))).toBe('OFFICER.NOT_FOUND');
    expect(await codeOf(svc.assignFirms(supervisor, 'x', [FIRM_A]))).toBe('OFFICER.NOT_FOUND');
    const err = await svc.assignFirms(supervisor, OFFICER, [FIRM_A, uuid(650), 'junk']).catch((e) => e);
    expect([err.code, err.details]).toEqual(['ENTERPRISE.NOT_FOUND', { ids: [uuid(650), 'junk'] }]);
    expect(officers.assignments.size).toBe(0);
  });

  it('an officer sees only its own firms and visits; a supervisor any officer\'s', async () => {
    const { svc } = setup();
    await svc.assignFirms(supervisor, OFFICER, [FIRM_A]);
    expect((await svc.firms(officer, OFFICER)).map((f) => [f.enterpriseName, f.districtCode])).toEqual([['甲公司', '410102']]);
    expect(await codeOf(svc.firms(officer, uuid(601)))).toBe('OFFICER.NOT_FOUND');
    expect(await codeOf(svc.visits(officer, uuid(601)))).toBe('OFFICER.NOT_FOUND');
    expect(await svc.firms(supervisor, OFFICER)).toHaveLength(1);
  });

  it('a visit to one of the officer\'s firms turns its problems into 走访 appeals at once', async () => {
    const { svc, created, officers } = setup();
    await svc.assignFirms(supervisor, OFFICER, [FIRM_A]);
    const v = await svc.logVisit(officer, { enterpriseId: FIRM_A, visitedOn: '2026-12-01', summary: '走访了解生产经营情况',
      problems: [{ category: 'land', title: '用地', description: '新厂区用地指标' }, { category: 'finance', title: '融资', description: '贷款利率高' }] });
    expect(v).toMatchObject({ officerId: OFFICER, enterpriseId: FIRM_A, enterpriseName: '甲公司', visitedOn: '2026-12-01' });
    expect(v.appealIds).toHaveLength(2);
    expect(created.map((c) => [c.channel, c.enterpriseId, c.receivedAt])).toEqual([
      ['visit', FIRM_A, new Date('2026-12-01T02:00:00Z')], ['visit', FIRM_A, new Date('2026-12-01T02:00:00Z')],
    ]);
    expect((await svc.visits(officer, OFFICER)).map((x) => x.appealIds)).toEqual([v.appealIds]);
    expect(officers.visitRows).toHaveLength(1);
  });

  it('refuses a visit by anyone but an officer, to a firm not its own, or dated in the future', async () => {
    const { svc, created } = setup();
    await svc.assignFirms(supervisor, OFFICER, [FIRM_A]);
    const x = { enterpriseId: FIRM_A, visitedOn: '2026-12-01', summary: '走访', problems: [] };
    expect(await codeOf(svc.logVisit(supervisor, x))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(svc.logVisit(officer, { ...x, enterpriseId: FIRM_B }))).toBe('ENTERPRISE.NOT_FOUND');
    expect(await codeOf(svc.logVisit(officer, { ...x, visitedOn: '2026-12-09' }))).toBe('VISIT.DATE_INVALID');
    expect(await codeOf(svc.logVisit(officer, { ...x, visitedOn: '2026-13-45' }))).toBe('VISIT.DATE_INVALID');
    expect(created).toEqual([]);
  });
});
