import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService, DomainError, FieldCipher, formatMoney, maskPhone, mutateReturning, Principal, ScopeDeniedError, uuid7 } from '@app/core';
import { APPROVAL_OPTIONS, ApprovalOptions } from '../approval.options';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { actorOf, PUBLIC_ACTOR } from '../application/application.types';
import { assertReviewer, loadScoped } from '../application/application-access';
import { ApplicationWorkflow } from '../application/application-workflow.service';
import { CalendarRepository } from '../supervision/calendar.repository';
import { endOfChinaDay } from '../supervision/working-day-calendar';

export interface DisclosureRoundView {
  id: string;
  itemName: string;
  departmentCode: string;
  openedAt: string;
  endsAt: string;
  workingDays: number;
  entries: number;
}

/** One public line of a 公示 list: the firm's name, the item and the amount — nothing else. */
export interface DisclosureEntry {
  applicationId: string;
  enterpriseName: string;
  itemName: string;
  amountFen: number;
  amountText: string;
  status: string;
}

interface RoundRow {
  id: string;
  item_id: string;
  item_name: string;
  department_code: string;
  working_days: number;
  opened_at: Date;
  ends_at: Date;
  entries: number;
}

const toRound = (r: RoundRow): DisclosureRoundView => ({
  id: r.id, itemName: r.item_name, departmentCode: r.department_code, openedAt: new Date(r.opened_at).toISOString(),
  endsAt: new Date(r.ends_at).toISOString(), workingDays: r.working_days, entries: r.entries,
});

/**
 * 公示: a reviewer puts an item's approved applications on public display for N working days; anyone
 * may read the list without logging in and file an objection, which pauses that firm's application
 * until a reviewer resolves it (upheld → rejected, dismissed → back in 公示).
 */
@Injectable()
export class DisclosureService {
  private readonly cipher: FieldCipher;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ApplicationRepository,
    private readonly workflow: ApplicationWorkflow,
    private readonly calendar: CalendarRepository,
    private readonly clock: ApprovalClock,
    private readonly audit: AuditService,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new FieldCipher(config.encryptionKey);
  }

  async openRound(p: Principal, itemId: string, workingDays?: number): Promise<DisclosureRoundView> {
    const days = workingDays ?? this.options.disclosureWorkingDays;
    return this.dataSource.transaction(async (m) => {
      const apps: Array<{ id: string; item_name: string; department_code: string }> = /^[0-9a-f-]{36}$/i.test(itemId)
        ? await m.query(`SELECT id, item_name, department_code FROM approval.applications WHERE item_id = $1 AND state = 'approved' AND mode <> 'instant'`, [itemId])
        : [];
      const [owner]: Array<{ department_code: string }> = await m.query(`SELECT department_code FROM approval.applications WHERE item_id = $1 LIMIT 1`, [itemId]);
      if (!owner || (p.role !== 'admin' && p.departmentCode !== owner.department_code)) throw new ScopeDeniedError('ITEM', itemId);
      if (apps.length === 0) throw new DomainError('DISCLOSURE.NOTHING_TO_DISCLOSE', '该事项没有待公示的审核通过申请');
      const now = this.clock.now();
      const endsOn = (await this.calendar.calendar(m)).addWorkingDays(chinaDate(now), days);
      const id = uuid7();
      await m.query(
        `INSERT INTO approval.disclosure_rounds (id, item_id, item_name, department_code, working_days, opened_at, ends_at, entries, created_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [id, itemId, apps[0].item_name, apps[0].department_code, days, now, endOfChinaDay(endsOn), apps.length, p.id],
      );
      const moved = await this.repo.transitionMany(m, apps.map((a) => a.id), 'approved', 'in_disclosure', {
        command: 'open_disclosure', actor: actorOf(p), outcome: 'disclosed', comment: `进入公示，公示期 ${days} 个工作日，至 ${endsOn}`,
      }, { disclosure_round_id: id }, 'id');
      await this.audit.record({ actor: p, action: 'disclosure.open', targetType: 'disclosure_round', targetId: id,
        before: { state: 'approved' }, after: { state: 'in_disclosure', count: moved.length, endsOn } }, m);
      const [row] = await m.query(`SELECT * FROM approval.disclosure_rounds WHERE id = $1`, [id]);
      return toRound(row as RoundRow);
    });
  }

  /** Rounds on public display now. */
  async openRounds(): Promise<DisclosureRoundView[]> {
    const rows: RoundRow[] = await this.dataSource.query(
      `SELECT * FROM approval.disclosure_rounds WHERE opened_at <= $1 AND ends_at > $1 ORDER BY opened_at DESC`, [this.clock.now()]);
    return rows.map(toRound);
  }

  private async liveRound(roundId: string): Promise<RoundRow> {
    const now = this.clock.now();
    const rows: RoundRow[] = /^[0-9a-f-]{36}$/i.test(roundId)
      ? await this.dataSource.query(`SELECT * FROM approval.disclosure_rounds WHERE id = $1 AND opened_at <= $2 AND ends_at > $2`, [roundId, now])
      : [];
    if (!rows[0]) throw new DomainError('DISCLOSURE.NOT_FOUND', '公示不存在或公示期已结束', { id: roundId });
    return rows[0];
  }

  /** The public list. Only whitelisted columns are read: no credit code, account, contact or facts. */
  async publicRound(roundId: string): Promise<DisclosureRoundView & { list: DisclosureEntry[] }> {
    const round = await this.liveRound(roundId);
    const rows: Array<{ id: string; enterprise_name: string; item_name: string; amount_fen: string | number; state: string }> = await this.dataSource.query(
      `SELECT id, enterprise_name, item_name, amount_fen, state FROM approval.applications
       WHERE disclosure_round_id = $1 AND state IN ('in_disclosure','objection_raised','confirmed','ready_for_payout','paid','payout_failed')
       ORDER BY enterprise_name, id`,
      [roundId],
    );
    return {
      ...toRound(round),
      list: rows.map((r) => ({ applicationId: r.id, enterpriseName: r.enterprise_name, itemName: r.item_name, amountFen: Number(r.amount_fen),
        amountText: formatMoney(Number(r.amount_fen)), status: r.state === 'objection_raised' ? '异议核查中' : '公示中' })),
    };
  }

  /** Anyone may object during the 公示 period; the contact is stored encrypted and shown masked only. */
  async fileObjection(roundId: string, input: { applicationId: string; contactName: string; contactPhone: string; reason: string }): Promise<{ objectionId: string; status: 'open' }> {
    await this.liveRound(roundId);
    return this.dataSource.transaction(async (m) => {
      const app = await this.repo.get(input.applicationId, m, true);
      if (!app || app.disclosure_round_id !== roundId || !['in_disclosure', 'objection_raised'].includes(app.state)) {
        throw new DomainError('DISCLOSURE.ENTRY_NOT_FOUND', '公示名单中没有该申请', { applicationId: input.applicationId });
      }
      const id = uuid7();
      const masked = maskPhone(input.contactPhone) ?? '****';
      await m.query(
        `INSERT INTO approval.objections (id, application_id, round_id, contact_name, contact_enc, contact_masked, reason) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        [id, app.id, roundId, input.contactName, this.cipher.encrypt(input.contactPhone), masked, input.reason],
      );
      const node = { actor: PUBLIC_ACTOR, outcome: 'objection', comment: `收到公示异议，暂停办理待核查：${input.reason}`, details: { objectionId: id } };
      if (app.state === 'in_disclosure') await this.workflow.apply(m, app, 'raise_objection', node);
      else await this.repo.note(m, app.id, { command: 'note', ...node });
      return { objectionId: id, status: 'open' as const };
    });
  }

  async objections(p: Principal, status = 'open'): Promise<Array<Record<string, unknown>>> {
    const params: unknown[] = [status];
    const scope = p.role === 'admin' || p.role === 'leader' || p.role === 'auditor' ? '' : `AND a.department_code = $${params.push(p.departmentCode)}`;
    return this.dataSource.query(
      `SELECT o.id, o.application_id AS "applicationId", a.enterprise_name AS "enterpriseName", a.item_name AS "itemName", o.contact_name AS "contactName",
              o.contact_masked AS "contactMasked", o.reason, o.status, o.resolution, o.created_at AS "createdAt", o.resolved_at AS "resolvedAt"
       FROM approval.objections o JOIN approval.applications a ON a.id = o.application_id
       WHERE o.status = $1 ${scope} ORDER BY o.created_at`,
      params,
    );
  }

  /** 异议处理: upheld → the application is rejected (its reservation released); dismissed → back in 公示 when no other objection is open. */
  async resolveObjection(p: Principal, objectionId: string, decision: 'upheld' | 'dismissed', resolution: string): Promise<{ applicationState: string }> {
    return this.dataSource.transaction(async (m) => {
      const [o]: Array<{ application_id: string; status: string }> = /^[0-9a-f-]{36}$/i.test(objectionId)
        ? await m.query(`SELECT application_id, status FROM approval.objections WHERE id = $1`, [objectionId])
        : [];
      if (!o) throw new DomainError('OBJECTION.NOT_FOUND', '异议不存在', { id: objectionId });
      const app = await loadScoped(this.repo, p, o.application_id, m, true);
      assertReviewer(p, app);
      const changed = await mutateReturning(
        m,
        `UPDATE approval.objections SET status = $2, resolved_by = $3, resolution = $4, resolved_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
        [objectionId, decision, p.id, resolution]);
      if (changed.length === 0) throw new DomainError('OBJECTION.INVALID_STATE', '该异议已处理');
      const node = { actor: actorOf(p), outcome: decision, comment: `异议核查结论：${decision === 'upheld' ? '异议成立' : '异议不成立'}。${resolution}` };
      if (decision === 'upheld') {
        await m.query(`UPDATE approval.objections SET status = 'upheld', resolved_by = $2, resolution = $3, resolved_at = now() WHERE application_id = $1 AND status = 'open'`,
          [app.id, p.id, '同一申请的异议已成立']);
        const row = await this.workflow.apply(m, app, 'uphold_objection', node, { decided_at: new Date() });
        return { applicationState: row.state };
      }
      const [{ open }] = await m.query(`SELECT count(*)::int AS open FROM approval.objections WHERE application_id = $1 AND status = 'open'`, [app.id]);
      if (open > 0) {
        await this.repo.note(m, app.id, { command: 'note', ...node });
        return { applicationState: app.state };
      }
      const row = await this.workflow.apply(m, app, 'dismiss_objection', node);
      return { applicationState: row.state };
    });
  }

  /** When a round ends (for the confirmation step). */
  async roundEnd(roundId: string): Promise<Date | null> {
    const rows: Array<{ ends_at: Date }> = await this.dataSource.query(`SELECT ends_at FROM approval.disclosure_rounds WHERE id = $1`, [roundId]);
    return rows[0] ? new Date(rows[0].ends_at) : null;
  }
}
