import type { AppealRepository } from '../appeal/appeal.repository';
import type { AppealDirectory } from '../appeal/appeal-directory.service';
import { SYSTEM_ACTOR } from '../appeal/appeal.types';
import { AppealNoticeService, CITY_SUPERVISION } from '../notices/notice.service';
import { appealRow, codeOf, FixedClock, MemoryAppeals, person, recorders, TX, uuid, workflowOver } from '../testing/unit-kit';
import type { LetterRepository, LetterRow, NewLetterRow } from './letter.repository';
import { LetterService } from './letter.service';

/** LetterRepository's contract in memory: counters by key, letters by id. */
class MemoryLetters {
  readonly counters = new Map<string, number>();
  readonly letters: NewLetterRow[] = [];
  async nextValue(_m: unknown, key: string) {
    const v = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, v);
    return v;
  }
  async insert(_m: unknown, l: NewLetterRow) {
    this.letters.push(l);
  }
  async ofAppeal(appealId: string): Promise<LetterRow[]> {
    return this.letters.filter((l) => l.appealId === appealId)
      .map((l) => ({ id: l.id, kind: l.kind, number: l.number, department_code: l.departmentCode, title: l.title, reason: l.reason, issued_at: l.issuedAt }));
  }
  async html(appealId: string, letterId: string) {
    return this.letters.find((l) => l.id === letterId && l.appealId === appealId)?.html ?? null;
  }
}

function setup() {
  const appeals = new MemoryAppeals();
  const letters = new MemoryLetters();
  const rec = recorders();
  const names = new Map([['zrzyj', '市自然资源和规划局'], ['fgw', '市发展改革委'], ['jrj', '市金融局']]);
  const directory = {
    categoryMap: async () => new Map([['land', { code: 'land', name: '用地规划' }]]),
    departmentNames: async () => names,
    ref: (n: Map<string, string>, c: string | null) => (c ? { code: c, name: n.get(c) ?? c } : null),
  };
  const svc = new LetterService(letters as unknown as LetterRepository, appeals as unknown as AppealRepository, workflowOver(appeals, rec),
    directory as unknown as AppealDirectory, rec.notices as unknown as AppealNoticeService, new FixedClock(new Date('2026-12-03T02:00:00Z')));
  return { svc, appeals, letters, rec };
}

describe('LetterService (over an in-memory repository)', () => {
  it('numbers letters per kind and year, stores the printable letter and notes it on the timeline', async () => {
    const { svc, appeals, letters } = setup();
    const [a] = appeals.add(appealRow({ state: 'in_progress', lead_department: 'zrzyj', co_departments: ['fgw'], answer_due: '2026-12-20', title: '<厂房>用地' }));
    const first = await svc.issue(TX, a, 'supervision', SYSTEM_ACTOR, { reason: '答复已超期' });
    const second = await svc.issue(TX, first.appeal, 'supervision', SYSTEM_ACTOR);
    const reminder = await svc.issue(TX, second.appeal, 'reminder', SYSTEM_ACTOR);
    expect([first.letter.number, second.letter.number, reminder.letter.number]).toEqual(['郑诉督〔2026〕1号', '郑诉督〔2026〕2号', '郑诉提〔2026〕1号']);
    expect(first.letter).toMatchObject({ kind: 'supervision', kindLabel: '督办函', departmentCode: 'zrzyj', reason: '答复已超期', title: '督办函 郑诉督〔2026〕1号' });
    expect(letters.letters[0].html).toContain('市自然资源和规划局');
    expect(letters.letters[0].html).not.toContain('<厂房>');
    expect(appeals.commands(a.id)).toEqual(['letter', 'letter', 'letter']);
  });

  it('sends a 交办函 to the lead and co-units, a 督办函 also to the supervisors, and without a unit to the officer', async () => {
    const { svc, appeals, rec } = setup();
    const [assigned, overdue, officers] = appeals.add(
      appealRow({ state: 'assigned', lead_department: 'zrzyj', co_departments: ['fgw', 'jrj'] }),
      appealRow({ state: 'in_progress', lead_department: 'zrzyj', co_departments: ['fgw'], level: 'district', district_code: '410102' }),
      appealRow({ state: 'submitted', level: 'officer', officer_id: uuid(77) }),
    );
    await svc.issue(TX, assigned, 'assignment', SYSTEM_ACTOR);
    expect(rec.notices.sent.map((n) => n.recipient.id)).toEqual(['zrzyj', 'fgw', 'jrj']);
    rec.notices.sent.length = 0;
    await svc.issue(TX, overdue, 'supervision', SYSTEM_ACTOR);
    expect(rec.notices.sent.map((n) => n.recipient.id)).toEqual(['zrzyj', '410102']);
    rec.notices.sent.length = 0;
    await svc.issue(TX, officers, 'reminder', SYSTEM_ACTOR);
    expect(rec.notices.sent.map((n) => n.recipient)).toEqual([{ kind: 'user', id: uuid(77) }]);
    const city = appeals.add(appealRow({ state: 'in_progress', lead_department: 'zrzyj', level: 'city' }))[0];
    rec.notices.sent.length = 0;
    await svc.issue(TX, city, 'supervision', SYSTEM_ACTOR);
    expect(rec.notices.sent.map((n) => n.recipient.id)).toEqual(['zrzyj', CITY_SUPERVISION]);
  });

  it('lists an appeal\'s letters; firms never see the printable internal letter', async () => {
    const { svc, appeals } = setup();
    const [a] = appeals.add(appealRow({ state: 'in_progress', lead_department: 'zrzyj', enterprise_id: uuid(4242) }));
    const { letter } = await svc.issue(TX, a, 'reminder', SYSTEM_ACTOR, { reason: '企业再次反映' });
    const supervisor = person('supervisor');
    expect(await svc.list(supervisor, a.id)).toEqual([expect.objectContaining({ id: letter.id, number: '郑诉提〔2026〕1号', reason: '企业再次反映' })]);
    expect(await svc.html(supervisor, a.id, letter.id)).toContain('郑诉提〔2026〕1号');
    expect(await codeOf(svc.html(person('enterprise', { enterpriseId: uuid(4242) }), a.id, letter.id))).toBe('LETTER.NOT_FOUND');
    expect(await codeOf(svc.html(supervisor, a.id, uuid(1)))).toBe('LETTER.NOT_FOUND');
    expect(await codeOf(svc.list(person('enterprise', { enterpriseId: uuid(1) }), a.id))).toBe('APPEAL.NOT_FOUND');
  });
});
