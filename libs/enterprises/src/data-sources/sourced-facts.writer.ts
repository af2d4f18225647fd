import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxService } from '@app/core';
import { AnyNewEvent, EventNames } from '@app/contracts';
import { EnterpriseRepository, FACT_COLUMNS } from '../enterprise/enterprise.repository';
import { ChangeAuthor, EnterpriseFacts, FACT_KEYS, FactProvenance } from '../enterprise/enterprise.types';
import type { StageClock } from './sync-timings';

/** One firm's facts as a data source (or an accepted correction) leaves them. */
export interface SourcedChange {
  enterpriseId: string;
  /** The firm's version before the write. */
  version: number;
  after: EnterpriseFacts;
  /** Facts whose value changed (empty: the source confirmed the values; only the provenance moves). */
  changed: string[];
  /** Provenance of every fact the source wrote (changed or confirmed). */
  provenance: Record<string, FactProvenance>;
}

const COLUMN_TYPES: Record<keyof EnterpriseFacts, string> = {
  name: 'text', districtCode: 'text', industryCode: 'text', scale: 'text', establishedOn: 'date', registeredCapital: 'bigint',
  employees: 'integer', revenue: 'bigint', taxPaid: 'bigint', rdExpense: 'bigint', exports: 'bigint', rdIntensity: 'float8',
  revenueGrowth: 'float8', tags: 'text[]', creditStatus: 'text', isListed: 'boolean',
};

/** Firms changed together travel as `enterprise.batch_changed` events of up to 5,000 firms each. */
const CHANGED_PER_EVENT = 5000;

/**
 * Writes what a data source (or an accepted correction) says about many firms in one statement:
 * the facts, the provenance per fact, a new profile version with its provenance for each firm whose
 * values changed, and the change events that re-match them (the existing profile-change path). A
 * fact the source writes no longer counts as a hand change. In the caller's transaction.
 */
@Injectable()
export class SourcedFactsWriter {
  constructor(
    private readonly repo: EnterpriseRepository,
    private readonly outbox: OutboxService,
  ) {}

  async write(m: EntityManager, changes: SourcedChange[], author: ChangeAuthor, reason: string, events: 'batch' | 'single' = 'batch', clock?: StageClock): Promise<void> {
    if (changes.length === 0) return;
    // Only the columns the source wrote (its provenance names them): the rest of each profile stays untouched.
    const written = new Set(changes.flatMap((c) => Object.keys(c.provenance)));
    const keys = FACT_KEYS.filter((k) => written.has(k));
    if (keys.length === 0) return;
    // The versions first: their foreign-key checks then find each firm's row already locked by this
    // transaction (FOR UPDATE, a stronger lock) and change nothing; after the UPDATE every check would
    // lock the row version this transaction just wrote (a heap write and a WAL record per firm).
    const changed = changes.filter((c) => c.changed.length > 0);
    await this.repo.insertVersions(
      m,
      changed.map((c) => ({ enterpriseId: c.enterpriseId, version: c.version + 1, facts: c.after, changed: c.changed, provenance: c.provenance })),
      author,
      reason,
    );
    clock?.lap('versions');
    await this.updateFacts(m, changes, keys);
    clock?.lap('facts');
    const payloads = changed.map((c) => ({ enterpriseId: c.enterpriseId, version: c.version + 1, changedFacts: c.changed }));
    const out: AnyNewEvent[] = [];
    if (events === 'single') {
      for (const p of payloads) out.push({ name: EventNames.EnterpriseProfileChanged, aggregateType: 'enterprise', aggregateId: p.enterpriseId, payload: p });
    } else {
      for (let i = 0; i < payloads.length; i += CHANGED_PER_EVENT) {
        const part = payloads.slice(i, i + CHANGED_PER_EVENT);
        out.push({ name: EventNames.EnterprisesChanged, aggregateType: 'enterprise', aggregateId: part[0].enterpriseId, payload: { changes: part } });
      }
    }
    if (out.length) await this.outbox.appendMany(m, out);
    clock?.lap('events');
  }

  /**
   * One UPDATE for all the firms: the facts the source wrote, the provenance merged per fact, those
   * facts no longer hand changes, and version/updated_at/digest moved only for firms whose values
   * changed. The rows travel as one JSON document (jsonb_to_recordset, as the match writes do): V8
   * writes it natively and the server parses one value, where parameter arrays cost the driver an
   * escaping pass per element and the server an array and a jsonb parse per column.
   */
  private async updateFacts(m: EntityManager, changes: SourcedChange[], keys: Array<keyof EnterpriseFacts>): Promise<void> {
    const sets = keys.map((k) => `${FACT_COLUMNS[k]} = s.${FACT_COLUMNS[k]}`).join(', ');
    const doc = JSON.stringify(
      changes.map((c) => {
        const row: Record<string, unknown> = { id: c.enterpriseId, prov: c.provenance, keys: Object.keys(c.provenance), bump: c.changed.length > 0 };
        for (const k of keys) row[FACT_COLUMNS[k]] = c.after[k];
        return row;
      }),
    );
    await m.query(
      `UPDATE enterprise.enterprises e SET ${sets},
         fact_sources = e.fact_sources || s.prov,
         manual_facts = e.manual_facts - s.keys,
         version = e.version + CASE WHEN s.bump THEN 1 ELSE 0 END,
         updated_at = CASE WHEN s.bump THEN now() ELSE e.updated_at END,
         content_digest = CASE WHEN s.bump THEN 'sourced:' || md5(random()::text) ELSE e.content_digest END
       FROM jsonb_to_recordset($1::jsonb) AS s(${keys.map((k) => `${FACT_COLUMNS[k]} ${COLUMN_TYPES[k]}`).join(', ')}, id uuid, prov jsonb, keys text[], bump boolean)
       WHERE e.id = s.id`,
      [doc],
    );
  }
}
