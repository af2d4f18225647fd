import fc from 'fast-check';
import { DomainError } from '@app/core';
import { APPEAL_COMMANDS, AppealCommand, AppealRepository, AppealWorkflow, IntakeService, nextAppealState, SYSTEM_ACTOR } from '@app/appeals';
import { TestApp } from '../support/test-app';
import { bootAppeals, loadFirms } from './appeal-fixture';

/**
 * Property over random event sequences on the real database: each command either moves the row exactly
 * as the transition table says (one timeline node, one outbox event) or is refused with
 * APPEAL.INVALID_STATE and changes nothing; and a change made from a stale read is refused by the
 * SQL guard (`WHERE state = $expected`), whatever the table would allow.
 */
describe('appeals: one state machine, guarded in SQL', () => {
  let t: TestApp;
  let firm: string;

  beforeAll(async () => {
    ({ t } = await bootAppeals());
    [firm] = await loadFirms(t, [{ name: '状态机测试有限公司' }]);
  });
  afterAll(async () => t?.close());

  /** Columns the schema requires with some commands (a lead once assigned, the target of a merge). */
  const setFor = (c: AppealCommand, other: string): Record<string, unknown> =>
    c === 'assign' || c === 'redispatch' ? { lead_department: 'zgj' } : c === 'send_back' ? { lead_department: null } : c === 'merge' ? { merged_into: other } : {};

  async function counts(id: string): Promise<{ timeline: number; events: number }> {
    const [r] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM appeal.timeline WHERE appeal_id = $1)::int AS timeline,
              (SELECT count(*) FROM core.outbox_events WHERE aggregate_id = $1::text)::int AS events`, [id]);
    return r;
  }

  it('random command sequences follow the table exactly; refused ones change nothing', async () => {
    const intake = t.app.get(IntakeService);
    const workflow = t.app.get(AppealWorkflow);
    const repo = t.app.get(AppealRepository);
    const create = () => t.dataSource.transaction((m) => intake.create(m, [{ enterpriseId: firm, category: 'other', channel: 'hotline', title: '状态机测试', description: '随机事件序列的状态机测试' }], SYSTEM_ACTOR)).then((ids) => ids[0]);
    const other = await create();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...APPEAL_COMMANDS), { minLength: 1, maxLength: 14 }), fc.nat(13), async (commands, staleAt) => {
        const id = await create();
        let stale = await repo.get(id);
        for (const [i, c] of commands.entries()) {
          const row = (await repo.get(id))!;
          if (i === staleAt) stale = row;
          const before = await counts(id);
          const expected = nextAppealState(row.state, c);
          let error: unknown = null;
          await t.dataSource.transaction((m) => workflow.apply(m, row, c, { actor: SYSTEM_ACTOR, at: new Date() }, setFor(c, other))).catch((e) => (error = e));
          const after = (await repo.get(id))!;
          const now = await counts(id);
          if (expected === null) {
            if (!(error instanceof DomainError) || error.code !== 'APPEAL.INVALID_STATE') return false;
            if (after.state !== row.state || after.version !== row.version || now.timeline !== before.timeline || now.events !== before.events) return false;
          } else {
            if (error) return false;
            if (after.state !== expected || after.version !== row.version + 1 || now.timeline !== before.timeline + 1 || now.events !== before.events + 1) return false;
          }
        }
        // a stale read: the row moved since; the guard refuses unless it happens to be in the same state and version
        const current = (await repo.get(id))!;
        if (stale && stale.version !== current.version) {
          const c = (APPEAL_COMMANDS.find((x) => nextAppealState(stale!.state, x) !== null) ?? 'assign') as AppealCommand;
          if (nextAppealState(stale.state, c) !== null && stale.state !== current.state) {
            let error: unknown = null;
            const before = await counts(id);
            await t.dataSource.transaction((m) => workflow.apply(m, stale!, c, { actor: SYSTEM_ACTOR, at: new Date() }, setFor(c, other))).catch((e) => (error = e));
            if (!(error instanceof DomainError) || error.code !== 'APPEAL.INVALID_STATE') return false;
            const still = (await repo.get(id))!;
            if (still.state !== current.state || still.version !== current.version || (await counts(id)).timeline !== before.timeline) return false;
          }
        }
        const tl: Array<{ step: number }> = await t.dataSource.query(`SELECT step FROM appeal.timeline WHERE appeal_id = $1 ORDER BY step`, [id]);
        return tl.every((n, k) => n.step === k + 1) && tl.length === current.version;
      }),
      { numRuns: 25 },
    );
  });
});
