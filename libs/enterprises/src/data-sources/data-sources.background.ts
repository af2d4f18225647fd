import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, BackgroundWork, BackgroundWorker, scheduleEvery } from '@app/core';
import { DataSourceSyncService } from './data-source-sync.service';

/** 数据共享: every DATA_SOURCE_SYNC_SECONDS each department's source is pulled from its cursor (0: on demand only). */
@Injectable()
@BackgroundWorker('enterprises: data-source pulls')
export class DataSourcesBackgroundWork implements BackgroundWork {
  constructor(
    private readonly sync: DataSourceSyncService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    const every = this.config.dataSources.syncSeconds * 1000;
    if (every > 0) scheduleEvery('data-source pulls', () => this.sync.syncAll(), every, Math.min(every, 30_000));
  }
}
