import { types } from 'pg';
import type { DataSourceOptions, MixedList } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { pgliteDriver, TYPE_PARSERS } from './pglite/pglite-pool';

/** What every module contributes to the one DataSource: its entities and its migrations. */
export interface DatabaseContribution {
  entities?: MixedList<Function>;
  migrations?: Function[];
}

let pgParsersSet = false;
function setPgTypeParsers(): void {
  if (pgParsersSet) return;
  for (const [oid, parse] of Object.entries(TYPE_PARSERS)) types.setTypeParser(Number(oid), parse);
  pgParsersSet = true;
}

/**
 * TypeORM options for either PostgreSQL (`DATABASE_URL`) or PGlite under `DATA_DIR`. Both run the
 * same migrations; `synchronize` is never used.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'database'> & Partial<Pick<AppConfig, 'nodeEnv'>>,
  contribution: DatabaseContribution,
  overrides: { pgliteDataDir?: string | null; runMigrations?: boolean } = {},
): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    synchronize: false,
    migrationsRun: overrides.runMigrations ?? true,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    entities: contribution.entities ?? [],
    migrations: contribution.migrations ?? [],
    // Tests provoke refused statements on purpose (append-only tables, guards); their failures are asserted, not logged.
    logging: config.nodeEnv === 'test' ? false : (['error'] as ('error' | 'warn')[]),
  };
  if (config.database.mode === 'postgres') {
    setPgTypeParsers();
    return { ...common, url: config.database.url, extra: { max: 10 } };
  }
  const dataDir = overrides.pgliteDataDir === null ? undefined : (overrides.pgliteDataDir ?? config.database.dataDir);
  return { ...common, driver: pgliteDriver(dataDir), installExtensions: false };
}
