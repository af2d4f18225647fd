import { INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { DomainErrorFilter } from '../errors/domain-error.filter';

export interface HttpAppOptions {
  title: string;
  description?: string;
}

/** Applies what every HTTP app has: /api/v1 prefix, DTO validation, coded errors, OpenAPI at /api/docs. */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): INestApplication {
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
