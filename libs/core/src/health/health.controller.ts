import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { QUEUE_PORT, QueuePort } from '../queue/queue.port';

@ApiTags('health 健康检查')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(QUEUE_PORT) private readonly queue: QueuePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Which database, queue, search and treasury backends are in use, and whether the first two answer. */
  @Public()
  @Get()
  async health() {
    const db = await this.dataSource.query('SELECT 1 AS ok').then(
      () => true,
      () => false,
    );
    const queue = await this.queue.ping();
    return {
      status: db && queue ? 'ok' : 'degraded',
      database: { mode: this.config.database.mode, up: db },
      queue: { mode: this.queue.mode, up: queue },
      search: { mode: this.config.search.mode },
      treasury: { mode: this.config.treasury.mode },
      time: new Date().toISOString(),
    };
  }
}
