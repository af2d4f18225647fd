import { DynamicModule, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackgroundWorkRunner } from './background/background-work';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { Department, User } from './auth/user.entity';
import { UsersService } from './auth/users.service';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseContribution } from './database/data-source.factory';
import { DatabaseModule } from './database/database.module';
import { CoreInit1732000000000 } from './database/migrations/1732000000000-core-init';
import { CoreOutboxNotify1732000010000 } from './database/migrations/1732000010000-core-outbox-notify';
import { CoreOutboxHandled1732000016000 } from './database/migrations/1732000016000-core-outbox-handled';
import { HealthController } from './health/health.controller';
import { OutboxModule } from './outbox/outbox.module';

export const CORE_MIGRATIONS = [CoreInit1732000000000, CoreOutboxNotify1732000010000, CoreOutboxHandled1732000016000];

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
      providers: [AuditService, UsersService, AuthService, BackgroundWorkRunner, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [AuditService, UsersService, AuthService, BackgroundWorkRunner, TypeOrmModule],
    };
  }
}
