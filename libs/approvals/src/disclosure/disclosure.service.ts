import { Inject, Injectable } from '@nestjs/common';
import { AuditService, DomainError, formatMoney, Page, Principal, ScopeDeniedError, uuid7 } from '@app/core';
import { APPROVAL_OPTIONS, ApprovalOptions } from '../approval.options';
import { ApprovalClock, chinaDate } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { ApplicationState, STATE_LABELS } from '../application/application.states';
import { periodBounds } from '../results/published-results.service';
import { actorOf } from '../application/application.types';
import { DisclosureRepository, RoundObjectionCount, RoundRow, RoundStateCount } from './disclosure.repository';
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

export const emptyOutcome = (): RoundOutcome => ({ paid: 0, confirmed: 0, rejected: 0, lapsed: 0, waiting: 0, objections: 0, upheld: 0, dismissed: 0, openObjections: 0 });

const OBJECTION_LABELS = { open: '核查中', upheld: '异议成立', dismissed: '异议不成立' } as const;

/** What the public reads of a listed firm after 公示. */
const ENTRY_RESULTS: Partial<Record<ApplicationState, string>> = {
  in_disclosure: '公示期满，待企业确认', objection_raised: '异议核查中', approved: '恢复办理，待企业确认', confirmed: '已确认，待拨付',
  ready_for_payout: '已确认，待拨付', payout_failed: '已确认，待拨付', paid: '已兑付', rejected: '异议成立，不予兑现', lapsed: '逾期未确认',
  reopen_requested: '逾期未确认', expired: '逾期未确认', withdrawn: '企业放弃',
};

/** Counts of a round's applications by state and of its examined objections, as the public outcome. */
export function tallyOutcome(apps: Array<Pick<RoundStateCount, 'state' | 'n'>>, objections: Array<Pick<RoundObjectionCount, 'status' | 'n'>>): RoundOutcome {
  const o = emptyOutcome();
  for (const a of apps) {
    if (a.state === 'paid') o.paid += a.n;
    else if (['confirmed', 'ready_for_payout', 'payout_failed'].includes(a.state)) o.confirmed += a.n;
    else if (a.state === 'rejected') o.rejected += a.n;
    else if (['lapsed', 'reopen_requested', 'expired', 'withdrawn'].includes(a.state)) o.lapsed += a.n;
    else o.waiting += a.n;
  }
  for (const x of objections) {
    o.objections += x.n;
    if (x.status === 'upheld') o.upheld += x.n;
    else if (x.status === 'dismissed') o.dismissed += x.n;
    else o.openObjections += x.n;
  }
  return o;
}

/** What the public reads of a firm listed in an ended round. */
export const entryResult = (state: ApplicationState): string => ENTRY_RESULTS[state] ?? STATE_LABELS[state];

/**
 * 公示: a reviewer puts an item's approved applications on public display for N working days; anyone
 * may read the list without logging in. Objections to it: ObjectionService. SQL: DisclosureRepository.
 */
@Injectable()
export class DisclosureService {
  constructor(
    private readonly rounds: DisclosureRepository,
    private readonly repo: ApplicationRepository,
    private readonly calendar: CalendarRepository,
    private readonly clock: ApprovalClock,
    private readonly audit: AuditService,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
  ) {}

  async openRound(p: Principal, itemId: string, workingDays?: number): Promise<DisclosureRoundView> {
    const days = workingDays ?? this.options.disclosureWorkingDays;
    return this.rounds.transaction(async (m) => {
      const apps = await this.rounds.approvedForDisclosure(m, itemId);
      const owner = await this.rounds.itemDepartment(m, itemId);
      if (owner === null || (p.role !== 'admin' && p.departmentCode !== owner)) throw new ScopeDeniedError('ITEM', itemId);
      if (apps.length === 0) throw new DomainError('DISCLOSURE.NOTHING_TO_DISCLOSE', '该事项没有待公示的审核通过申请');
      const now = this.clock.now();
      const endsOn = (await this.calendar.calendar(m)).addWorkingDays(chinaDate(now), days);
      const id = uuid7();
      const row = await this.rounds.insertRound(m, {
        id, itemId, itemName: apps[0].item_name, departmentCode: apps[0].department_code, workingDays: days, openedAt: now, endsAt: endOfChinaDay(endsOn),
        entries: apps.length, createdBy: p.id,
      });
      const moved = await this.repo.transitionMany(m, apps.map((a) => a.id), 'approved', 'in_disclosure', {
        command: 'open_disclosure', actor: actorOf(p), outcome: 'disclosed', comment: `进入公示，公示期 ${days} 个工作日，至 ${endsOn}`,
      }, { disclosure_round_id: id }, 'id');
      await this.audit.record({ actor: p, action: 'disclosure.open', targetType: 'disclosure_round', targetId: id,
        before: { state: 'approved' }, after: { state: 'in_disclosure', count: moved.length, endsOn } }, m);
      return toRound(row);
    });
  }

  /** Rounds on public display now. */
  async openRounds(): Promise<DisclosureRoundView[]> {
    return (await this.rounds.openRounds(this.clock.now())).map(toRound);
  }

  /** A round on public display now, or 404 (objections are taken only then). */
  async liveRound(roundId: string): Promise<RoundRow> {
    const row = await this.rounds.liveRound(roundId, this.clock.now());
    if (!row) throw new DomainError('DISCLOSURE.NOT_FOUND', '公示不存在或公示期已结束', { id: roundId });
    return row;
  }

  /** The public list. Only whitelisted columns are read: no credit code, account, contact or facts. */
  async publicRound(roundId: string): Promise<DisclosureRoundView & { list: DisclosureEntry[] }> {
    const round = await this.liveRound(roundId);
    const rows = await this.rounds.publicEntries(roundId);
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
    const { rows, total } = await this.rounds.endedRounds({
      itemId: q.itemId, department: q.department,
      endsFrom: from ? new Date(`${from}T00:00:00+08:00`) : undefined, endsTo: to ? endOfChinaDay(to) : undefined,
    }, this.clock.now(), q.page, q.pageSize);
    const outcomes = await this.outcomes(rows.map((r) => r.id));
    return { items: rows.map((r) => ({ ...toRound(r), outcome: outcomes.get(r.id) ?? emptyOutcome() })), total, page: q.page, pageSize: q.pageSize };
  }

  /** One ended round: each listed firm with what became of it, and the objections with their resolution (never the objector's contact). */
  async endedRound(roundId: string): Promise<EndedRoundDetail> {
    const round = await this.rounds.endedRound(roundId, this.clock.now());
    if (!round) throw new DomainError('DISCLOSURE.NOT_FOUND', '公示不存在或尚未结束', { id: roundId });
    const list = await this.rounds.roundApplications(roundId);
    const objections = await this.rounds.roundObjections(roundId);
    const outcome = (await this.outcomes([roundId])).get(roundId) ?? emptyOutcome();
    return {
      ...toRound(round), outcome,
      list: list.map((e) => ({ enterpriseName: e.enterprise_name, itemName: e.item_name, amountFen: Number(e.amount_fen), amountText: formatMoney(Number(e.amount_fen)),
        result: entryResult(e.state) })),
      objections: objections.map((o) => ({ enterpriseName: o.enterprise_name, status: o.status, statusLabel: OBJECTION_LABELS[o.status], resolution: o.resolution,
        raisedAt: new Date(o.created_at).toISOString(), resolvedAt: o.resolved_at ? new Date(o.resolved_at).toISOString() : null })),
    };
  }

  private async outcomes(roundIds: string[]): Promise<Map<string, RoundOutcome>> {
    const { apps, objections } = await this.rounds.outcomeCounts(roundIds);
    return new Map(roundIds.map((id) => [id, tallyOutcome(apps.filter((a) => a.round_id === id), objections.filter((o) => o.round_id === id))]));
  }

  /** When a round ends (for the confirmation step). */
  roundEnd(roundId: string): Promise<Date | null> {
    return this.rounds.roundEnd(roundId);
  }
}
