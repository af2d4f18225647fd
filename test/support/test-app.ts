import { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig, configureHttpApp, CoreModule, loadConfig, NewUser, UsersService } from '@app/core';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  config: AppConfig;
  db: TestDatabase;
  login(username: string, password?: string): Promise<string>;
  createUser(u: Omit<NewUser, 'password'> & { password?: string }): Promise<string>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-1';

/**
 * Boots the given modules on CoreModule over a fresh database (PostgreSQL or PGlite) and the queue
 * chosen by scripts/test.js (Bull with a private prefix, or in-process), with the real HTTP stack.
 */
export async function createTestApp(options: {
  imports?: ModuleMetadata['imports'];
  migrations?: Function[];
  providers?: ModuleMetadata['providers'];
  env?: Record<string, string>;
  /** A database made elsewhere (e.g. on a private server, test/support/private-postgres.ts) instead of a fresh one on the shared server. */
  database?: TestDatabase;
}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  // Files of this app (materials, treasury files, the audit checkpoint) stay in its own directory.
  const dataDir = mkdtempSync(join(tmpdir(), 'qinqing-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    AUDIT_CHECKPOINT_SECONDS: '0', // anchored on demand in tests (the audit suite asks for it)
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}` } : {}),
    JWT_SECRET: 'test-secret-test-secret-0123456789',
    LOGIN_RATE_LIMIT: '50',
    MATCH_PLAN_QUIET_MS: '0', // plan each publication at once (the quiet period has its own test)
    ...(options.env ?? {}),
  });
  const moduleRef = await Test.createTestingModule({
    imports: [CoreModule.forRoot({ config, migrations: options.migrations ?? [], pgliteDataDir: null }), ...(options.imports ?? [])],
    providers: options.providers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttpApp(app, { title: 'test' });
  await app.init();
  const http = request(app.getHttpServer());
  const users = app.get(UsersService);
  return {
    app,
    http,
    dataSource: app.get(DataSource),
    config,
    db,
    async login(username, password = TEST_PASSWORD) {
      const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return `Bearer ${res.body.accessToken as string}`;
    },
    async createUser(u) {
      if (u.departmentCode) await users.ensureDepartment(u.departmentCode, `部门${u.departmentCode}`);
      await users.create({ ...u, password: u.password ?? TEST_PASSWORD });
      return `Bearer ${(await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username: u.username, password: u.password ?? TEST_PASSWORD })).body.accessToken as string}`;
    },
    async close() {
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
