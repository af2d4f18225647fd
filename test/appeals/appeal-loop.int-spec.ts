import { TestApp } from '../support/test-app';
import { AppealClock } from '@app/appeals';
import { at, bootAppeals, footprint, loadFirms, People, timelineOf } from './appeal-fixture';

/**
 * The loop end to end over HTTP on the real database: reception day → minutes → appeals → 交办函 →
 * accepted → answered → unsatisfied → second supervision → answered → satisfied → closed → 回访
 * (once reopening, once confirmed), with the firm's timeline, the outbox and the audit in step.
 */
describe('appeals: the closed loop from a reception day to 回访', () => {
  let t: TestApp;
  let who: People;
  let clock: AppealClock;
  let firmA: string;
  let firmB: string;
  let ids: { a: string; b: string; c: string; d: string };

  beforeAll(async () => {
    ({ t, who, clock } = await bootAppeals());
    const [a, b, c, d] = await loadFirms(t, [{ name: '郑州捷安仿真科技有限公司' }, { name: '河南蓝信科技有限责任公司' }, { name: '郑州久瑞生物有限公司' }, { name: '郑州彩华新材料有限公司' }]);
    ids = { a, b, c, d };
    firmA = await t.createUser({ username: 'firm_a', displayName: '捷安', role: 'enterprise', enterpriseId: a });
    firmB = await t.createUser({ username: 'firm_b', displayName: '蓝信', role: 'enterprise', enterpriseId: b });
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
  });

  const api = () => t.http;
  const V1 = '/api/v1';

  it('runs the whole loop and every step is on the firm’s timeline, in the outbox and the audit', async () => {
    // ── a reception day: notice, registration with topics and capacity, roll call ──
    clock.set(at('2026-09-21 10:00'));
    const day = await api().post(`${V1}/reception-days`).set('authorization', who.supervisor).send({
      title: '2026年9月企业家接待日', theme: '要素保障', kind: 'reception_day', heldOn: '2026-09-28', location: '市民服务中心第一会议室', host: '常务副市长（轮值）',
      capacity: 2, registrationDeadline: '2026-09-25', notice: '欢迎企业报名反映生产经营中的困难和问题。',
    }).expect(201);
    expect(day.body).toMatchObject({ kindLabel: '企业家接待日', statusLabel: '已发布', registered: 0 });
    const notices = await api().get(`${V1}/reception-days/notices`).expect(200);
    expect(notices.body.map((d: { id: string }) => d.id)).toContain(day.body.id);
    const regA = await api().post(`${V1}/reception-days/${day.body.id}/registrations`).set('authorization', firmA).send({ topics: '新厂区土地变性招拍挂' }).expect(201);
    await api().post(`${V1}/reception-days/${day.body.id}/registrations`).set('authorization', firmA).send({ topics: '重复报名' }).expect(409);
    const mine = await api().get(`${V1}/reception-days/registrations/mine`).set('authorization', firmA).expect(200);
    expect(mine.body).toEqual([expect.objectContaining({ id: regA.body.id, receptionDayId: day.body.id, topics: '新厂区土地变性招拍挂', attended: null })]);
    await api().get(`${V1}/reception-days/registrations/mine`).set('authorization', who.supervisor).expect(403);
    const regB = await api().post(`${V1}/reception-days/${day.body.id}/registrations`).set('authorization', who.supervisor)
      .send({ topics: '上市合规证明', enterpriseId: ids.b }).expect(201);
    expect(regB.body).toMatchObject({ source: 'invited', sourceLabel: '点名邀请' });
    const full = await api().post(`${V1}/reception-days/${day.body.id}/registrations`).set('authorization', who.supervisor).send({ topics: '用工', enterpriseId: ids.c }).expect(409);
    expect(full.body.code).toBe('RECEPTION.FULL');
    clock.set(at('2026-09-28 09:30'));
    const roll = await api().post(`${V1}/reception-days/${day.body.id}/roll-call`).set('authorization', who.supervisor).send({ present: [regA.body.id] }).expect(200);
    expect(roll.body).toEqual({ present: 1, absent: 1 });

    // ── minutes: one item assigned at the meeting, one answered on the spot, one left for pre-study ──
    clock.set(at('2026-09-28 11:00'));
    const minutes = await api().post(`${V1}/reception-days/${day.body.id}/minutes`).set('authorization', who.supervisor).send({
      summary: '常务副市长接待 2 家企业，现场协调 3 个问题。',
      items: [
        { enterpriseId: ids.a, category: 'land', title: '新厂区土地变性招拍挂推进缓慢', description: '募投用地招拍挂环节卡壳，土地变性手续涉及部门多，影响上市进度。',
          assign: { leadDepartment: 'zgj', coDepartments: ['fgw'], requirements: '倒排工期，分解到日，每日反馈进度。' } },
        { enterpriseId: ids.b, category: 'approval', title: '上市需要两项合规证明', description: '上市初审前需提供两项合规证明，企业从未办理过。', onSpotAnswer: '现场明确由市场监管部门三个工作日内出具，企业按清单准备材料。' },
        { enterpriseId: ids.a, category: 'utilities', title: '新厂区五通一平施工保障', description: '新厂区道路硬化与电力接入施工保障需协调。' },
      ],
    }).expect(201);
    expect(minutes.body.appealIds).toHaveLength(3);
    expect(minutes.body.receptionDay).toMatchObject({ status: 'held', statusLabel: '已举行' });
    const [landId, onSpotId, pendingId] = minutes.body.appealIds as string[];
    await api().post(`${V1}/reception-days/${day.body.id}/minutes`).set('authorization', who.supervisor)
      .send({ summary: '再次登记', items: [{ enterpriseId: ids.a, category: 'land', title: '重复', description: '重复登记的纪要' }] }).expect(409);
    const minutesHtml = await api().get(`${V1}/reception-days/${day.body.id}/minutes`).set('authorization', who.supervisor).expect(200);
    expect(minutesHtml.text).toContain('会议纪要');
    expect(minutesHtml.text).toContain(minutes.body.appealNumbers[0]);

    // ── the 交办函: number, firm, problem, lead/co units, working-day deadlines across National Day ──
    const land = (await api().get(`${V1}/appeals/${landId}`).set('authorization', firmA).expect(200)).body;
    expect(land).toMatchObject({
      state: 'assigned', stateLabel: '已交办待签收', channel: 'reception_day', channelLabel: '企业家接待日', categoryLabel: '土地规划',
      leadDepartment: { code: 'zgj', name: '市自然资源和规划局' }, coDepartments: [{ code: 'fgw', name: '市发展改革委' }],
      // Mon 09-28 + 3 working days: 09-29, 09-30, (Oct 1–7 off) 10-08; +7: … 10-09, Sat 10-10 (调休), 10-12, 10-13; +22 (land): 11-03
      deadlines: { dispatchDue: '2026-10-08', acceptDue: '2026-10-08', progressDue: '2026-10-13', answerDue: '2026-11-03', secondDue: null },
      dueKind: 'accept', dueOn: '2026-10-08', overdue: false, level: 'department',
    });
    const letters = (await api().get(`${V1}/appeals/${landId}/letters`).set('authorization', who.zgj).expect(200)).body;
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'assignment', kindLabel: '交办函', departmentCode: 'zgj' });
    expect(letters[0].number).toMatch(/^郑诉交〔2026〕\d+号$/);
    const html = (await api().get(`${V1}/appeals/${landId}/letters/${letters[0].id}`).set('authorization', who.zgj).expect(200)).text;
    for (const s of [letters[0].number, land.number, '郑州捷安仿真科技有限公司', '新厂区土地变性招拍挂推进缓慢', '市自然资源和规划局', '市发展改革委', '2026-11-03', '倒排工期']) expect(html).toContain(s);
    await api().get(`${V1}/appeals/${landId}/letters/${letters[0].id}`).set('authorization', firmA).expect(403);
    const zgjInbox = (await api().get(`${V1}/appeals/notices`).set('authorization', who.zgj).expect(200)).body;
    expect(zgjInbox.items.some((n: { kindLabel: string; appealId: string }) => n.kindLabel === '函件' && n.appealId === landId)).toBe(true);
    const onSpot = (await api().get(`${V1}/appeals/${onSpotId}`).set('authorization', firmB).expect(200)).body;
    expect(onSpot).toMatchObject({ state: 'answered', answerKind: 'on_spot', answerKindLabel: '当场答复' });
    expect((await api().get(`${V1}/appeals/${pendingId}`).set('authorization', who.supervisor).expect(200)).body).toMatchObject({ state: 'submitted', stateLabel: '待预研' });

    // ── handling: who may act, accepted on time after the holiday, progress, answer ──
    await api().get(`${V1}/appeals/${landId}`).set('authorization', who.jrj).expect(404);
    await api().get(`${V1}/appeals/${landId}`).set('authorization', firmB).expect(404);
    const before = await footprint(t);
    const co = await api().post(`${V1}/appeals/${landId}/accept`).set('authorization', who.fgw).send({}).expect(403);
    expect(co.body.code).toBe('APPEAL.NOT_LEAD');
    expect(await footprint(t)).toEqual(before);
    clock.set(at('2026-10-08 09:00'));
    expect((await api().post(`${V1}/appeals/${landId}/accept`).set('authorization', who.zgj).send({}).expect(200)).body).toMatchObject({ state: 'in_progress', dueKind: 'progress', dueOn: '2026-10-13' });
    await api().post(`${V1}/appeals/${landId}/progress`).set('authorization', who.fgw).send({ text: '发改委：项目已纳入重点项目清单。' }).expect(200);
    expect((await api().post(`${V1}/appeals/${landId}/progress`).set('authorization', who.zgj).send({ text: '已完成附属物清理，招拍挂公告拟于下周发布。' }).expect(200)).body)
      .toMatchObject({ dueKind: 'answer', dueOn: '2026-11-03' });
    clock.set(at('2026-10-20 15:00'));
    const answered = await api().post(`${V1}/appeals/${landId}/answer`).set('authorization', who.zgj).send({ kind: 'resolved', text: '招拍挂公告已发布，预计 11 月中旬完成出让。' }).expect(200);
    expect(answered.body).toMatchObject({ state: 'answered', answerKind: 'resolved', answerKindLabel: '已解决', dueOn: null });
    const firmInbox = (await api().get(`${V1}/appeals/notices`).set('authorization', firmA).expect(200)).body;
    expect(firmInbox.items.some((n: { appealId: string; kindLabel: string }) => n.appealId === landId && n.kindLabel === '答复通知')).toBe(true);

    // ── unsatisfied → second supervision with a new deadline and the supervisors told; rating twice refused ──
    clock.set(at('2026-10-21 10:00'));
    await api().post(`${V1}/appeals/${landId}/feedback`).set('authorization', firmA).send({ rating: 'unsatisfied' }).expect(400);
    const second = await api().post(`${V1}/appeals/${landId}/feedback`).set('authorization', firmA).send({ rating: 'unsatisfied', comment: '出让时间仍不确定，影响上市。' }).expect(200);
    // Wed 10-21 + 10 working days → 11-04
    expect(second.body).toMatchObject({ state: 'second_supervision', stateLabel: '二次督办中', secondSupervisionCount: 1, rating: 'unsatisfied', ratingLabel: '不满意',
      deadlines: { secondDue: '2026-11-04' }, dueKind: 'second', dueOn: '2026-11-04' });
    const unchanged = await footprint(t);
    const twice = await api().post(`${V1}/appeals/${landId}/feedback`).set('authorization', firmA).send({ rating: 'satisfied' }).expect(409);
    expect(twice.body.code).toBe('FEEDBACK.ALREADY_GIVEN');
    expect(await footprint(t)).toEqual(unchanged);
    const supInbox = (await api().get(`${V1}/appeals/notices`).set('authorization', who.supervisor).expect(200)).body;
    expect(supInbox.items.some((n: { appealId: string; kindLabel: string }) => n.appealId === landId && n.kindLabel === '二次督办')).toBe(true);

    // ── answered again → satisfied → closed (销号) → a 回访 task ──
    clock.set(at('2026-10-28 10:00'));
    await api().post(`${V1}/appeals/${landId}/answer`).set('authorization', who.zgj).send({ kind: 'resolved', text: '已确定 11 月 12 日挂牌出让，出具书面说明供上市使用。' }).expect(200);
    const closed = await api().post(`${V1}/appeals/${landId}/feedback`).set('authorization', firmA).send({ rating: 'satisfied', comment: '一天不差。' }).expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', stateLabel: '已销号', rating: 'satisfied' });
    const followUps = (await api().get(`${V1}/appeals/follow-ups?status=pending`).set('authorization', who.supervisor).expect(200)).body;
    const fu = followUps.items.find((f: { appealId: string }) => f.appealId === landId);
    expect(fu).toMatchObject({ statusLabel: '待回访', dueOn: '2026-11-11' });

    // ── 回访 "looked again": not solved → reopened under second supervision; answered; satisfied; confirmed ──
    clock.set(at('2026-11-05 10:00'));
    const reopened = await api().post(`${V1}/appeals/${landId}/follow-ups/${fu.id}`).set('authorization', who.supervisor).send({ finding: 'reopen', note: '挂牌时间推迟，企业仍有顾虑。' }).expect(200);
    expect(reopened.body).toMatchObject({ state: 'second_supervision', reopenedCount: 1 });
    await api().post(`${V1}/appeals/${landId}/follow-ups/${fu.id}`).set('authorization', who.supervisor).send({ finding: 'confirmed', note: '重复登记' }).expect(404);
    await api().post(`${V1}/appeals/${landId}/answer`).set('authorization', who.zgj).send({ kind: 'resolved', text: '已于 11 月 12 日完成挂牌出让。' }).expect(200);
    await api().post(`${V1}/appeals/${landId}/feedback`).set('authorization', firmA).send({ rating: 'basically_satisfied' }).expect(200);
    const fu2 = (await api().get(`${V1}/appeals/follow-ups?status=pending`).set('authorization', who.supervisor).expect(200)).body.items.find((f: { appealId: string }) => f.appealId === landId);
    const confirmed = await api().post(`${V1}/appeals/${landId}/follow-ups/${fu2.id}`).set('authorization', who.supervisor).send({ finding: 'confirmed', note: '企业确认已拿地开工。' }).expect(200);
    expect(confirmed.body).toMatchObject({ state: 'closed', ratingLabel: '基本满意' });

    // ── the firm's timeline: every step, in order ──
    const tl = await timelineOf(t, firmA, landId);
    expect(tl.map((n) => n.command)).toEqual([
      'create', 'assign', 'letter', 'accept', 'co_opinion', 'progress', 'answer', 'rate_unsatisfied', 'answer', 'rate_satisfied', 'reopen', 'answer', 'rate_satisfied', 'follow_up',
    ]);
    expect(tl.map((n) => n.step)).toEqual(tl.map((_, i) => i + 1));
    expect(tl.at(-1)!.toState).toBe('closed');
    // every change went through the outbox and the audit log, once each
    const [{ events }] = await t.dataSource.query(`SELECT count(*)::int AS events FROM core.outbox_events WHERE name = 'appeal.changed' AND aggregate_id = $1`, [landId]);
    const [{ audits }] = await t.dataSource.query(`SELECT count(*)::int AS audits FROM audit.audit_log WHERE target_type = 'appeal' AND target_id = $1`, [landId]);
    expect(events).toBe(tl.length);
    expect(audits).toBe(tl.length);

    // ── the on-the-spot answer: the firm's rating closes it ──
    expect((await api().post(`${V1}/appeals/${onSpotId}/feedback`).set('authorization', firmB).send({ rating: 'satisfied' }).expect(200)).body.state).toBe('closed');

    // ── the public number: status without the firm or the problem ──
    const pub = await api().get(`${V1}/appeals/public/${land.number}`).expect(200);
    expect(pub.body).toMatchObject({ number: land.number, stateLabel: '已销号', categoryLabel: '土地规划' });
    expect(JSON.stringify(pub.body)).not.toMatch(/捷安|招拍挂|自然资源/);
    await api().get(`${V1}/appeals/public/SQ2609-AAAAAAA`).expect(404);

    // ── the ledger: filters and the XLSX export ──
    const ledger = await api().get(`${V1}/appeals?receptionDayId=${day.body.id}&state=closed`).set('authorization', who.supervisor).expect(200);
    expect(ledger.body.items.map((a: { id: string }) => a.id).sort()).toEqual([landId, onSpotId].sort());
    const zgjLedger = await api().get(`${V1}/appeals`).set('authorization', who.zgj).expect(200);
    expect(zgjLedger.body.items.map((a: { id: string }) => a.id)).toEqual([landId]);
    const xlsx = await api().get(`${V1}/appeals/ledger.xlsx?receptionDayId=${day.body.id}`).set('authorization', who.supervisor).buffer(true)
      .parse((res, cb) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks))); }).expect(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const sheet = wb.getWorksheet('诉求台账')!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(1).value).toBe('诉求编号');
    const numbers = [2, 3, 4].map((r) => sheet.getRow(r).getCell(1).value);
    expect(numbers).toEqual(expect.arrayContaining(minutes.body.appealNumbers));
  });
});
