import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { MaterialStorage } from './material-storage.port';

/**
 * Files under `<dataDir>/<area>/<key>` (approvals' materials and appeals' attachments in
 * `approvals/materials`, correction evidence in `enterprises/evidence`); written to a temp name and
 * renamed (no torn files).
 */
export class LocalDiskMaterialStorage implements MaterialStorage {
  private readonly root: string;

  constructor(dataDir: string, area = 'approvals/materials') {
    this.root = resolve(dataDir, ...area.split('/'));
  }

  private path(key: string): string {
    if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/i.test(key)) throw new RangeError(`bad storage key ${key}`);
    return join(this.root, key);
  }

  async put(key: string, content: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, content);
    await rename(tmp, target);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch {
      return null;
    }
  }
}
