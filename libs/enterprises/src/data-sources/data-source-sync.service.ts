import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService, DomainError, fenToYuanText, Page, Principal } from '@app/core';
import { normalizeCreditCode } from '../credit-code/credit-code';
import { changedFacts, EnterpriseFactsRow, EnterpriseRepository, factsOf } from '../enterprise/enterprise.repository';
import { EnterpriseFacts, FactProvenance } from '../enterprise/enterprise.types';
import { parseEnterpriseRecord } from '../enterprise/enterprise.validation';
import { DataSourceCursorsRepository, RejectionView } from './data-source-cursors.repository';
import { DataSourceDefinition } from './data-source.catalogue';
import { DATA_SOURCE_PORT, DataSourcePort, SharedDataRecord, SourcePage } from './data-source.port';
import { mapSourceRecord, RecordRefusal, resolveSources } from './field-mapping';
import { SourcedChange, SourcedFactsWriter } from './sourced-facts.writer';
import { StageClock, SyncPageTimings } from './sync-timings';

export interface SyncPageResult {
  records: number;
  /** Firms whose values changed (a new profile version each, re-matched). */
  changed: number;
  /** Firms whose values the source confirmed (provenance only). */
  confirmed: number;
  rejected: number;
}

export interface SyncResult extends SyncPageResult {
  source: string;
  pages: number;
  cursor: string | null;
}

export interface DataSourceStatus {
  code: string;
  name: string;
  department: string;
  departmentName: string;
  mapping: Record<string, string>;
  cursor: string | null;
  applied: number;
  rejected: number;
  lastPulledAt: string | null;
  lastError: string | null;
}

interface FirmState {
  row: EnterpriseFactsRow;
  record: Record<string, unknown>;
  parsed: EnterpriseFacts | null;
  touched: Set<keyof EnterpriseFacts>;
  records: number;
  provenance: Record<string, FactProvenance>;
}

const PAGE_SIZE = 5000;

/** The import's validation; a value of a shape it never expects (an object from a source) is an invalid value, never a failed page. */
function safeParse(record: Record<string, unknown>): ReturnType<typeof parseEnterpriseRecord> {
  try {
    return parseEnterpriseRecord(record);
  } catch (err) {
    return { ok: false, errors: [{ column: '*', code: 'DATA_SOURCE.INVALID_VALUE', message: `取值无法识别：${(err as Error).message}` }] };
  }
}
const MONEY_FEEDING_INTENSITY = ['revenue', 'rdExpense'] as const;
const yuanOf = (fen: number | null): string | null => (fen === null || fen === undefined ? null : fenToYuanText(Number(fen)));

/**
 * 数据共享: pulls each department's data source incrementally by its cursor and applies the changed
 * records to the profiles — a page per transaction: the facts with their provenance, a profile
 * version and the change events that re-match the firms, the refused records (unknown field,
 * unknown firm, invalid value: that record writes nothing) and the new cursor, audited.
 */
@Injectable()
export class DataSourceSyncService {
  private readonly logger = new Logger('DataSourceSync');
  readonly sources: Map<string, DataSourceDefinition>;
  private readonly running = new Set<string>();
  /** Set (by the benchmark) to learn where each page's time goes. */
  onPageTimed: ((t: SyncPageTimings) => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cursors: DataSourceCursorsRepository,
    private readonly repo: EnterpriseRepository,
    private readonly writer: SourcedFactsWriter,
    private readonly audit: AuditService,
    @Inject(DATA_SOURCE_PORT) private readonly port: DataSourcePort,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.sources = resolveSources(config.dataSources.mappings);
  }

  source(code: string): DataSourceDefinition {
    const s = this.sources.get(code);
    if (!s) throw new DomainError('DATA_SOURCE.NOT_FOUND', '数据来源不存在', { source: code });
    return s;
  }

  async status(): Promise<DataSourceStatus[]> {
    const rows = await this.cursors.allCursors();
    const by = new Map(rows.map((r) => [r.source, r]));
    return [...this.sources.values()].map((s) => {
      const r = by.get(s.code);
      return {
        code: s.code, name: s.name, department: s.department, departmentName: s.departmentName, mapping: s.mapping,
        cursor: r?.cursor ?? null, applied: Number(r?.applied ?? 0), rejected: Number(r?.rejected ?? 0),
        lastPulledAt: r?.last_pulled_at ? new Date(r.last_pulled_at).toISOString() : null, lastError: r?.last_error ?? null,
      };
    });
  }

  /** Every source once (the schedule); a failing source is logged and the others still run. */
  async syncAll(): Promise<SyncResult[]> {
    const out: SyncResult[] = [];
    for (const code of this.sources.keys()) {
      try {
        out.push(await this.sync(code));
      } catch (err) {
        this.logger.warn(`data source ${code}: ${(err as Error).message}`);
      }
    }
    return out;
  }

  /**
   * Pulls one source from its cursor until nothing is new. While a page is written the next one is
   * already being pulled (one page ahead, never more); the cursor still moves only with a written
   * page, in its transaction, so a crash or a failed write never skips a record — a page pulled
   * ahead and not written is simply pulled again. A run already under way in this process answers
   * its empty result.
   */
  async sync(code: string, actor: Principal | null = null): Promise<SyncResult> {
    const def = this.source(code);
    const total: SyncResult = { source: code, pages: 0, records: 0, changed: 0, confirmed: 0, rejected: 0, cursor: null };
    if (this.running.has(code)) return total;
    this.running.add(code);
    try {
      let cursor = await this.cursorOf(code);
      let next = this.pullAhead(code, cursor);
      for (;;) {
        total.cursor = cursor;
        const waitStarted = performance.now();
        const pulled = await next;
        const pullWaitMs = performance.now() - waitStarted;
        if (!pulled.ok) {
          await this.noteError(code, pulled.error.message);
          throw pulled.error;
        }
        const { page, fetchedAt } = pulled;
        if (page.records.length === 0) {
          await this.notePulled(code, page.nextCursor ?? cursor);
          break;
        }
        // The next page is pulled from where this one ends, while this one is written.
        if (page.hasMore) next = this.pullAhead(code, page.nextCursor);
        const clock = this.onPageTimed ? new StageClock() : undefined;
        const started = performance.now();
        const r = await this.applyPage(def, page.records, fetchedAt, cursor, page.nextCursor, actor, clock);
        if (clock) this.onPageTimed?.({ source: code, page: total.pages + 1, records: page.records.length, pullWaitMs, stages: clock.stages, totalMs: performance.now() - started });
        total.pages++;
        total.records += r.records;
        total.changed += r.changed;
        total.confirmed += r.confirmed;
        total.rejected += r.rejected;
        total.cursor = page.nextCursor;
        if (!page.hasMore) break;
        if (r.records === 0) {
          // Another worker had moved the cursor: the page pulled ahead may not start where it stands now.
          cursor = await this.cursorOf(code);
          next = this.pullAhead(code, cursor);
        } else {
          cursor = page.nextCursor;
        }
      }
      return total;
    } finally {
      this.running.delete(code);
    }
  }

  /** A pull that never rejects (a page pulled ahead and then not needed must not surface as an unhandled rejection). */
  private pullAhead(code: string, cursor: string | null): Promise<{ ok: true; page: SourcePage; fetchedAt: Date } | { ok: false; error: Error }> {
    return this.port.pull(code, cursor, PAGE_SIZE).then(
      (page) => ({ ok: true as const, page, fetchedAt: new Date() }),
      (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }

  async rejections(code: string | undefined, page: number, pageSize: number): Promise<Page<RejectionView>> {
    const { items, total } = await this.cursors.rejectionsPage(code, page, pageSize);
    return { items, total, page, pageSize };
  }

  private cursorOf(code: string): Promise<string | null> {
    return this.cursors.cursorOf(code);
  }

  private notePulled(code: string, cursor: string | null): Promise<void> {
    return this.cursors.notePulled(code, cursor);
  }

  private noteError(code: string, message: string): Promise<void> {
    return this.cursors.noteError(code, message);
  }

  /**
   * Applies one page of a source's records, pulled from `cursor`, in one transaction. If another
   * worker moved the cursor meanwhile, the page was applied there and nothing happens here.
   */
  async applyPage(
    def: DataSourceDefinition, records: SharedDataRecord[], fetchedAt: Date, cursor: string | null, nextCursor: string | null, actor: Principal | null = null, clock?: StageClock,
  ): Promise<SyncPageResult> {
    const result = await this.dataSource.transaction(async (m) => {
      clock?.lap('begin');
      const held = await this.cursors.lockCursor(m, def.code);
      clock?.lap('cursor');
      if (held !== cursor) return { records: 0, changed: 0, confirmed: 0, rejected: 0 };
      const { changes, refusals } = await this.prepare(m, def, records, fetchedAt, clock);
      await this.writer.write(m, changes, { kind: 'source', id: actor?.id ?? null, name: def.name, role: actor?.role ?? null, department: def.department }, `数据共享：${def.name}`, 'batch', clock);
      await this.cursors.recordRejections(
        m, def.code, fetchedAt,
        refusals.map((r) => ({
          recordId: String(r.record?.id ?? ''),
          creditCode: typeof r.record?.creditCode === 'string' ? r.record.creditCode.slice(0, 40) : null,
          code: r.refusal.code, message: r.refusal.message, details: r.refusal.details ?? null,
        })),
      );
      await this.cursors.advance(m, def.code, nextCursor, records.length - refusals.length, refusals.length, fetchedAt);
      const changed = changes.filter((c) => c.changed.length > 0).length;
      const result = { records: records.length, changed, confirmed: changes.length - changed, rejected: refusals.length };
      await this.audit.record(
        { actor, action: 'enterprise.source_sync', targetType: 'data_source', targetId: def.code, details: { ...result, cursor, nextCursor, fetchedAt: fetchedAt.toISOString() } },
        m,
      );
      clock?.lap('bookkeeping');
      return result;
    });
    clock?.lap('commit');
    return result;
  }

  /** Each record through the mapping and the profile's validation, in order; a refused record leaves the firm as the previous ones left it. */
  private async prepare(m: EntityManager, def: DataSourceDefinition, records: SharedDataRecord[], fetchedAt: Date, clock?: StageClock) {
    const refusals: Array<{ record: SharedDataRecord; refusal: RecordRefusal }> = [];
    const mapped: Array<{ record: SharedDataRecord; code: string; value: ReturnType<typeof mapSourceRecord> & { ok: true } }> = [];
    for (const record of records) {
      const r = mapSourceRecord(def.mapping, record);
      if (!r.ok) refusals.push({ record, refusal: r.refusal });
      else mapped.push({ record, code: normalizeCreditCode(record.creditCode), value: r });
    }
    const codes = [...new Set(mapped.map((x) => x.code))];
    clock?.lap('map');
    const rows = codes.length ? await this.repo.lockFactsByCreditCodes(m, codes) : [];
    const byCode = new Map(rows.map((r) => [r.credit_code, r]));
    const unknownTags = new Set(await this.repo.unknownTagCodes([...new Set(mapped.flatMap((x) => x.value.value.tagsOn))], m));
    clock?.lap('lock');
    const firms = new Map<string, FirmState>();
    const at = fetchedAt.toISOString();
    for (const { record, code, value } of mapped) {
      const row = byCode.get(code);
      if (!row) {
        refusals.push({ record, refusal: { code: 'DATA_SOURCE.UNKNOWN_ENTERPRISE', message: `平台中没有统一社会信用代码为 ${code.slice(0, 18)} 的企业` } });
        continue;
      }
      const { values, tagsOn, tagsOff } = value.value;
      const badTags = tagsOn.filter((t) => unknownTags.has(t));
      if (badTags.length) {
        refusals.push({ record, refusal: { code: 'DATA_SOURCE.INVALID_VALUE', message: `标签库中没有这些标签：${badTags.join('、')}`, details: { tags: badTags } } });
        continue;
      }
      let st = firms.get(row.id);
      if (!st) {
        // Only what the source writes is validated (with the identification the parser needs): the rest of the profile stands as it is.
        st = { row, record: { creditCode: row.credit_code, name: row.name }, parsed: null, touched: new Set(), records: 0, provenance: {} };
        firms.set(row.id, st);
      }
      const candidate: Record<string, unknown> = { ...st.record, ...values };
      const derivesIntensity = MONEY_FEEDING_INTENSITY.some((k) => k in values) && !('rdIntensity' in values);
      if (derivesIntensity) {
        // 研发投入强度 follows revenue and R&D: derived again from the new figure and the other one on the profile (in 元, as currentAsRecord gives it)
        for (const k of MONEY_FEEDING_INTENSITY) if (!(k in candidate)) candidate[k] = yuanOf(k === 'revenue' ? row.revenue : row.rd_expense);
        candidate.rdIntensity = null;
      }
      if (tagsOn.length || tagsOff.length) {
        const tags = new Set((candidate.tags as string[] | undefined) ?? row.tags ?? []);
        for (const t of tagsOn) tags.add(t);
        for (const t of tagsOff) tags.delete(t);
        candidate.tags = [...tags].sort();
      }
      const parsed = safeParse(candidate);
      if (!parsed.ok) {
        refusals.push({ record, refusal: { code: 'DATA_SOURCE.INVALID_VALUE', message: parsed.errors.map((e) => e.message).join('；'), details: { errors: parsed.errors } } });
        continue;
      }
      if (derivesIntensity) candidate.rdIntensity = parsed.value.rdIntensity;
      st.record = candidate;
      st.parsed = parsed.value;
      st.records++;
      const written = Object.keys(values) as Array<keyof EnterpriseFacts>;
      if (tagsOn.length || tagsOff.length) written.push('tags');
      if (derivesIntensity) written.push('rdIntensity');
      for (const k of written) {
        st.touched.add(k);
        st.provenance[k] = { via: 'source', source: def.code, sourceName: def.name, recordId: record.id, fetchedAt: at, version: 0 };
      }
    }
    const changes: SourcedChange[] = [];
    for (const st of firms.values()) {
      if (!st.parsed) continue;
      const before = factsOf(st.row);
      const after: EnterpriseFacts = { ...before };
      for (const k of st.touched) (after as unknown as Record<string, unknown>)[k] = k === 'tags' ? [...st.parsed.tags].sort() : st.parsed[k];
      const changed = changedFacts(before, after, st.touched);
      const version = changed.length ? st.row.version + 1 : st.row.version;
      for (const p of Object.values(st.provenance)) p.version = version;
      changes.push({ enterpriseId: st.row.id, version: st.row.version, after, changed, provenance: st.provenance });
    }
    clock?.lap('validate');
    return { changes, refusals };
  }
}
