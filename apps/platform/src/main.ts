import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { APP_CONFIG, AppConfig, configureHttpApp, ConfigError, startBackgroundWork } from '@app/core';
import { PlatformModule } from './app.module';
import { PLATFORM_API_INFO } from './platform-api-info';
import { demoGuideLines } from './seed/demo-guide';
import { DemoSeedService } from './seed/demo-seed.service';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(PlatformModule, { bufferLogs: false });
  configureHttpApp(app, PLATFORM_API_INFO);
  const config = app.get<AppConfig>(APP_CONFIG);
  // Lifecycle hooks first: event subscribers register in onModuleInit (init), and the demo seed hands
  // its payout events to the bus itself, so the handlers must be there (listen() alone would run init()
  // only after the seed).
  await app.init();
  startBackgroundWork(app);
  const seed = config.seedDemo ? await app.get(DemoSeedService).seed(config.demoEnterprises) : undefined;
  await app.listen(config.port, '0.0.0.0');
  const base = `http://localhost:${config.port}`;
  const log = new Logger('Platform');
  log.log(`亲清政策兑现平台 started: database=${config.database.mode} queue=${config.queue.mode} search=${config.search.mode}`);
  if (existsSync(join(resolve(config.console.dir), 'index.html'))) log.log(`Console: ${base}/   (public portal; staff and enterprises log in at ${base}/login)`);
  else log.warn(`Console: not built (${config.console.dir}) — run "npm run console:build"`);
  log.log(`API:     ${base}/api/v1   (health: ${base}/api/v1/health)`);
  log.log(`Swagger: ${base}/api/docs`);
  if (seed) {
    log.log(`Demo data: ${seed.enterprises} enterprises. Demo logins (password for all: ${seed.password}):`);
    for (const u of seed.users) log.log(`  ${u.role.padEnd(16)} ${u.username.padEnd(22)} ${u.displayName}`);
    log.log('What to look at (登录后看什么):');
    for (const line of demoGuideLines(seed)) log.log(line);
    log.log(`Log in: curl -s -X POST ${base}/api/v1/auth/login -H 'content-type: application/json' -d '{"username":"${seed.users[0].username}","password":"${seed.password}"}'`);
  }
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  console.error(err);
  process.exit(1);
});
