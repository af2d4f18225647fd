import type { EntityManager } from 'typeorm';
import { DomainError, formatMoney, UsersService } from '@app/core';
import type { ApplicationRow } from '../application/application.types';
import { ApprovalClock } from '../clock';
import type {
  NewPublishedResult, PublishedResultRow, PublishedResultsRepository, ResultDepartmentRow, ResultFilter, ResultMonthRow, ResultTotals, VisitMonthRow,
} from './published-results.repository';
import { PublishedResults } from './published-results.service';

/** The repository's contract in memory: it records what it is asked and answers what the test put in. */
class MemoryResults {
  inserted: NewPublishedResult[] = [];
  filters: ResultFilter[] = [];
  pages: Array<{ page: number; pageSize: number }> = [];
  visitRanges: Array<[string | null, string | null]> = [];
  visitsCounted: Array<[string, string]> = [];
  rows: PublishedResultRow[] = [];
  total = 0;
  amount: number | string = 0;
  all: ResultTotals = { items: 0, firms: 0, payments: 0, amount: 0, days: null };
  months: ResultMonthRow[] = [];
  departments: ResultDepartmentRow[] = [];
  visits: VisitMonthRow[] = [];

  async insert(_m: EntityManager, r: NewPublishedResult) {
    this.inserted.push(r);
  }
  async page(q: ResultFilter, page: number, pageSize: number) {
    this.filters.push(q);
    this.pages.push({ page, pageSize });
    return { total: this.total, amount: this.amount, rows: this.rows };
  }
  async statistics(q: ResultFilter) {
    this.filters.push(q);
    return { all: this.all, months: this.months, departments: this.departments };
  }
  async visitsByMonth(from: string | null, to: string | null) {
    this.visitRanges.push([from, to]);
    return this.visits;
  }
  async countVisit(day: string, page: string) {
    this.visitsCounted.push([day, page]);
  }
}

function setup(now = new Date('2027-05-14T17:30:00Z')) {
  const repo = new MemoryResults();
  const users = { listDepartments: async () => [{ code: 'kjj', name: '科技局' }] } as unknown as UsersService;
  const clock = { now: () => now } as ApprovalClock;
  const service = new PublishedResults(repo as unknown as PublishedResultsRepository, users, clock);
  return { repo, service };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));
const app = (over: Partial<ApplicationRow>) => ({ id: 'a1', reserved_fen: 500_000, paid_at: new Date('2027-05-14T16:30:00Z'), ...over }) as ApplicationRow;

describe('PublishedResults.publish', () => {
  it('publishes a paid application once with its reserved amount, dated on the China day the money arrived', async () => {
    const { repo, service } = setup();
    await service.publish({} as EntityManager, app({}));
    // 16:30 UTC on the 14th is 00:30 on the 15th in China
    expect(repo.inserted).toEqual([{ applicationId: 'a1', amountFen: 500_000, paidOn: '2027-05-15', publishedAt: new Date('2027-05-14T17:30:00Z') }]);
  });

  it('publishes nothing for an application not paid, or paid nothing', async () => {
    const { repo, service } = setup();
    await service.publish({} as EntityManager, app({ paid_at: null }));
    await service.publish({} as EntityManager, app({ reserved_fen: 0 }));
    expect(repo.inserted).toEqual([]);
  });
});

describe('PublishedResults.list', () => {
  it('asks for a month as its first to last day and shows each line with the department\'s name, the mode and the money in words', async () => {
    const { repo, service } = setup();
    repo.total = 2;
    repo.amount = '1500000';
    repo.rows = [
      { item_id: 'i1', item_name: '研发补贴', department_code: 'kjj', enterprise_name: '甲公司', mode: 'no_application', amount_fen: '1000000', paid_on: '2027-02-10' },
      { item_id: 'i2', item_name: '稳岗补贴', department_code: 'rsj', enterprise_name: '乙公司', mode: 'application', amount_fen: 500_000, paid_on: '2027-02-03' },
    ];
    const page = await service.list({ from: '2027-02', to: '2027-02', q: '公司', page: 2, pageSize: 10 });
    expect(repo.filters).toEqual([{ itemId: undefined, department: undefined, from: '2027-02-01', to: '2027-02-28', q: '公司' }]);
    expect(repo.pages).toEqual([{ page: 2, pageSize: 10 }]);
    expect(page).toMatchObject({ total: 2, page: 2, pageSize: 10, amountFen: 1_500_000, amountText: formatMoney(1_500_000) });
    expect(page.items[0]).toEqual({
      itemId: 'i1', itemName: '研发补贴', departmentCode: 'kjj', departmentName: '科技局', enterpriseName: '甲公司', modeLabel: '免申即享',
      amountFen: 1_000_000, amountText: formatMoney(1_000_000), paidOn: '2027-02-10',
    });
    // a department the directory does not know is shown by its code
    expect(page.items[1]).toMatchObject({ departmentName: 'rsj', modeLabel: '申请制', amountFen: 500_000 });
  });

  it('refuses a malformed or reversed period with RESULTS.INVALID_PERIOD before asking the database', async () => {
    const { repo, service } = setup();
    expect(await code(service.list({ from: '2027-13', page: 1, pageSize: 10 }))).toBe('RESULTS.INVALID_PERIOD');
    expect(await code(service.list({ from: '2027-06', to: '2027-05', page: 1, pageSize: 10 }))).toBe('RESULTS.INVALID_PERIOD');
    expect(repo.filters).toEqual([]);
  });
});

describe('PublishedResults.statistics', () => {
  it('joins payments and visits month by month (a month with visits only counts zero payments) and rounds the days to money to one decimal', async () => {
    const { repo, service } = setup();
    repo.all = { items: 2, firms: 3, payments: 4, amount: '700000', days: '12.345' };
    repo.months = [{ month: '2027-03', payments: 4, firms: 3, amount: '700000' }];
    repo.departments = [{ department_code: 'kjj', items: 2, payments: 4, firms: 3, amount: '700000', days: null }];
    repo.visits = [{ month: '2027-03', n: '5' }, { month: '2027-02', n: 7 }];
    const s = await service.statistics({ from: '2027-02', to: '2027-03-31' });
    expect(repo.visitRanges).toEqual([['2027-02-01', '2027-03-31']]);
    expect(s).toMatchObject({ from: '2027-02-01', to: '2027-03-31', items: 2, firms: 3, payments: 4, amountFen: 700_000, averageDaysToMoney: 12.3, visits: 12 });
    expect(s.byMonth).toEqual([
      { month: '2027-02', payments: 0, firms: 0, amountFen: 0, amountText: formatMoney(0), visits: 7 },
      { month: '2027-03', payments: 4, firms: 3, amountFen: 700_000, amountText: formatMoney(700_000), visits: 5 },
    ]);
    expect(s.byDepartment).toEqual([
      { departmentCode: 'kjj', departmentName: '科技局', items: 2, payments: 4, firms: 3, amountFen: 700_000, amountText: formatMoney(700_000), averageDaysToMoney: null },
    ]);
  });

  it('refuses a reversed period before asking the database', async () => {
    const { repo, service } = setup();
    expect(await code(service.statistics({ from: '2027-06-02', to: '2027-06-01' }))).toBe('RESULTS.INVALID_PERIOD');
    expect(repo.filters).toEqual([]);
    expect(repo.visitRanges).toEqual([]);
  });
});

describe('PublishedResults.countVisit', () => {
  it('counts the visit on the China day', async () => {
    const { repo, service } = setup(new Date('2027-12-31T16:00:00Z'));
    await service.countVisit('results');
    expect(repo.visitsCounted).toEqual([['2028-01-01', 'results']]);
  });
});
