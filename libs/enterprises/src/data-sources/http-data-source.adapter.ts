import { Logger } from '@nestjs/common';
import { DataSourcePort, DataSourceUnavailableError, SourcePage } from './data-source.port';

export interface HttpDataSourceOptions {
  timeoutMs?: number;
  /** Tries per pull (the first and the retries). */
  attempts?: number;
  /** First back-off; doubled after each failed try. */
  backoffMs?: number;
}

/**
 * HTTP JSON pull from the departments' data-source service: `GET <base>/sources/<source>/changes
 * ?cursor=&limit=`. A connection error, a timeout, 408, 429 or 5xx is retried with exponential
 * back-off; after the last try the pull fails and the cursor stays where it was. Other answers are
 * refused at once (a request the service will never accept).
 */
export class HttpDataSourceAdapter implements DataSourcePort {
  readonly kind = 'http' as const;
  private readonly logger = new Logger('DataSource');

  constructor(
    private readonly baseUrl: string,
    private readonly options: HttpDataSourceOptions = {},
  ) {}

  async pull(source: string, cursor: string | null, limit: number): Promise<SourcePage> {
    const url = new URL(`sources/${encodeURIComponent(source)}/changes`, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    url.searchParams.set('limit', String(limit));
    const attempts = this.options.attempts ?? 4;
    let delay = this.options.backoffMs ?? 500;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
        if (res.ok) return checkPage(await res.json());
        last = `HTTP ${res.status}`;
        if (!(res.status >= 500 || res.status === 408 || res.status === 429)) throw new Error(`data source ${source} refused the pull: ${last} ${await res.text()}`);
      } catch (err) {
        if (!(err instanceof TypeError) && (err as Error).name !== 'TimeoutError' && (err as Error).name !== 'AbortError') throw err;
        last = (err as Error).message;
      }
      if (attempt < attempts) {
        this.logger.warn(`data source ${source}: ${last}; retry ${attempt}/${attempts - 1} in ${delay} ms`);
        await new Promise((r) => setTimeout(r, delay));
        delay *= 2;
      }
    }
    throw new DataSourceUnavailableError(`data source ${source} unavailable after ${attempts} tries: ${last}`);
  }
}

function checkPage(body: unknown): SourcePage {
  const b = body as Partial<SourcePage>;
  if (!b || !Array.isArray(b.records) || (b.nextCursor !== null && typeof b.nextCursor !== 'string')) {
    throw new Error('data source answered something that is not a page of records');
  }
  return { records: b.records, nextCursor: b.nextCursor ?? null, hasMore: b.hasMore === true };
}
