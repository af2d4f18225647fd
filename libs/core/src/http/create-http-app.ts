import { INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { DomainErrorFilter } from '../errors/domain-error.filter';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { securityHeaders } from './security-headers';
import { installRequestGuards } from './request-body';

export interface HttpAppOptions {
  title: string;
  description?: string;
}

/** Staff who may read the API documentation when API_DOCS=login. */
const DOCS_ROLES = new Set(['admin', 'auditor', 'leader', 'dept_editor', 'dept_reviewer', 'finance_maker', 'finance_checker']);

/** HTTP Basic login in front of /api/docs, with the platform's accounts and login throttle. */
function docsLogin(app: INestApplication) {
  const challenge = (res: Response) => {
    res.setHeader('WWW-Authenticate', 'Basic realm="qinqing-api-docs", charset="UTF-8"');
    res.status(401).json({ code: 'AUTH.UNAUTHENTICATED', message: '请先登录' });
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!basic) return challenge(res);
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return challenge(res);
    app
      .get(AuthService)
      .verifyCredentials(decoded.slice(0, colon), decoded.slice(colon + 1), req.ip ?? 'unknown')
      .then((user) => (DOCS_ROLES.has(user.role) ? next() : challenge(res)))
      .catch((err: unknown) => {
        if (err instanceof DomainError && err.code === 'AUTH.RATE_LIMITED') res.status(429).json({ code: err.code, message: err.message, details: err.details });
        else challenge(res);
      });
  };
}

/**
 * Applies what every HTTP app has: /api/v1 prefix, body limits and depth/NUL checks before any
 * validation, DTO validation, coded errors, idempotency keys,
 * security headers (no X-Powered-By), CORS only for the configured origins, OpenAPI at /api/docs
 * (public, behind a login, or off — see API_DOCS).
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): INestApplication {
  let config: AppConfig | undefined;
  try {
    config = app.get<AppConfig>(APP_CONFIG, { strict: false });
  } catch {
    config = undefined;
  }
  installRequestGuards(app);
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  if (config?.http.trustProxy) express.set('trust proxy', config.http.trustProxy);
  app.use(securityHeaders);
  if (config?.http.corsOrigins.length) {
    app.enableCors({
      origin: config.http.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
      exposedHeaders: ['idempotent-replayed', 'content-disposition'],
      maxAge: 600,
    });
  }
  app.setGlobalPrefix('api/v1');
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  let audit: AuditService | undefined;
  try {
    audit = app.get(AuditService, { strict: false });
  } catch {
    audit = undefined;
  }
  app.useGlobalFilters(new DomainErrorFilter(audit));
  try {
    app.useGlobalInterceptors(app.get(IdempotencyInterceptor, { strict: false }));
  } catch {
    // an app without CoreModule (a bare test module) has no idempotency store
  }
  app.enableShutdownHooks();
  const docs = config?.http.apiDocs ?? 'public';
  if (docs === 'off') return app;
  if (docs === 'login') {
    const guard = docsLogin(app);
    // /api/docs (the UI and its assets), /api/docs-json and /api/docs-yaml (the document)
    app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/docs') ? guard(req, res, next) : next()));
  }
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app, options));
  return app;
}

/** The OpenAPI document of the app's routes (served at /api/docs; the console's API types are generated from it). */
export function createOpenApiDocument(app: INestApplication, options: HttpAppOptions): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description ?? '')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, doc);
}

export async function createHttpApp(module: Type<unknown>, options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create(module);
  return configureHttpApp(app, options);
}
