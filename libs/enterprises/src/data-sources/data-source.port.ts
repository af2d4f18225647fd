/**
 * 数据共享: the one port to the other departments' shared data (市场监管 registration, 税务 tax and
 * revenue, 人社 social-insurance headcount, 科技 certificates, 信用 list). A source answers the
 * records changed after a cursor, oldest first, each with its own record id; the platform keeps the
 * cursor and asks again from there, so a page taken twice (an answer lost) changes nothing twice.
 */
export interface SharedDataRecord {
  /** The source's own id of this record (kept with the fact as its provenance). */
  id: string;
  /** 统一社会信用代码 of the firm the record is about. */
  creditCode: string;
  /** When the source changed it (ISO). */
  changedAt: string;
  /** The source's own field names and values (money in 元), mapped to facts by the source's mapping. */
  fields: Record<string, unknown>;
}

export interface SourcePage {
  records: SharedDataRecord[];
  /** Where the next pull starts; the cursor sent when nothing is new. */
  nextCursor: string | null;
  hasMore: boolean;
}

export interface DataSourcePort {
  readonly kind: 'simulated' | 'http';
  /** Records of `source` changed after `cursor` (null: from the start), at most `limit`. */
  pull(source: string, cursor: string | null, limit: number): Promise<SourcePage>;
}

export const DATA_SOURCE_PORT = Symbol('DATA_SOURCE_PORT');

/** The source did not answer (after the retries): nothing was applied, the cursor stays. */
export class DataSourceUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataSourceUnavailableError';
  }
}
