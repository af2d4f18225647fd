import { APP_CONFIG, AppConfig, createHttpApp } from '@app/core';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await createHttpApp(AppModule, { title: '兑付中心 Payout center' });
  await app.listen(app.get<AppConfig>(APP_CONFIG).port, '0.0.0.0');
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
