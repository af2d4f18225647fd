import type { EntityManager } from 'typeorm';
import { AuditService, DomainError, Principal } from '@app/core';
import type { EnterprisesService } from '@app/enterprises';
import type { DishonestEntryInsert, DishonestListRepository } from './dishonest-list.repository';
import { DishonestListService } from './dishonest-list.service';

/** approval.dishonest_list in memory: (credit code, source, listed from) is unique. */
class MemoryList {
  rows: DishonestEntryInsert[] = [];
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work({} as EntityManager);
  }
  async insert(_m: EntityManager, r: DishonestEntryInsert) {
    if (this.rows.some((x) => x.creditCode === r.creditCode && x.source === r.source && x.listedFrom === r.listedFrom)) return false;
    this.rows.push(r);
    return true;
  }
  async page() {
    return { items: [], total: this.rows.length };
  }
}

const KNOWN = '91350100M000100Y43';
const UNKNOWN = '91440300708461136T';
const admin: Principal = { id: 'u-adm', username: 'a', displayName: '管理', role: 'admin', departmentCode: null, enterpriseId: null };
const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

function setup() {
  const repo = new MemoryList();
  const enterprises = {
    list: async ({ q }: { q: string }) => ({ items: q === KNOWN ? [{ id: 'e1', creditCode: KNOWN }] : [] }),
  } as unknown as EnterprisesService;
  const audits: unknown[] = [];
  const audit = { record: async (e: unknown) => { audits.push(e); } } as unknown as AuditService;
  return { repo, audits, service: new DishonestListService(repo as unknown as DishonestListRepository, enterprises, audit) };
}

describe('DishonestListService.importCsv', () => {
  it('imports each entry once, links known firms, counts the firms not on the platform, and audits the import', async () => {
    const { repo, audits, service } = setup();
    const csv = `creditCode,source,listedFrom,listedTo\n${KNOWN},信用中国,2027-01-01,\n${UNKNOWN},法院,2027-02-01,2027-12-31\n`;
    expect(await service.importCsv(admin, csv)).toEqual({ imported: 2, unchanged: 0, unknownFirms: 1, errors: [] });
    expect(repo.rows.map((r) => [r.creditCode, r.enterpriseId, r.listedTo])).toEqual([[KNOWN, 'e1', null], [UNKNOWN, null, '2027-12-31']]);
    expect(audits).toHaveLength(1);
    expect(await service.importCsv(admin, csv)).toMatchObject({ imported: 0, unchanged: 2 });
  });

  it('refuses the whole list when any row is wrong, naming row and field, and writes nothing', async () => {
    const { repo, service } = setup();
    const csv = `creditCode,source,listedFrom,listedTo\n${KNOWN},信用中国,2027-01-01,\n123,,2027-13-01,2026-01-01\n`;
    const err = await service.importCsv(admin, csv).catch((e: DomainError) => e);
    expect(err).toMatchObject({ code: 'CREDIT_LIST.INVALID' });
    const fields = ((err as DomainError).details as { errors: Array<{ row: number; field: string }> }).errors.map((e) => `${e.row}:${e.field}`);
    expect(fields).toEqual(['3:creditCode', '3:source', '3:listedFrom', '3:listedTo']);
    expect(repo.rows).toEqual([]);
  });

  it('refuses an empty list', async () => {
    const { service } = setup();
    expect(await code(service.importCsv(admin, 'creditCode,source,listedFrom\n'))).toBe('CREDIT_LIST.EMPTY');
  });
});
