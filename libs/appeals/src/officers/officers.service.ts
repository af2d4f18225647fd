import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, DomainError, mutateReturning, Page, Principal, UsersService, uuid7 } from '@app/core';
import { EnterprisesService } from '@app/enterprises';
import { assertSupervisor } from '../appeal/appeal-access';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf, AppealRow, APPEAL_COLUMNS } from '../appeal/appeal.types';
import { AppealViews } from '../appeal/appeal-views.service';
import type { AppealView } from '../appeal/dto/appeal.views';
import { IntakeService } from '../intake/intake.service';
import { AssignFirmsResult, OfficerFirmView, VisitView } from './officers.views';

/**
 * 包联: officers assigned to firms (one officer per firm); their firms' appeals reach them first; their
 * visit log (走访), whose problems become appeals; and their task list.
 */
@Injectable()
export class OfficersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly enterprises: EnterprisesService,
    private readonly intake: IntakeService,
    private readonly views: AppealViews,
    private readonly audit: AuditService,
    private readonly clock: AppealClock,
  ) {}

  /** A supervisor assigns firms to an officer; their open appeals move to the officer with them. */
  async assignFirms(p: Principal, officerId: string, enterpriseIds: string[]): Promise<AssignFirmsResult> {
    assertSupervisor(p);
    const officer = /^[0-9a-f-]{36}$/i.test(officerId) ? await this.users.findById(officerId) : null;
    if (!officer || officer.role !== 'officer') throw new DomainError('OFFICER.NOT_FOUND', '包联干部不存在', { id: officerId });
    const ids = [...new Set(enterpriseIds)];
    const firms = await this.enterprises.factsBatch({ ids: ids.filter((x) => /^[0-9a-f-]{36}$/i.test(x)) });
    const missing = ids.filter((x) => !firms.some((f) => f.id === x));
    if (missing.length) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { ids: missing });
    return this.dataSource.transaction(async (m) => {
      const now = this.clock.now().toISOString();
      await m.query(
        `INSERT INTO appeal.officer_firms (enterprise_id, officer_id, assigned_by, assigned_at) SELECT u, $2, $3, $4 FROM unnest($1::uuid[]) AS u
         ON CONFLICT (enterprise_id) DO UPDATE SET officer_id = EXCLUDED.officer_id, assigned_by = EXCLUDED.assigned_by, assigned_at = EXCLUDED.assigned_at`,
        [ids, officerId, p.id, now]);
      const moved = await mutateReturning(m,
        `UPDATE appeal.appeals SET officer_id = $2 WHERE enterprise_id = ANY($1::uuid[]) AND state NOT IN ('closed','merged','withdrawn') RETURNING id`, [ids, officerId]);
      await this.audit.record({ actor: p, action: 'appeal.officer_assign', targetType: 'officer', targetId: officerId, after: { enterpriseIds: ids, openAppealsMoved: moved.length } }, m);
      return { assigned: ids.length, openAppealsMoved: moved.length };
    });
  }

  /** An officer's firms (the officer itself, or a supervisor looking at one). */
  async firms(p: Principal, officerId: string): Promise<OfficerFirmView[]> {
    if (p.role === 'officer' && p.id !== officerId) throw new DomainError('OFFICER.NOT_FOUND', '包联干部不存在', { id: officerId });
    const rows: Array<{ enterprise_id: string; officer_id: string; assigned_at: Date; open: number }> = await this.dataSource.query(
      `SELECT f.enterprise_id, f.officer_id, f.assigned_at,
              (SELECT count(*)::int FROM appeal.appeals a WHERE a.enterprise_id = f.enterprise_id AND a.state NOT IN ('closed','merged','withdrawn')) AS open
       FROM appeal.officer_firms f WHERE f.officer_id = $1 ORDER BY f.assigned_at, f.enterprise_id`, [officerId]);
    const facts = new Map((await this.enterprises.factsBatch({ ids: rows.map((r) => r.enterprise_id) })).map((f) => [f.id, f]));
    return rows.map((r) => ({ enterpriseId: r.enterprise_id, enterpriseName: facts.get(r.enterprise_id)?.name ?? '', districtCode: facts.get(r.enterprise_id)?.facts.districtCode ?? null,
      officerId: r.officer_id, assignedAt: new Date(r.assigned_at).toISOString(), openAppeals: r.open }));
  }

  /** 任务清单: the officer's firms' appeals still open or waiting for the firm's rating, the most urgent first. */
  async tasks(p: Principal, page: number, pageSize: number): Promise<Page<AppealView>> {
    const where = `officer_id = $1 AND state IN ('submitted','assigned','in_progress','answered','second_supervision')`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM appeal.appeals WHERE ${where}`, [p.id]);
    const rows: AppealRow[] = await this.dataSource.query(
      `SELECT ${APPEAL_COLUMNS} FROM appeal.appeals WHERE ${where} ORDER BY (state = 'submitted' AND level = 'officer') DESC, due_on NULLS LAST, received_at LIMIT $2 OFFSET $3`,
      [p.id, pageSize, (page - 1) * pageSize]);
    return { items: await this.views.many(rows), total, page, pageSize };
  }

  /** 走访: a visit to one of the officer's firms; the problems raised become appeals (channel 走访) at once. */
  async logVisit(p: Principal, x: { enterpriseId: string; visitedOn: string; summary: string; problems: Array<{ category: string; title: string; description: string }> }): Promise<VisitView> {
    if (p.role !== 'officer') throw new DomainError('AUTH.FORBIDDEN', '仅包联干部可以登记走访');
    const [own] = /^[0-9a-f-]{36}$/i.test(x.enterpriseId) ? await this.dataSource.query(`SELECT 1 AS x FROM appeal.officer_firms WHERE enterprise_id = $1 AND officer_id = $2`, [x.enterpriseId, p.id]) : [];
    if (!own) throw new DomainError('ENTERPRISE.NOT_FOUND', '不是你包联的企业', { id: x.enterpriseId });
    const [firm] = await this.enterprises.factsBatch({ ids: [x.enterpriseId] });
    const now = this.clock.now();
    const visitedAt = new Date(`${x.visitedOn}T10:00:00+08:00`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(x.visitedOn) || Number.isNaN(visitedAt.getTime()) || visitedAt.getTime() > now.getTime() + 86_400_000) {
      throw new DomainError('VISIT.DATE_INVALID', '走访日期应为不晚于今天的 YYYY-MM-DD');
    }
    return this.dataSource.transaction(async (m) => {
      const appealIds = await this.intake.create(m, x.problems.map((pr) => ({
        enterpriseId: x.enterpriseId, category: pr.category, channel: 'visit' as const, title: pr.title, description: pr.description,
        receivedAt: visitedAt.getTime() < now.getTime() ? visitedAt : now,
      })), actorOf(p), '包联干部走访收集');
      const id = uuid7();
      await m.query(`INSERT INTO appeal.visits (id, officer_id, enterprise_id, enterprise_name, visited_on, summary, appeal_ids, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
        [id, p.id, firm.id, firm.name, x.visitedOn, x.summary, appealIds, now.toISOString()]);
      await this.audit.record({ actor: p, action: 'appeal.visit', targetType: 'enterprise', targetId: firm.id, after: { visitId: id, appealIds } }, m);
      return { id, officerId: p.id, enterpriseId: firm.id, enterpriseName: firm.name, visitedOn: x.visitedOn, summary: x.summary, appealIds, createdAt: now.toISOString() };
    });
  }

  async visits(p: Principal, officerId: string): Promise<VisitView[]> {
    if (p.role === 'officer' && p.id !== officerId) throw new DomainError('OFFICER.NOT_FOUND', '包联干部不存在', { id: officerId });
    const rows: Array<{ id: string; officer_id: string; enterprise_id: string; enterprise_name: string; visited_on: string; summary: string; appeal_ids: string[]; created_at: Date }> =
      await this.dataSource.query(`SELECT id, officer_id, enterprise_id, enterprise_name, visited_on::text AS visited_on, summary, appeal_ids, created_at FROM appeal.visits
        WHERE officer_id = $1 ORDER BY visited_on DESC, created_at DESC LIMIT 500`, [officerId]);
    return rows.map((r) => ({ id: r.id, officerId: r.officer_id, enterpriseId: r.enterprise_id, enterpriseName: r.enterprise_name, visitedOn: r.visited_on, summary: r.summary,
      appealIds: r.appeal_ids, createdAt: new Date(r.created_at).toISOString() }));
  }
}
