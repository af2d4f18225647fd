#!/usr/bin/env node
/**
 * `npm start`: builds the platform app and starts it on the embedded default (PGlite under
 * ./.data, in-process queue) with demo data seeded, unless DATABASE_URL / REDIS_URL say otherwise.
 */
const { spawnSync, spawn } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..');
const nest = path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
console.log('[start] building the platform (nest build platform) …');
const build = spawnSync(process.execPath, [nest, 'build', 'platform'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// nest build (tsc, monorepo) keeps the source layout under the app's outDir
const main = path.join(root, 'dist/apps/platform/apps/platform/src/main.js');
if (!fs.existsSync(main)) {
  console.error('[start] build output not found');
  process.exit(1);
}
const env = { SEED_DEMO: 'true', ...process.env };
const child = spawn(process.execPath, [main], { cwd: root, stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
