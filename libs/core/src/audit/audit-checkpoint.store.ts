import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/app-config';
import type { SignedCheckpoint } from './audit.hash';

/** Names the database without credentials: host, port and name, or the PGlite directory. */
export function databaseLabel(config: AppConfig): string {
  if (config.database.mode === 'postgres') {
    const u = new URL(config.database.url);
    return `postgres://${u.hostname}:${u.port || '5432'}${u.pathname}`;
  }
  return `pglite:${resolve(config.database.dataDir)}`;
}

/**
 * The anchor of the audit chain outside the database: one signed JSON file per database under
 * `DATA_DIR/audit/`, replaced atomically (temp file + rename) by each new checkpoint.
 */
export class AuditCheckpointStore {
  readonly file: string;

  constructor(dataDir: string, readonly database: string) {
    const id = createHash('sha256').update(database).digest('hex').slice(0, 16);
    this.file = join(resolve(dataDir), 'audit', `checkpoint-${id}.json`);
  }

  read(): SignedCheckpoint | null {
    if (!existsSync(this.file)) return null;
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as SignedCheckpoint;
    } catch {
      // An unreadable anchor is reported by verify as a bad signature, not as "no checkpoint".
      return { version: 1, database: this.database, chainId: '', seq: -1, hash: '', at: '', keyId: '', signature: 'unreadable' };
    }
  }

  write(cp: SignedCheckpoint): void {
    mkdirSync(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(cp, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
