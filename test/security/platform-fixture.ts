import type { INestApplication, LoggerService } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { APPROVAL_MIGRATIONS, ApprovalsModule, PrequalificationService } from '@app/approvals';
import { EventBus } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';
import { PAYOUT_MIGRATIONS, PayoutSender, PayoutsModule } from '@app/payouts';
import { MatchingService, POLICY_MIGRATIONS, PoliciesModule } from '@app/policies';
import { SANDBOX_MIGRATIONS, SandboxModule } from '@app/sandbox';
import { APPEAL_MIGRATIONS, AppealsModule } from '@app/appeals';
import { DemoAppealsSeed } from '../../apps/platform/src/seed/demo-appeals.seed';
import { DemoJourneysSeed } from '../../apps/platform/src/seed/demo-journeys.seed';
import { DEMO_PASSWORD, DemoSeedService } from '../../apps/platform/src/seed/demo-seed.service';
import { settle } from '../support/settle';
import { createTestApp, TestApp } from '../support/test-app';

/** The demo accounts the security suites act as (npm start seeds the same ones). */
export const DEMO_ACCOUNTS = ['admin', 'leader', 'auditor', 'finance_maker', 'finance_checker', 'kjj_editor', 'kjj_reviewer', 'gxj_editor', 'firm1', 'supervisor', 'officer1'] as const;
export type DemoAccount = (typeof DEMO_ACCOUNTS)[number];

export interface PlatformFixture {
  t: TestApp;
  /** Bearer header per demo account. */
  auth: Record<DemoAccount, string>;
  openApi(): OpenAPIObject;
  close(): Promise<void>;
}

/**
 * Every module in one app, as `npm start` runs it, over a fresh PostgreSQL database with the demo
 * seed (departments, tags, `enterprises` generated firms, demo users, demo policies) and its events
 * settled. Event handlers run (matching, pre-qualification, sending approved payout batches); the
 * sandbox refresh timer does not, so once settled nothing changes state between two reads unless a request does.
 */
export async function bootPlatform(enterprises = 40, logger?: LoggerService): Promise<PlatformFixture> {
  const t = await createTestApp({
    imports: [
      EnterprisesModule,
      PoliciesModule,
      ApprovalsModule, // static: the appeals module imports the same one (materials on local disk under the test's own DATA_DIR)
      PayoutsModule.forRoot({ sweepIntervalMs: 0 }),
      SandboxModule.forRoot({ buildOnStart: false, refreshIntervalMs: 0 }),
      AppealsModule,
    ],
    migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS, ...APPROVAL_MIGRATIONS, ...SANDBOX_MIGRATIONS, ...PAYOUT_MIGRATIONS, ...APPEAL_MIGRATIONS],
    providers: [DemoSeedService, DemoAppealsSeed, DemoJourneysSeed],
  });
  if (logger) t.app.useLogger(logger);
  t.app.get(EventBus).consume(2);
  t.app.get(MatchingService).startWorkers(1);
  t.app.get(PrequalificationService).startWorkers(1);
  // The demo pays its batches: the payout queue's consumer runs (the recovery sweep only once a minute, stopped at close).
  t.app.get(PayoutSender).startWorkers({ sweepIntervalMs: 60_000 });
  await t.app.get(DemoSeedService).seed(enterprises);
  await settle(t.app);
  const auth = {} as Record<DemoAccount, string>;
  for (const u of DEMO_ACCOUNTS) {
    const res = await request(t.app.getHttpServer()).post('/api/v1/auth/login').send({ username: u, password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${u}: ${res.status}`);
    auth[u] = `Bearer ${res.body.accessToken as string}`;
  }
  return {
    t,
    auth,
    openApi: () => SwaggerModule.createDocument(t.app as INestApplication, new DocumentBuilder().setTitle('test').addBearerAuth().build()),
    close: () => t.close(),
  };
}

/**
 * A fingerprint of every state table (all schemas but the audit log, which records refusals on
 * purpose, and login bookkeeping): equal before and after means a request changed nothing.
 */
export async function stateFingerprint(ds: DataSource): Promise<Record<string, string>> {
  const tables: Array<{ schema: string; name: string }> = await ds.query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema IN ('core', 'enterprise', 'policy', 'approval', 'payout', 'sandbox', 'appeal')
       AND table_name NOT IN ('migrations', 'login_attempts')
     ORDER BY 1, 2`,
  );
  const out: Record<string, string> = {};
  for (const { schema, name } of tables) {
    const ignored = schema === 'core' && name === 'users' ? ` - 'last_login_at'` : '';
    const [{ digest }] = await ds.query(
      `SELECT count(*) || ':' || md5(coalesce(string_agg((to_jsonb(x)${ignored})::text, '|' ORDER BY (to_jsonb(x)${ignored})::text), '')) AS digest
       FROM "${schema}"."${name}" x`,
    );
    out[`${schema}.${name}`] = digest as string;
  }
  return out;
}
