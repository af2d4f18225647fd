import { EventBus, UsersService } from '@app/core';
import { APPROVAL_MIGRATIONS, CalendarRepository, InMemoryMaterialStorage } from '@app/approvals';
import { ENTERPRISE_MIGRATIONS } from '@app/enterprises';
import { MatchingService, POLICY_MIGRATIONS } from '@app/policies';
import { APPEAL_ATTACHMENT_STORAGE, APPEAL_MIGRATIONS, AppealClock, AppealOptions, AppealsModule } from '@app/appeals';
import { createTestApp, TestApp } from '../support/test-app';

export { loadFirms } from '../approvals/approval-fixture';

export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%诉求附件\n'), Buffer.alloc(512, 0x20)]);

/** The people of the loop: city and district supervisors, an officer, staff of four departments, a leader. */
export interface People {
  supervisor: string;
  districtSupervisor: string;
  officer: string;
  officerId: string;
  zgj: string;
  fgw: string;
  jrj: string;
  kjj: string;
  leader: string;
  admin: string;
}

/** National Day 2026 (Oct 1–7 off) and a made-up 调休 Saturday Oct 10, as the approvals calendar holds them. */
export const NATIONAL_DAY_2026 = [
  ...['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map((day) => ({ day, kind: 'holiday' as const, name: '国庆节' })),
  { day: '2026-10-10', kind: 'workday' as const, name: '国庆调休' },
];

/** Boots enterprises + policies + approvals + appeals over a fresh database with the event bus running. */
export async function bootAppeals(options: Partial<AppealOptions> = {}): Promise<{ t: TestApp; who: People; storage: InMemoryMaterialStorage; clock: AppealClock }> {
  const storage = new InMemoryMaterialStorage();
  const t = await createTestApp({
    imports: [AppealsModule.forRoot(options, [{ provide: APPEAL_ATTACHMENT_STORAGE, useValue: storage }])],
    migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...APPEAL_MIGRATIONS],
  });
  t.app.get(EventBus).consume();
  t.app.get(MatchingService).startWorkers(1);
  const users = t.app.get(UsersService);
  await t.app.get(CalendarRepository).set(NATIONAL_DAY_2026);
  const who: People = {
    supervisor: await t.createUser({ username: 'dbb_city', displayName: '市营商办督办', role: 'supervisor' }),
    districtSupervisor: await t.createUser({ username: 'dbb_jinshui', displayName: '金水区督办', role: 'supervisor', departmentCode: '410105' }),
    officer: await t.createUser({ username: 'officer_li', displayName: '包联干部李', role: 'officer', departmentCode: 'fgw' }),
    officerId: '',
    zgj: await t.createUser({ username: 'zgj_staff', displayName: '自规局诉求专员', role: 'dept_reviewer', departmentCode: 'zgj' }),
    fgw: await t.createUser({ username: 'fgw_staff', displayName: '发改委诉求专员', role: 'dept_editor', departmentCode: 'fgw' }),
    jrj: await t.createUser({ username: 'jrj_staff', displayName: '金融局诉求专员', role: 'dept_reviewer', departmentCode: 'jrj' }),
    kjj: await t.createUser({ username: 'kjj_staff', displayName: '科技局诉求专员', role: 'dept_reviewer', departmentCode: 'kjj' }),
    leader: await t.createUser({ username: 'leader', displayName: '市领导', role: 'leader' }),
    admin: await t.createUser({ username: 'admin', displayName: '管理员', role: 'admin' }),
  };
  who.officerId = (await users.findByUsername('officer_li'))!.id;
  // Names after the users (createUser names a department it creates after its code).
  for (const [code, name] of [['zgj', '市自然资源和规划局'], ['fgw', '市发展改革委'], ['jrj', '市金融工作局'], ['kjj', '市科技局'], ['410105', '金水区']]) {
    await users.ensureDepartment(code, name);
  }
  return { t, who, storage, clock: t.app.get(AppealClock) };
}

/** "Now" at a China-time wall clock moment, e.g. at('2026-09-28 10:00'). */
export const at = (chinaTime: string) => new Date(`${chinaTime.replace(' ', 'T')}:00+08:00`);

export async function timelineOf(t: TestApp, auth: string, id: string): Promise<Array<{ step: number; command: string; toState: string; comment: string | null; department: { code: string } | null }>> {
  return (await t.http.get(`/api/v1/appeals/${id}/timeline`).set('authorization', auth).expect(200)).body;
}

/** Rows and events of the appeals schema, to assert that a refused request changed nothing. */
export async function footprint(t: TestApp): Promise<Record<string, number>> {
  const [r] = await t.dataSource.query(
    `SELECT (SELECT count(*) FROM appeal.appeals)::int AS appeals, (SELECT count(*) FROM appeal.timeline)::int AS timeline,
            (SELECT coalesce(sum(version), 0) FROM appeal.appeals)::int AS versions, (SELECT count(*) FROM appeal.attachments)::int AS attachments,
            (SELECT count(*) FROM appeal.feedback)::int AS feedback, (SELECT count(*) FROM appeal.letters)::int AS letters,
            (SELECT count(*) FROM core.outbox_events WHERE name LIKE 'appeal.%')::int AS events,
            (SELECT count(*) FROM audit.audit_log WHERE target_type = 'appeal' AND outcome = 'ok')::int AS audits`,
  );
  return r;
}
