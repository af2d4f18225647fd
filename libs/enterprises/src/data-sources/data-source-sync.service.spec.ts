import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig, AuditService } from '@app/core';
import type { EnterpriseRepository } from '../enterprise/enterprise.repository';
import type { DataSourceCursorsRepository, RejectionInput } from './data-source-cursors.repository';
import type { DataSourcePort, SourcePage } from './data-source.port';
import { DataSourceSyncService } from './data-source-sync.service';
import type { SourcedFactsWriter } from './sourced-facts.writer';

/** The cursor bookkeeping in memory: where each source stands, what it refused, the errors noted. */
class MemoryCursors {
  readonly cursors = new Map<string, string | null>();
  readonly errors = new Map<string, string>();
  readonly rejections: RejectionInput[] = [];
  advanced = 0;
  async allCursors() {
    return [...this.cursors].map(([source, cursor]) => ({ source, cursor, applied: '0', rejected: '0', last_pulled_at: null, last_error: this.errors.get(source) ?? null }));
  }
  async cursorOf(code: string) {
    return this.cursors.get(code) ?? null;
  }
  async notePulled(code: string, cursor: string | null) {
    this.cursors.set(code, cursor);
    this.errors.delete(code);
  }
  async noteError(code: string, message: string) {
    this.errors.set(code, message);
  }
  async rejectionsPage() {
    return { items: [], total: 0 };
  }
  async lockCursor(_m: EntityManager, code: string) {
    return this.cursors.get(code) ?? null;
  }
  async recordRejections(_m: EntityManager, _code: string, _at: Date, r: RejectionInput[]) {
    this.rejections.push(...r);
  }
  async advance(_m: EntityManager, code: string, next: string | null) {
    this.cursors.set(code, next);
    this.advanced++;
  }
}

/** A source answering the pages it was given, in order, and recording where each pull started. */
class ScriptedSource implements DataSourcePort {
  readonly kind = 'simulated' as const;
  readonly pulls: Array<string | null> = [];
  constructor(private readonly pages: Array<SourcePage | Error>) {}
  async pull(_source: string, cursor: string | null): Promise<SourcePage> {
    this.pulls.push(cursor);
    const next = this.pages.shift() ?? { records: [], nextCursor: cursor, hasMore: false };
    if (next instanceof Error) throw next;
    return next;
  }
}

function setup(pages: Array<SourcePage | Error>) {
  const cursors = new MemoryCursors();
  const writes: unknown[] = [];
  const audits: unknown[] = [];
  const dataSource = { transaction: async <T>(work: (m: EntityManager) => Promise<T>) => work({} as EntityManager) } as unknown as DataSource;
  const repo = { lockFactsByCreditCodes: async () => [], unknownTagCodes: async () => [] } as unknown as EnterpriseRepository;
  const writer = { write: async (_m: unknown, changes: unknown[]) => void writes.push(...changes) } as unknown as SourcedFactsWriter;
  const audit = { record: async (e: unknown) => void audits.push(e) } as unknown as AuditService;
  const source = new ScriptedSource(pages);
  const config = { dataSources: { url: null, syncSeconds: 0, mappings: null } } as unknown as AppConfig;
  const service = new DataSourceSyncService(dataSource, cursors as unknown as DataSourceCursorsRepository, repo, writer, audit, source, config);
  return { service, cursors, source, writes, audits };
}

describe('DataSourceSyncService (over an in-memory cursor store and a scripted source)', () => {
  it('an unknown source is a coded 404, nothing pulled', async () => {
    const { service, source } = setup([]);
    await expect(service.sync('nope')).rejects.toMatchObject({ code: 'DATA_SOURCE.NOT_FOUND' });
    expect(source.pulls).toEqual([]);
  });

  it('a source with nothing new notes the pull and keeps its cursor', async () => {
    const { service, cursors, source } = setup([{ records: [], nextCursor: 'c0', hasMore: false }]);
    cursors.cursors.set('tax', 'c0');
    const r = await service.sync('tax');
    expect(r).toMatchObject({ source: 'tax', pages: 0, records: 0, cursor: 'c0' });
    expect(source.pulls).toEqual(['c0']);
    expect(cursors.cursors.get('tax')).toBe('c0');
  });

  it('a source that does not answer: the error is noted, the cursor stays, the caller hears it', async () => {
    const { service, cursors } = setup([new Error('连接超时')]);
    cursors.cursors.set('tax', 'c7');
    await expect(service.sync('tax')).rejects.toThrow('连接超时');
    expect(cursors.errors.get('tax')).toBe('连接超时');
    expect(cursors.cursors.get('tax')).toBe('c7');
  });

  it('refused records (an unknown firm, an unmapped field) are kept as rejections and the cursor moves past the page, audited', async () => {
    const { service, cursors, writes, audits } = setup([
      {
        records: [
          { id: 'r1', creditCode: '91410100MA00000000', changedAt: '2026-12-01T00:00:00Z', fields: { yysr: 100 } },
          { id: 'r2', creditCode: '91410100MA00000001', changedAt: '2026-12-01T00:00:00Z', fields: { unknown_field: 1 } },
        ],
        nextCursor: 'c1',
        hasMore: false,
      },
    ]);
    const r = await service.sync('tax');
    expect(r).toMatchObject({ pages: 1, records: 2, rejected: 2, changed: 0, cursor: 'c1' });
    expect(cursors.rejections.map((x) => x.recordId).sort()).toEqual(['r1', 'r2']);
    expect(cursors.rejections.every((x) => x.code.startsWith('DATA_SOURCE.'))).toBe(true);
    expect(cursors.cursors.get('tax')).toBe('c1');
    expect(writes).toEqual([]);
    expect(audits).toHaveLength(1);
  });

  it('a page whose cursor another worker has moved writes nothing', async () => {
    const { service, cursors, writes, audits } = setup([]);
    cursors.cursors.set('tax', 'moved-on');
    const r = await service.applyPage(service.source('tax'), [{ id: 'r1', creditCode: 'x', fields: {} } as never], new Date(), 'c0', 'c1');
    expect(r).toEqual({ records: 0, changed: 0, confirmed: 0, rejected: 0 });
    expect(cursors.advanced).toBe(0);
    expect(cursors.rejections).toEqual([]);
    expect(writes).toEqual([]);
    expect(audits).toEqual([]);
  });
});
