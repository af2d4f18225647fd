import { Injectable } from '@nestjs/common';
import { AuditService, DomainError, Page, Principal, UsersService, uuid7 } from '@app/core';
import { EnterprisesService } from '@app/enterprises';
import { assertSupervisor } from '../appeal/appeal-access';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf } from '../appeal/appeal.types';
import { AppealViews } from '../appeal/appeal-views.service';
import type { AppealView } from '../appeal/dto/appeal.views';
import { IntakeService } from '../intake/intake.service';
import { OfficersRepository } from './officers.repository';
import { AssignFirmsResult, OfficerFirmView, VisitView } from './officers.views';

/**
 * 包联: officers assigned to firms (one officer per firm); their firms' appeals reach them first; their
 * visit log (走访), whose problems become appeals; and their task list.
 */
@Injectable()
export class OfficersService {
  constructor(
    private readonly officers: OfficersRepository,
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
    return this.officers.transaction(async (m) => {
      const moved = await this.officers.assignFirms(m, ids, officerId, p.id, this.clock.now().toISOString());
      await this.audit.record({ actor: p, action: 'appeal.officer_assign', targetType: 'officer', targetId: officerId, after: { enterpriseIds: ids, openAppealsMoved: moved } }, m);
      return { assigned: ids.length, openAppealsMoved: moved };
    });
  }

  /** An officer's firms (the officer itself, or a supervisor looking at one). */
  async firms(p: Principal, officerId: string): Promise<OfficerFirmView[]> {
    if (p.role === 'officer' && p.id !== officerId) throw new DomainError('OFFICER.NOT_FOUND', '包联干部不存在', { id: officerId });
    const rows = await this.officers.firms(officerId);
    const facts = new Map((await this.enterprises.factsBatch({ ids: rows.map((r) => r.enterprise_id) })).map((f) => [f.id, f]));
    return rows.map((r) => ({ enterpriseId: r.enterprise_id, enterpriseName: facts.get(r.enterprise_id)?.name ?? '', districtCode: facts.get(r.enterprise_id)?.facts.districtCode ?? null,
      officerId: r.officer_id, assignedAt: new Date(r.assigned_at).toISOString(), openAppeals: r.open }));
  }

  /** 任务清单: the officer's firms' appeals still open or waiting for the firm's rating, the most urgent first. */
  async tasks(p: Principal, page: number, pageSize: number): Promise<Page<AppealView>> {
    const { rows, total } = await this.officers.tasks(p.id, page, pageSize);
    return { items: await this.views.many(rows), total, page, pageSize };
  }

  /** 走访: a visit to one of the officer's firms; the problems raised become appeals (channel 走访) at once. */
  async logVisit(p: Principal, x: { enterpriseId: string; visitedOn: string; summary: string; problems: Array<{ category: string; title: string; description: string }> }): Promise<VisitView> {
    if (p.role !== 'officer') throw new DomainError('AUTH.FORBIDDEN', '仅包联干部可以登记走访');
    if (!(await this.officers.isOfficersFirm(x.enterpriseId, p.id))) throw new DomainError('ENTERPRISE.NOT_FOUND', '不是你包联的企业', { id: x.enterpriseId });
    const [firm] = await this.enterprises.factsBatch({ ids: [x.enterpriseId] });
    const now = this.clock.now();
    const visitedAt = new Date(`${x.visitedOn}T10:00:00+08:00`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(x.visitedOn) || Number.isNaN(visitedAt.getTime()) || visitedAt.getTime() > now.getTime() + 86_400_000) {
      throw new DomainError('VISIT.DATE_INVALID', '走访日期应为不晚于今天的 YYYY-MM-DD');
    }
    return this.officers.transaction(async (m) => {
      const appealIds = await this.intake.create(m, x.problems.map((pr) => ({
        enterpriseId: x.enterpriseId, category: pr.category, channel: 'visit' as const, title: pr.title, description: pr.description,
        receivedAt: visitedAt.getTime() < now.getTime() ? visitedAt : now,
      })), actorOf(p), '包联干部走访收集');
      const id = uuid7();
      await this.officers.insertVisit(m, { id, officerId: p.id, enterpriseId: firm.id, enterpriseName: firm.name, visitedOn: x.visitedOn, summary: x.summary, appealIds, createdAt: now });
      await this.audit.record({ actor: p, action: 'appeal.visit', targetType: 'enterprise', targetId: firm.id, after: { visitId: id, appealIds } }, m);
      return { id, officerId: p.id, enterpriseId: firm.id, enterpriseName: firm.name, visitedOn: x.visitedOn, summary: x.summary, appealIds, createdAt: now.toISOString() };
    });
  }

  async visits(p: Principal, officerId: string): Promise<VisitView[]> {
    if (p.role === 'officer' && p.id !== officerId) throw new DomainError('OFFICER.NOT_FOUND', '包联干部不存在', { id: officerId });
    const rows = await this.officers.visits(officerId);
    return rows.map((r) => ({ id: r.id, officerId: r.officer_id, enterpriseId: r.enterprise_id, enterpriseName: r.enterprise_name, visitedOn: r.visited_on, summary: r.summary,
      appealIds: r.appeal_ids, createdAt: new Date(r.created_at).toISOString() }));
  }
}
