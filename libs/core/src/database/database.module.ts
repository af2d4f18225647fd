import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DatabaseContribution, dataSourceOptions } from './data-source.factory';

@Module({})
export class DatabaseModule {
  /**
   * The one DataSource. Apps pass the migrations of the modules they load; entities come from each
   * module's `TypeOrmModule.forFeature`.
   */
  static forRoot(contribution: DatabaseContribution, overrides: { pgliteDataDir?: string | null } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config, contribution, overrides),
            autoLoadEntities: true,
          }),
        }),
      ],
    };
  }
}
