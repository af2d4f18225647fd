import { INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { DomainErrorFilter } from '../errors/domain-error.filter';
import { installRequestGuards } from './request-body';

export interface HttpAppOptions {
  title: string;
  description?: string;
}

/**
 * Applies what every HTTP app has: /api/v1 prefix, body limits and depth/NUL checks before any
 * validation, DTO validation, coded errors, OpenAPI at /api/docs.
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): INestApplication {
  installRequestGuards(app);
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
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description ?? '')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
  return app;
}

export async function createHttpApp(module: Type<unknown>, options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create(module);
  return configureHttpApp(app, options);
}
