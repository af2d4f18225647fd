import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `npm run policies -- import|export`: the operator's command line, on the embedded database in a temporary directory. */
describe('policies CLI (import / export)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policies-cli-'));
  const root = join(__dirname, '..', '..');
  const run = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'data'), NODE_ENV: 'development' };
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'ELASTICSEARCH_URL', 'SEED_DEMO']) delete env[k];
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/platform/src/cli/policies.cli.ts', ...args], {
      cwd: root, env, encoding: 'utf8', timeout: 90_000,
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an invalid file with pointers and writes nothing; imports the demo set as drafts; exports it back; usage errors exit 2', () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      `policies:\n  - code: CLI-BAD\n    title: 命令行坏政策\n    ownerDepartment: kjj\n    level: municipal\n    category: subsidy\n    effectiveFrom: '2026-01-01'\n    items:\n      - code: CLI-BAD-A\n        name: 坏事项\n        rule: { all: [] }\n        formula: { kind: fixed, amount: -5 }\n        mode: sometimes\n        fundPoolFen: 1\n        materials: []\n        effectiveFrom: '2026-01-01'\n`,
    );
    const bad = run('import', join(dir, 'bad.yaml'));
    expect(bad.code).toBe(3);
    expect(bad.out).toContain('POLICY.IMPORT_INVALID');
    expect(bad.out).toContain('/0/items/0/formula/amount');

    const ok = run('import', join(root, 'config', 'policies', 'demo-policies.yaml'));
    expect(ok.out).toContain('imported 30 policies as drafts');
    expect(ok.code).toBe(0);
    // the same codes again: refused as a whole unless told to skip them
    expect(run('import', join(root, 'config', 'policies', 'demo-policies.yaml')).code).toBe(3);

    const out = join(dir, 'out.json');
    expect(run('export', out).code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as { policies: Array<{ code: string; items: unknown[] }> };
    expect(exported.policies.map((p) => p.code)).not.toContain('CLI-BAD');
    expect(exported.policies).toHaveLength(30);
    expect(exported.policies.every((p) => p.items.length > 0)).toBe(true);

    expect(run('import').code).toBe(2);
  });
});
