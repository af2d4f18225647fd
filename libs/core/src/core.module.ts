import { DynamicModule, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackgroundWorkRunner } from './background/background-work';
import { AuditController } from './audit/audit.controller';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { ATTEMPT_STORE, AuthService, createAttemptStore } from './auth/auth.service';
import { SessionsRepository } from './auth/sessions.repository';
import { SessionService } from './auth/sessions.service';
import { DenialCounter } from './audit/denial-counter';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { IdempotencyStore } from './http/idempotency.store';
import { Department, User } from './auth/user.entity';
import { UsersService } from './auth/users.service';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseContribution } from './database/data-source.factory';
import { DatabaseModule } from './database/database.module';
import { CoreInit1732000000000 } from './database/migrations/1732000000000-core-init';
import { CoreOutboxNotify1732000010000 } from './database/migrations/1732000010000-core-outbox-notify';
import { CoreAuditKey1732000011000 } from './database/migrations/1732000011000-core-audit-key';
import { CoreKeyRegistry1732000011010 } from './database/migrations/1732000011010-core-key-registry';
import { CoreAppealRoles1732000013000 } from './database/migrations/1732000013000-core-appeal-roles';
import { CoreOutboxHandled1732000016000 } from './database/migrations/1732000016000-core-outbox-handled';
import { CoreSessions1732000017000 } from './database/migrations/1732000017000-core-sessions';
import { CorePayerRoles1733140300000 } from './database/migrations/1733140300000-core-payer-roles';
import { KeyRegistry } from './crypto/key-registry';
import { HealthController } from './health/health.controller';
import { OutboxModule } from './outbox/outbox.module';

export const CORE_MIGRATIONS = [CoreInit1732000000000, CoreOutboxNotify1732000010000, CoreAuditKey1732000011000, CoreKeyRegistry1732000011010, CoreAppealRoles1732000013000, CoreOutboxHandled1732000016000, CoreSessions1732000017000, CorePayerRoles1733140300000];

export interface CoreModuleOptions extends DatabaseContribution {
  config?: AppConfig;
  /** Tests: `null` for an in-memory PGlite. */
  pgliteDataDir?: string | null;
}

/** Config, database, queue + outbox, auth/RBAC, audit and health: what every app stands on. */
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions = {}): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot(
          { entities: options.entities, migrations: [...CORE_MIGRATIONS, ...(options.migrations ?? [])] },
          { pgliteDataDir: options.pgliteDataDir },
        ),
        OutboxModule,
        DiscoveryModule,
        TypeOrmModule.forFeature([User, Department]),
        JwtModule.registerAsync({
          global: true,
          inject: [APP_CONFIG],
          // A KeyObject made once: given a string, jsonwebtoken first tries to parse it as a public key
          // on every verify (an exception per request) before falling back to a secret key.
          useFactory: (c: AppConfig) => {
            const key = createSecretKey(Buffer.from(c.jwt.secret));
            return { secretOrKeyProvider: () => key, signOptions: { algorithm: 'HS256' as const }, verifyOptions: { algorithms: ['HS256' as const] } };
          },
        }),
      ],
      controllers: [AuthController, HealthController, AuditController],
      providers: [
        KeyRegistry, AuditRepository, AuditService, DenialCounter, SessionsRepository, SessionService, UsersService, AuthService, BackgroundWorkRunner, IdempotencyStore, IdempotencyInterceptor,
        { provide: ATTEMPT_STORE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createAttemptStore(c) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [KeyRegistry, AuditService, DenialCounter, SessionService, UsersService, AuthService, BackgroundWorkRunner, IdempotencyStore, IdempotencyInterceptor, TypeOrmModule],
    };
  }
}
