import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, DomainError, formatMoney, Page, Principal, ScopeDeniedError, uuid7 } from '@app/core';
import { APPROVAL_OPTIONS, ApprovalOptions } from '../approval.options';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { ApplicationState, STATE_LABELS } from '../application/application.states';
import { periodBounds } from '../results/published-results.service';
import { actorOf } from '../application/application.types';
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

/** What became of a 公示 round. */
export interface RoundOutcome {
  /** Paid, confirmed (waiting for or retrying payment), not granted after an objection, lapsed or withdrawn, still waiting for the firm. */
  paid: number;
  confirmed: number;
  rejected: number;
  lapsed: number;
  waiting: number;
  objections: number;
  upheld: number;
  dismissed: number;
  openObjections: number;
}

export interface EndedRoundView extends DisclosureRoundView {
  outcome: RoundOutcome;
}

export interface EndedRoundDetail extends EndedRoundView {
  list: Array<{ enterpriseName: string; itemName: string; amountFen: number; amountText: string; result: string }>;
  objections: Array<{ enterpriseName: string; status: 'open' | 'upheld' | 'dismissed'; statusLabel: string; resolution: string | null; raisedAt: string; resolvedAt: string | null }>;
}

const emptyOutcome = (): RoundOutcome => ({ paid: 0, confirmed: 0, rejected: 0, lapsed: 0, waiting: 0, objections: 0, upheld: 0, dismissed: 0, openObjections: 0 });

const OBJECTION_LABELS = { open: '核查中', upheld: '异议成立', dismissed: '异议不成立' } as const;

/** What the public reads of a listed firm after 公示. */
const ENTRY_RESULTS: Partial<Record<ApplicationState, string>> = {
  in_disclosure: '公示期满，待企业确认', objection_raised: '异议核查中', approved: '恢复办理，待企业确认', confirmed: '已确认，待拨付',
  ready_for_payout: '已确认，待拨付', payout_failed: '已确认，待拨付', paid: '已兑付', rejected: '异议成立，不予兑现', lapsed: '逾期未确认',
  reopen_requested: '逾期未确认', expired: '逾期未确认', withdrawn: '企业放弃',
};

/**
 * 公示: a reviewer puts an item's approved applications on public display for N working days; anyone
 * may read the list without logging in. Objections to it: ObjectionService.
 */
@Injectable()
export class DisclosureService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ApplicationRepository,
    private readonly calendar: CalendarRepository,
    private readonly clock: ApprovalClock,
    private readonly audit: AuditService,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
  ) {}

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

  /** A round on public display now, or 404 (objections are taken only then). */
  async liveRound(roundId: string): Promise<RoundRow> {
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

  /**
   * 公示 history: rounds whose period is over stay public with their outcome — how many firms were
   * listed, objections raised and how they were resolved, how many were confirmed and paid.
   */
  async endedRounds(q: { itemId?: string; department?: string; from?: string; to?: string; page: number; pageSize: number }): Promise<Page<EndedRoundView>> {
    const { from, to } = periodBounds(q.from, q.to);
    const params: unknown[] = [this.clock.now()];
    const where = ['r.ends_at <= $1'];
    if (q.itemId) where.push(`r.item_id = $${params.push(q.itemId)}`);
    if (q.department) where.push(`r.department_code = $${params.push(q.department)}`);
    if (from) where.push(`r.ends_at >= $${params.push(new Date(`${from}T00:00:00+08:00`))}`);
    if (to) where.push(`r.ends_at <= $${params.push(endOfChinaDay(to))}`);
    const clause = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM approval.disclosure_rounds r WHERE ${clause}`, params);
    const rows: RoundRow[] = await this.dataSource.query(
      `SELECT r.* FROM approval.disclosure_rounds r WHERE ${clause} ORDER BY r.ends_at DESC, r.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize]);
    const outcomes = await this.outcomes(rows.map((r) => r.id));
    return { items: rows.map((r) => ({ ...toRound(r), outcome: outcomes.get(r.id) ?? emptyOutcome() })), total, page: q.page, pageSize: q.pageSize };
  }

  /** One ended round: each listed firm with what became of it, and the objections with their resolution (never the objector's contact). */
  async endedRound(roundId: string): Promise<EndedRoundDetail> {
    const rows: RoundRow[] = /^[0-9a-f-]{36}$/i.test(roundId)
      ? await this.dataSource.query(`SELECT * FROM approval.disclosure_rounds WHERE id = $1 AND ends_at <= $2`, [roundId, this.clock.now()])
      : [];
    if (!rows[0]) throw new DomainError('DISCLOSURE.NOT_FOUND', '公示不存在或尚未结束', { id: roundId });
    const list: Array<{ enterprise_name: string; item_name: string; amount_fen: number; state: ApplicationState }> = await this.dataSource.query(
      `SELECT enterprise_name, item_name, amount_fen, state FROM approval.applications WHERE disclosure_round_id = $1 ORDER BY enterprise_name, id`, [roundId]);
    const objections: Array<{ enterprise_name: string; status: 'open' | 'upheld' | 'dismissed'; resolution: string | null; created_at: Date; resolved_at: Date | null }> =
      await this.dataSource.query(
        `SELECT a.enterprise_name, o.status, o.resolution, o.created_at, o.resolved_at FROM approval.objections o JOIN approval.applications a ON a.id = o.application_id
         WHERE o.round_id = $1 AND o.status <> 'spam' ORDER BY o.created_at, o.id`, [roundId]);
    const outcome = (await this.outcomes([roundId])).get(roundId) ?? emptyOutcome();
    return {
      ...toRound(rows[0]), outcome,
      list: list.map((e) => ({ enterpriseName: e.enterprise_name, itemName: e.item_name, amountFen: Number(e.amount_fen), amountText: formatMoney(Number(e.amount_fen)),
        result: ENTRY_RESULTS[e.state] ?? STATE_LABELS[e.state] })),
      objections: objections.map((o) => ({ enterpriseName: o.enterprise_name, status: o.status, statusLabel: OBJECTION_LABELS[o.status], resolution: o.resolution,
        raisedAt: new Date(o.created_at).toISOString(), resolvedAt: o.resolved_at ? new Date(o.resolved_at).toISOString() : null })),
    };
  }

  private async outcomes(roundIds: string[]): Promise<Map<string, RoundOutcome>> {
    if (roundIds.length === 0) return new Map();
    const apps: Array<{ round_id: string; state: ApplicationState; n: number }> = await this.dataSource.query(
      `SELECT disclosure_round_id AS round_id, state, count(*)::int AS n FROM approval.applications WHERE disclosure_round_id = ANY($1::uuid[]) GROUP BY 1, 2`, [roundIds]);
    const objs: Array<{ round_id: string; status: string; n: number }> = await this.dataSource.query(
      // objections staff marked as spam (无效异议) were not examined: not part of the public outcome
      `SELECT round_id, status, count(*)::int AS n FROM approval.objections WHERE round_id = ANY($1::uuid[]) AND status <> 'spam' GROUP BY 1, 2`, [roundIds]);
    const out = new Map<string, RoundOutcome>();
    for (const id of roundIds) {
      const o = emptyOutcome();
      for (const a of apps.filter((x) => x.round_id === id)) {
        if (a.state === 'paid') o.paid += a.n;
        else if (['confirmed', 'ready_for_payout', 'payout_failed'].includes(a.state)) o.confirmed += a.n;
        else if (a.state === 'rejected') o.rejected += a.n;
        else if (['lapsed', 'reopen_requested', 'expired', 'withdrawn'].includes(a.state)) o.lapsed += a.n;
        else o.waiting += a.n;
      }
      for (const x of objs.filter((y) => y.round_id === id)) {
        o.objections += x.n;
        if (x.status === 'upheld') o.upheld += x.n;
        else if (x.status === 'dismissed') o.dismissed += x.n;
        else o.openObjections += x.n;
      }
      out.set(id, o);
    }
    return out;
  }

  /** When a round ends (for the confirmation step). */
  async roundEnd(roundId: string): Promise<Date | null> {
    const rows: Array<{ ends_at: Date }> = await this.dataSource.query(`SELECT ends_at FROM approval.disclosure_rounds WHERE id = $1`, [roundId]);
    return rows[0] ? new Date(rows[0].ends_at) : null;
  }
}
