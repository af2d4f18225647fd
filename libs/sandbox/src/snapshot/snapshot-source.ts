import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FactRegistry } from '@app/rules';
import type { SnapshotRow } from './enterprise-snapshot';

interface RawRow extends Record<string, unknown> {
  __seq: number | string;
  __id: string;
  __updated_at: Date | string;
}

/**
 * Reads enterprise facts from PostgreSQL for the snapshot, in keyset pages ordered by `seq`, so a
 * million firms are never materialized at once. The columns come from the fact registry (the same
 * column names compileToSql uses); this is a read-only view of `enterprise.enterprises` kept in one
 * class so it can move behind an EnterprisesService method without touching the snapshot.
 */
@Injectable()
export class SnapshotSource {
  constructor(private readonly dataSource: DataSource) {}

  private selectList(registry: FactRegistry): string {
    const facts = registry.all().map((d) => (d.type === 'date' ? `"${d.column}"::text AS "${d.key}"` : `"${d.column}" AS "${d.key}"`));
    return [`seq AS "__seq"`, `id AS "__id"`, `updated_at AS "__updated_at"`, ...facts].join(', ');
  }

  /** The database clock: what `updated_at = now()` of a transaction starting now would hold. */
  async now(): Promise<Date> {
    const [{ now }]: Array<{ now: Date | string }> = await this.dataSource.query(`SELECT now() AS now`);
    return new Date(now);
  }

  /** Firms with seq > afterSeq, at most `limit`, in seq order. */
  async page(registry: FactRegistry, afterSeq: number, limit: number): Promise<SnapshotRow[]> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT ${this.selectList(registry)} FROM enterprise.enterprises WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map(toSnapshotRow);
  }

  /**
   * Firms new since `maxSeq` or changed since `changedSince`, seq > afterSeq (keyset page).
   * `updated_at` has no index today, so this is a sequential scan; see the README note.
   */
  async changes(registry: FactRegistry, maxSeq: number, changedSince: Date, afterSeq: number, limit: number): Promise<SnapshotRow[]> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT ${this.selectList(registry)} FROM enterprise.enterprises
       WHERE (seq > $1 OR updated_at > $2) AND seq > $3 ORDER BY seq LIMIT $4`,
      [maxSeq, changedSince.toISOString(), afterSeq, limit],
    );
    return rows.map(toSnapshotRow);
  }
}

function toSnapshotRow(r: RawRow): SnapshotRow {
  const { __seq, __id, __updated_at, ...profile } = r;
  return { seq: Number(__seq), id: __id, updatedAt: new Date(__updated_at), profile };
}
