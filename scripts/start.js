#!/usr/bin/env node
/**
 * `npm start`: builds the platform app and the web console (when its build is missing or older
 * than its sources) and starts the platform on the embedded default (PGlite under ./.data,
 * in-process queue) with demo data seeded, unless DATABASE_URL / REDIS_URL say otherwise. The
 * platform serves the console at / and prints its URL with the demo logins.
 */
const { spawn } = require('node:child_process');
const { root, PLATFORM_MAIN, buildPlatform, buildConsoleIfStale } = require('./build-steps');

buildPlatform();
buildConsoleIfStale();

const env = { SEED_DEMO: 'true', ...process.env };
const child = spawn(process.execPath, [PLATFORM_MAIN], { cwd: root, stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
