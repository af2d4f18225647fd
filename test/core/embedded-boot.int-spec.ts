import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { configureHttpApp, CoreModule, loadConfig, UsersService } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';

/**
 * The embedded default, whatever this machine has: PGlite on disk under DATA_DIR and the in-process
 * queue, the same migrations. Data survives a restart.
 */
describe('embedded boot: PGlite under DATA_DIR + in-process queue', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qinqing-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function boot() {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
    const ref = await Test.createTestingModule({
      imports: [CoreModule.forRoot({ config, migrations: [...ENTERPRISE_MIGRATIONS] }), EnterprisesModule],
    }).compile();
    const app = configureHttpApp(ref.createNestApplication({ logger: ['error'] }), { title: 't' });
    await app.init();
    return app;
  }

  it('boots, migrates, serves, and keeps its data across a restart', async () => {
    expect(loadConfig({ DATA_DIR: dataDir }).database).toEqual({ mode: 'pglite', dataDir: `${dataDir}/pg` });
    const app = await boot();
    const health = await request(app.getHttpServer()).get('/api/v1/health').expect(200);
    expect(health.body.database).toEqual({ mode: 'pglite', up: true });
    expect(health.body.queue.mode).toBe('in-process');
    await app.get(UsersService).create({ username: 'persisted', password: 'password-123', displayName: 'p', role: 'leader' });
    await app.close();

    const again = await boot();
    const login = await request(again.getHttpServer()).post('/api/v1/auth/login').send({ username: 'persisted', password: 'password-123' }).expect(200);
    expect(login.body.user.role).toBe('leader');
    await again.close();
  });
});
