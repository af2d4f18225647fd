import type { DataSourcePort, SourcePage, SharedDataRecord } from '../data-source.port';

/** Faults the simulated sources can play: the next N pulls answer 503 (over HTTP) or throw. */
export interface SourceFaults {
  failNext?: number;
}

export class SimulatedSourceFailure extends Error {}

/**
 * The departments' data sources, simulated (like the simulated treasury): an in-process store of
 * records per source, in change order. The cursor is the position of the last record taken.
 * Used by the embedded platform, the demo and the tests, in-process or behind its HTTP server.
 */
export class SimulatedSources {
  private readonly bySource = new Map<string, SharedDataRecord[]>();
  private faults: SourceFaults = {};
  private seq = 0;

  /** Adds changed records to a source (a record without id gets one); returns them as stored. */
  publish(source: string, records: Array<Omit<SharedDataRecord, 'id' | 'changedAt'> & { id?: string; changedAt?: string }>): SharedDataRecord[] {
    const list = this.bySource.get(source) ?? [];
    this.bySource.set(source, list);
    const stored = records.map((r) => ({ ...r, id: r.id ?? `${source}-${++this.seq}`, changedAt: r.changedAt ?? new Date().toISOString() }) as SharedDataRecord);
    list.push(...stored);
    return stored;
  }

  setFaults(f: SourceFaults): void {
    this.faults = { ...f };
  }

  /** Consumes one planned failure, if any. */
  takeFault(): boolean {
    if (!this.faults.failNext) return false;
    this.faults.failNext--;
    return true;
  }

  pull(source: string, cursor: string | null, limit: number): SourcePage {
    const list = this.bySource.get(source) ?? [];
    const from = cursor === null ? 0 : Number(cursor);
    if (!Number.isInteger(from) || from < 0) throw new RangeError(`bad cursor ${cursor}`);
    const records = list.slice(from, from + limit);
    const next = from + records.length;
    return { records, nextCursor: String(next), hasMore: next < list.length };
  }

  count(source: string): number {
    return this.bySource.get(source)?.length ?? 0;
  }
}

/** The in-process adapter over the simulated sources (embedded mode, unit and integration tests). */
export class InProcessDataSourceAdapter implements DataSourcePort {
  readonly kind = 'simulated' as const;

  constructor(readonly sources: SimulatedSources) {}

  async pull(source: string, cursor: string | null, limit: number): Promise<SourcePage> {
    if (this.sources.takeFault()) throw new SimulatedSourceFailure('simulated source failure');
    return this.sources.pull(source, cursor, limit);
  }
}
