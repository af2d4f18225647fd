/**
 * RFC 6901 pointers and the three RFC 6902 operations a scenario editor needs (replace, add,
 * remove), applied to a copy. A UI addresses a condition exactly as validation errors do, so the
 * pointer of an error can be turned straight into an edit.
 */
export interface PatchOperation {
  op: 'replace' | 'add' | 'remove';
  path: string;
  value?: unknown;
}

export class PointerError extends Error {
  constructor(
    readonly pointer: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Rules and formulas are JSON: a JSON round trip copies them (and keeps plain-object prototypes). */
const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PointerError(pointer, 'SANDBOX.INVALID_POINTER', `JSON 指针须以“/”开头：${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** The value at a pointer, or undefined when the path does not exist. */
export function valueAt(doc: unknown, pointer: string): unknown {
  let node: unknown = doc;
  for (const token of parsePointer(pointer)) {
    if (!isContainer(node)) return undefined;
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
      node = node[token];
    }
  }
  return node;
}

/** Applies the operations in order to a deep copy of `doc`; throws PointerError naming the bad path. */
export function applyPatch<T>(doc: T, ops: readonly PatchOperation[]): T {
  let root: unknown = copy(doc);
  for (const { op, path, value } of ops) {
    const tokens = parsePointer(path);
    if (tokens.some((t) => FORBIDDEN.has(t))) throw new PointerError(path, 'SANDBOX.INVALID_POINTER', `不允许的路径：${path}`);
    if (tokens.length === 0) {
      if (op === 'remove') throw new PointerError(path, 'SANDBOX.INVALID_POINTER', '不能删除整个条件');
      root = copy(value);
      continue;
    }
    const parentPath = tokens.slice(0, -1);
    const key = tokens[tokens.length - 1];
    let parent: unknown = root;
    for (const t of parentPath) {
      parent = isContainer(parent) ? (Array.isArray(parent) ? parent[Number(t)] : parent[t]) : undefined;
    }
    if (!isContainer(parent)) throw new PointerError(path, 'SANDBOX.POINTER_NOT_FOUND', `路径不存在：${path}`);
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : /^(0|[1-9]\d*)$/.test(key) ? Number(key) : NaN;
      const limit = op === 'add' ? parent.length : parent.length - 1;
      if (!(index <= limit)) throw new PointerError(path, 'SANDBOX.POINTER_NOT_FOUND', `路径不存在：${path}`);
      if (op === 'add') parent.splice(index, 0, copy(value));
      else if (op === 'remove') parent.splice(index, 1);
      else parent[index] = copy(value);
    } else {
      const exists = Object.prototype.hasOwnProperty.call(parent, key);
      if (op !== 'add' && !exists) throw new PointerError(path, 'SANDBOX.POINTER_NOT_FOUND', `路径不存在：${path}`);
      if (op === 'remove') delete parent[key];
      else parent[key] = copy(value);
    }
  }
  return root as T;
}
