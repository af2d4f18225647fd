/** Where uploaded materials live: local disk by default, object storage later, memory in unit tests. */
export interface MaterialStorage {
  put(key: string, content: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
}

export const MATERIAL_STORAGE = Symbol('MATERIAL_STORAGE');

/** The fake adapter for unit tests and drills. */
export class InMemoryMaterialStorage implements MaterialStorage {
  readonly files = new Map<string, Buffer>();

  async put(key: string, content: Buffer): Promise<void> {
    this.files.set(key, Buffer.from(content));
  }

  async get(key: string): Promise<Buffer | null> {
    return this.files.get(key) ?? null;
  }
}
