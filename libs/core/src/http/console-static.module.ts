import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule, ServeStaticModuleOptions } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServerResponse } from 'node:http';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Paths the console never answers: the API and its documents stay with Nest (a 404 there is the API's coded 404). */
export const CONSOLE_EXCLUDED_PATHS = ['/api/{*path}'];

/**
 * The static options for a built console in `dir`, or none when there is no build (the API still
 * runs; a log line says how to build it). Hashed assets are cached for good; index.html — served
 * for every deep link such as /policies/42 — is revalidated so a new build is picked up at once.
 */
export function consoleStaticOptions(dir: string, log: (message: string) => void = () => undefined): ServeStaticModuleOptions[] {
  const rootPath = resolve(dir);
  if (!existsSync(join(rootPath, 'index.html'))) {
    log(`web console not built (${rootPath}/index.html missing): run "npm run console:build"; serving the API only`);
    return [];
  }
  return [
    {
      rootPath,
      exclude: CONSOLE_EXCLUDED_PATHS,
      serveStaticOptions: {
        index: false,
        setHeaders: (res: ServerResponse, path: string) => {
          res.setHeader('cache-control', path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      },
    },
  ];
}

/** Serves the web console and public portal (apps/console's build) at `/`, with SPA fallback for deep links. */
@Module({})
export class ConsoleStaticModule {
  static forRoot(): DynamicModule {
    const logger = new Logger('Console');
    return {
      module: ConsoleStaticModule,
      imports: [
        ServeStaticModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => consoleStaticOptions(c.console.dir, (m) => logger.warn(m)),
        }),
      ],
    };
  }
}
