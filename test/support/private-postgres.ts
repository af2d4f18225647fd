import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { TestDatabase } from './test-database';

/**
 * A PostgreSQL server of the test's own — `initdb` into a temporary directory, `pg_ctl` on a free
 * port — for tests that stop or restart the database. The machine's shared PostgreSQL (5432) serves
 * every other suite and other people: it is never restarted.
 *
 * The server binaries come from `/usr/lib/postgresql/<version>/bin` (the newest), or from
 * `PG_BIN_DIR`. PostgreSQL refuses to run as root: as root, every command runs as the `postgres`
 * user (`runuser`), and the directory is made over to it.
 */
export interface PrivatePostgres {
  readonly port: number;
  readonly dir: string;
  /** The server's binaries (pg_dump, pg_restore, psql … of the same version). */
  readonly binDir: string;
  /** A connection URL (user postgres, trust) for `database` (default: postgres). */
  url(database?: string): string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** A fresh database as `createTestApp({ database })` takes it (gone with the server). */
  testDatabase(prefix?: string): Promise<TestDatabase>;
  /** `pg_ctl stop`: `fast` (clients are disconnected, a clean shutdown) or `immediate` (like a crash: recovery at the next start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops, stays down for `downMs`, starts again. */
  restart(options?: { mode?: 'fast' | 'immediate'; downMs?: number }): Promise<void>;
  /** The server's log (for a failing test's message). */
  log(): string;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
}

/** The directory holding initdb and pg_ctl, or null when this machine has no PostgreSQL server binaries. */
export function postgresBinDir(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN_DIR) candidates.push(process.env.PG_BIN_DIR);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  return candidates.find((d) => ['initdb', 'pg_ctl', 'postgres', 'pg_dump', 'pg_restore'].every((b) => existsSync(join(d, b)))) ?? null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The uid/gid to run the server as when this process is root (PostgreSQL will not run as root). */
function serverUser(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** Whether a private server can be started here: binaries present, and a `postgres` user when running as root. */
export function privatePostgresAvailable(): boolean {
  return postgresBinDir() !== null && (!isRoot() || serverUser() !== null);
}

function run(bin: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${bin} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Every server started by this process, stopped at exit even if a suite forgets (or fails before) `destroy`. */
const running = new Set<{ stopSync(): void }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const s of running) s.stopSync();
  });
}

export async function startPrivatePostgres(options: { settings?: Record<string, string> } = {}): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/<version>/bin; set PG_BIN_DIR');
  const dir = mkdtempSync(join(tmpdir(), 'qq-private-pg-'));
  const owner = serverUser();
  if (isRoot() && !owner) throw new Error('running as root and there is no postgres user to run the server as');
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const port = await freePort();
  await run(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
    '--no-instructions',
  ]);
  // fsync off: only the server process is stopped or killed in these tests, never the machine, so the
  // operating system keeps every write; what a stop loses is exactly what a real crash loses.
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    fsync: 'off',
    full_page_writes: 'off',
    max_connections: '60',
    shared_buffers: '64MB',
    ...(options.settings ?? {}),
  };
  const serverOptions = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  const pgCtl = (args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, ...args]);

  let up = false;
  const handle = {
    stopSync() {
      if (!up) return;
      try {
        const args = ['-D', data, 'stop', '-m', 'immediate', '-w'];
        if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
        else execFileSync(join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
      } catch {
        // already stopped
      }
      up = false;
    },
  };
  const server: PrivatePostgres = {
    port,
    dir,
    binDir: bin,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async createDatabase(prefix = 'chaos') {
      const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      const c = new Client({ connectionString: server.url() });
      await c.connect();
      await c.query(`CREATE DATABASE "${name}"`);
      await c.end();
      return server.url(name);
    },
    async testDatabase(prefix = 'chaos') {
      return { mode: 'postgres', url: await server.createDatabase(prefix), drop: async () => undefined };
    },
    async start() {
      await pgCtl(['start', '-w', '-t', '60', '-l', logFile, '-o', serverOptions]);
      up = true;
      running.add(handle);
    },
    async stop(mode = 'fast') {
      await pgCtl(['stop', '-w', '-t', '60', '-m', mode]);
      up = false;
    },
    async restart({ mode = 'fast', downMs = 0 } = {}) {
      await server.stop(mode);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await server.start();
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async destroy() {
      if (up) await server.stop('immediate').catch(() => handle.stopSync());
      running.delete(handle);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  installExitHook();
  await server.start();
  return server;
}
