import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DatabaseContribution, dataSourceOptions } from './data-source.factory';

/** Any fixed number: the advisory lock that lets one process at a time run migrations. */
const MIGRATION_LOCK = 7_001_002;

/**
 * Runs the pending migrations while holding a PostgreSQL advisory lock, so several apps starting
 * together against one database (platform, centres, workers) never run the same migration twice.
 * PGlite is one process's private database: no lock needed (and its single connection could not
 * hold one while migrating).
 */
export async function runMigrationsLocked(ds: DataSource, mode: AppConfig['database']['mode']): Promise<void> {
  if (mode !== 'postgres') {
    await ds.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_LOCK]);
    const done = await ds.runMigrations({ transaction: 'each' });
    if (done.length) new Logger('Migrations').log(`applied ${done.map((m) => m.name).join(', ')}`);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock($1)`, [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

@Module({})
export class DatabaseModule {
  /**
   * The one DataSource. Apps pass the migrations of the modules they load; entities come from each
   * module's `TypeOrmModule.forFeature`.
   */
  static forRoot(contribution: DatabaseContribution, overrides: { pgliteDataDir?: string | null } = {}): DynamicModule {
    let mode: AppConfig['database']['mode'] = 'pglite';
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            mode = config.database.mode;
            return { ...dataSourceOptions(config, contribution, { ...overrides, runMigrations: false }), autoLoadEntities: true };
          },
          dataSourceFactory: async (options?: DataSourceOptions) => {
            const ds = await new DataSource(options!).initialize();
            await runMigrationsLocked(ds, mode);
            return ds;
          },
        }),
      ],
    };
  }
}
