import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@app/core';
import { PlatformModule } from '../app.module';

/** The platform's modules without HTTP, for command-line tools. Same config and migrations. */
export async function withCliContext(run: (app: INestApplicationContext) => Promise<number | void>): Promise<void> {
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(PlatformModule, { logger: ['error', 'warn'] });
    const code = (await run(app)) ?? 0;
    await app.close();
    process.exit(code);
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    await app?.close().catch(() => undefined);
    process.exit(1);
  }
}

/** `--name value` flags. */
export function flag(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
