import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { PGlite as PGliteType, Results } from '@electric-sql/pglite';

/**
 * A `pg.Pool`-shaped front for one PGlite instance, handed to TypeORM's postgres driver.
 *
 * PGlite is a single connection. typeorm-pglite shares it between all query runners, so two
 * concurrent transactions interleave their statements on one session — a rollback in one undoes
 * the other's writes. Here `connect()` hands out the connection exclusively (a FIFO mutex) until
 * the query runner releases it: transactions are serialized, as on a pool of size one.
 */
interface PoolOptions {
  dataDir?: string;
}

type Parsers = Record<number, (value: string) => unknown>;

/** Parse int8 as number (fen fits in 2^53) and dates as plain 'YYYY-MM-DD' strings, as pg does here. */
export const TYPE_PARSERS: Parsers = {
  20: (v) => Number(v),
  1082: (v) => v,
};

const instances = new Map<string, Promise<PGliteType>>();

async function open(dataDir: string | undefined): Promise<PGliteType> {
  const key = dataDir ?? 'memory://';
  let p = instances.get(key);
  if (!p) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    p = PGlite.create(dataDir, { parsers: TYPE_PARSERS });
    instances.set(key, p);
  }
  return p;
}

async function close(dataDir: string | undefined): Promise<void> {
  const key = dataDir ?? 'memory://';
  const p = instances.get(key);
  instances.delete(key);
  if (p) await (await p).close();
}

class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGliteType) {
    super();
  }

  async query(sql: string, params?: unknown[] | ((err: Error | null, res: unknown) => void), cb?: (err: Error | null, res: unknown) => void) {
    if (typeof params === 'function') {
      cb = params;
      params = undefined;
    }
    try {
      const hasParams = Array.isArray(params) && params.length > 0;
      const result: Results = hasParams
        ? await this.db.query(sql, params as unknown[])
        : ((await this.db.exec(sql)).at(-1) ?? { rows: [], fields: [] });
      const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
      const shaped = { ...result, command, rowCount: result.affectedRows ?? result.rows.length };
      cb?.(null, shaped);
      return shaped;
    } catch (err) {
      cb?.(err as Error, null);
      throw err;
    }
  }

  /** `COPY … FROM STDIN` with its rows in COPY's text format: PGlite reads them from a blob. */
  async copyFromText(sql: string, text: string): Promise<void> {
    await this.db.query(sql.replace(/FROM STDIN\s*$/i, `FROM '/dev/blob'`), [], { blob: new Blob([text]) });
  }

  release(): void {
    /* released through the pool's done callback */
  }
}

export class ExclusivePGlitePool extends EventEmitter {
  private readonly dataDir: string | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: PoolOptions = {}) {
    super();
    this.dataDir = options.dataDir;
  }

  connect(callback: (err: Error | null, client: PGliteClient | null, done: () => void) => void): void {
    let release!: () => void;
    const turn = new Promise<void>((r) => (release = r));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    previous
      .then(() => open(this.dataDir))
      .then(
        (db) => {
          let released = false;
          callback(null, new PGliteClient(db), () => {
            if (!released) {
              released = true;
              release();
            }
          });
        },
        (err: Error) => {
          release();
          callback(err, null, () => undefined);
        },
      );
  }

  end(cb?: (err: Error | null) => void): void {
    this.queue.then(() => close(this.dataDir)).then(() => cb?.(null), (e: Error) => cb?.(e));
  }
}

/** The object TypeORM takes as `driver` (it calls `new driver.Pool(options)`). */
export function pgliteDriver(dataDir: string | undefined) {
  return {
    Pool: class extends ExclusivePGlitePool {
      constructor() {
        super({ dataDir });
      }
    },
  };
}
