#!/usr/bin/env node
/**
 * `npm run bench:console`: builds the web console and reports the gzipped JavaScript each route
 * group costs, from the build manifest: the public portal's first load (shell + the home page),
 * each public page and each signed-in role group on top of the shell, against the baseline of the
 * whole bundle (everything a single-chunk build would ship). Target: portal first load ≤ 300 KB.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.join(__dirname, '..');
const out = path.join(root, 'dist', 'console');
const TARGET_KB = 300;

if (!process.argv.includes('--no-build')) {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const started = Date.now();
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const manifest = JSON.parse(fs.readFileSync(path.join(out, '.vite', 'manifest.json'), 'utf8'));
const gz = new Map();
const gzipped = (file) => {
  if (!gz.has(file)) gz.set(file, zlib.gzipSync(fs.readFileSync(path.join(out, file)), { level: 9 }).length);
  return gz.get(file);
};
/** The JS files a chunk needs before it runs: itself and its static imports, transitively. */
const closure = (key, seen = new Set()) => {
  const c = manifest[key];
  if (!c || seen.has(c.file)) return seen;
  if (c.file.endsWith('.js')) seen.add(c.file);
  for (const i of c.imports ?? []) closure(i, seen);
  return seen;
};
const sum = (files) => [...files].reduce((s, f) => s + gzipped(f), 0);
const minus = (a, b) => new Set([...a].filter((f) => !b.has(f)));
const union = (...sets) => new Set(sets.flatMap((s) => [...s]));
const src = (p) => `src/${p}`;

const entry = closure('index.html');
const allJs = new Set(Object.values(manifest).map((c) => c.file).filter((f) => f.endsWith('.js')));
const whole = sum(allJs);
const firstLoad = union(entry, closure(src('pages/public/SearchPage.tsx')));

const rows = [
  ['public portal first load (/ : shell + search)', sum(firstLoad), 'total'],
  ['shell (entry: router, layout, antd core, React)', sum(entry), 'total'],
  ['+ policy detail', sum(minus(closure(src('pages/public/PolicyDetailPage.tsx')), firstLoad)), 'after first load'],
  ['+ calculator', sum(minus(closure(src('pages/public/CalculatorPage.tsx')), firstLoad)), 'after first load'],
  ['+ disclosure lists (gongshi)', sum(minus(union(closure(src('pages/public/DisclosuresPage.tsx')), closure(src('pages/public/DisclosureRoundPage.tsx'))), firstLoad)), 'after first load'],
  ['+ login', sum(minus(closure(src('pages/LoginPage.tsx')), firstLoad)), 'after first load'],
  ...[
    ['enterprise', 'layouts/EnterpriseLayout.tsx', 'pages/enterprise/EnterpriseRoutes.tsx'],
    ['department', 'layouts/StaffLayout.tsx', 'pages/department/DepartmentRoutes.tsx'],
    ['finance', 'layouts/StaffLayout.tsx', 'pages/finance/FinanceRoutes.tsx'],
    ['leader', 'layouts/StaffLayout.tsx', 'pages/leader/LeaderRoutes.tsx'],
    ['audit', 'layouts/StaffLayout.tsx', 'pages/audit/AuditRoutes.tsx'],
    ['appeals', 'layouts/StaffLayout.tsx', 'pages/appeals/AppealsRoutes.tsx'],
    ['enterprise appeals', 'layouts/EnterpriseLayout.tsx', 'pages/enterprise/appeals/EnterpriseAppealsRoutes.tsx'],
  ].map(([group, layout, routes]) => [`+ ${group} group (layout + pages)`, sum(minus(union(closure(src(layout)), closure(src(routes))), entry)), 'after shell']),
  ['whole bundle (baseline)', whole, 'total'],
];

const kb = (n) => (n / 1024).toFixed(1);
console.log('\nweb console — gzipped JavaScript per route group');
console.log(`${'route group'.padEnd(52)} ${'KB gz'.padStart(8)}  ${'of whole'.padStart(8)}  measured`);
for (const [name, bytes, how] of rows) console.log(`${name.padEnd(52)} ${kb(bytes).padStart(8)}  ${`${((bytes / whole) * 100).toFixed(0)}%`.padStart(8)}  ${how}`);
const ok = sum(firstLoad) <= TARGET_KB * 1024;
console.log(`\npublic portal first load: ${kb(sum(firstLoad))} KB gz (target ≤ ${TARGET_KB} KB) — ${ok ? 'OK' : 'OVER TARGET'}; ratio to the whole bundle ${(sum(firstLoad) / whole).toFixed(2)}`);
process.exitCode = ok ? 0 : 1;
