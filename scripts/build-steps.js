/**
 * Build steps shared by `npm start` (scripts/start.js) and `npm test` (scripts/test.js, before the
 * browser suite): the platform (nest build) and the web console (vite build, only when its output
 * is missing or older than its sources).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const PLATFORM_MAIN = path.join(root, 'dist/apps/platform/apps/platform/src/main.js');
const CONSOLE_INDEX = path.join(root, 'dist/console/index.html');
const CONSOLE_SOURCES = ['apps/console/src', 'apps/console/index.html', 'apps/console/vite.config.mts', 'apps/console/public', 'package-lock.json'];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** True when dist/console is missing or any console source is newer than it. */
function consoleStale() {
  if (!fs.existsSync(CONSOLE_INDEX)) return true;
  const built = fs.statSync(CONSOLE_INDEX).mtimeMs;
  return CONSOLE_SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

function run(label, args) {
  console.log(`[build] ${label} …`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[build] ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

/**
 * `nest build platform`. With `{ typeCheck: false }` (the caller has type-checked the code already, as
 * .ci/run does) it compiles with `noCheck` (apps/platform/tsconfig.app.nocheck.json): the same output,
 * byte for byte, in about half the CPU time.
 */
function buildPlatform({ typeCheck = true } = {}) {
  const args = [path.join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'platform'];
  if (!typeCheck) args.push('-p', 'apps/platform/tsconfig.app.nocheck.json');
  run(`platform (nest build platform${typeCheck ? '' : ', already type-checked'})`, args);
  if (!fs.existsSync(PLATFORM_MAIN)) {
    console.error('[build] platform build output not found');
    process.exit(1);
  }
}

function buildConsoleIfStale() {
  if (!consoleStale()) {
    console.log('[build] web console up to date (dist/console)');
    return;
  }
  run('web console (vite build → dist/console)', [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn']);
}

module.exports = { root, PLATFORM_MAIN, CONSOLE_INDEX, buildPlatform, buildConsoleIfStale, consoleStale };
