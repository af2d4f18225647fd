import type { FactDefinition } from '@app/contracts';
import { toDayNumber } from '../facts/day-number';
import type { FactRegistry } from '../facts/fact-registry';
import { EnterpriseProfile, readFact } from '../facts/fact-value';

/** Day-number sentinel for a missing date; no real date maps to it. */
export const DATE_MISSING = -2147483648;

export interface NumericColumn {
  kind: 'numeric';
  def: FactDefinition;
  /** NaN = missing. Money in fen is exact up to 2^53. */
  data: Float64Array;
}
export interface DateColumn {
  kind: 'date';
  def: FactDefinition;
  /** Days since 1970-01-01; DATE_MISSING = missing. */
  data: Int32Array;
}
export interface DictionaryColumn {
  kind: 'dictionary';
  def: FactDefinition;
  /** Index into `dictionary`; -1 = missing. */
  data: Int32Array;
  dictionary: string[];
  codes: Map<string, number>;
  /**
   * The same codes in one byte each, as code + 1 (0 = missing), kept while every code is below 255
   * and dropped for good (undefined) once the dictionary outgrows that. Scanning a quarter of the
   * bytes makes the columnar evaluator's dictionary conditions about twice as fast.
   */
  narrow?: Uint8Array;
}
export interface BooleanColumn {
  kind: 'boolean';
  def: FactDefinition;
  /** 1 true, 0 false, -1 missing. */
  data: Int8Array;
}
/**
 * Tags are stored transposed: one row bitset per tag code rather than a tag bitset per row. Every
 * tag operator is then a word-wise copy/OR/AND of whole bitsets, and a tag first seen on row
 * 900,000 adds one bitset instead of re-laying-out every row. A row without tags (or with the fact
 * missing) simply has no bit set, which is what every tag operator needs.
 */
export interface TagColumn {
  kind: 'tags';
  def: FactDefinition;
  tagCodes: string[];
  tagIndex: Map<string, number>;
  /** bitsets[t] has bit r set when row r carries tag t. */
  bitsets: Uint32Array[];
}
export type Column = NumericColumn | DateColumn | DictionaryColumn | BooleanColumn | TagColumn;

const MIN_CAPACITY = 1024;

/**
 * The sandbox's in-memory copy of all profiles, one typed array per fact. Rows are appended or
 * updated in place as profiles change; capacity grows by doubling and is always a multiple of 32
 * so evaluators can read whole 32-row words without bounds checks on the last word.
 */
export class ColumnStore {
  private readonly columns = new Map<string, Column>();
  private rows = 0;
  private cap: number;

  constructor(
    readonly registry: FactRegistry,
    initialCapacity = MIN_CAPACITY,
  ) {
    this.cap = roundCapacity(initialCapacity);
    for (const def of registry.all()) this.columns.set(def.key, createColumn(def, this.cap));
  }

  static fromProfiles(registry: FactRegistry, profiles: Iterable<EnterpriseProfile>, capacityHint?: number): ColumnStore {
    const store = new ColumnStore(registry, capacityHint);
    for (const p of profiles) store.append(p);
    return store;
  }

  get rowCount(): number {
    return this.rows;
  }

  get capacity(): number {
    return this.cap;
  }

  column(key: string): Column {
    const column = this.columns.get(key);
    if (!column) throw new Error(`no column for fact ${key}`);
    return column;
  }

  /** Adds a profile as the next row and returns its row index. */
  append(profile: EnterpriseProfile): number {
    if (this.rows === this.cap) this.grow(this.cap * 2);
    const row = this.rows;
    this.rows += 1;
    this.write(row, profile, false);
    return row;
  }

  /** Replaces the facts of an existing row (a profile was corrected or re-imported). */
  update(row: number, profile: EnterpriseProfile): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.rows) throw new RangeError(`row ${row} out of range`);
    this.write(row, profile, true);
  }

  /** Bytes held by typed arrays (dictionaries' strings excluded; see the benchmark for the total). */
  typedArrayBytes(): number {
    let bytes = 0;
    for (const c of this.columns.values()) {
      if (c.kind === 'tags') for (const b of c.bitsets) bytes += b.byteLength;
      else bytes += c.data.byteLength;
      if (c.kind === 'dictionary' && c.narrow) bytes += c.narrow.byteLength;
    }
    return bytes;
  }

  private write(row: number, profile: EnterpriseProfile, clearTags: boolean): void {
    for (const c of this.columns.values()) {
      const value = readFact(profile, c.def);
      switch (c.kind) {
        case 'numeric':
          c.data[row] = typeof value === 'number' ? value : NaN;
          break;
        case 'date':
          c.data[row] = toDayNumber(value) ?? DATE_MISSING;
          break;
        case 'boolean':
          c.data[row] = value === true ? 1 : value === false ? 0 : -1;
          break;
        case 'dictionary': {
          const code = typeof value === 'string' ? encode(c, value) : -1;
          c.data[row] = code;
          if (c.narrow) {
            if (code < 255) c.narrow[row] = code + 1;
            else c.narrow = undefined;
          }
          break;
        }
        case 'tags': {
          const word = row >>> 5;
          const bit = 1 << (row & 31);
          if (clearTags) for (const b of c.bitsets) b[word] &= ~bit;
          if (Array.isArray(value)) {
            for (const tag of value as string[]) c.bitsets[tagSlot(c, tag, this.cap)][word] |= bit;
          }
          break;
        }
      }
    }
  }

  private grow(capacity: number): void {
    const cap = roundCapacity(capacity);
    for (const c of this.columns.values()) {
      if (c.kind === 'tags') {
        c.bitsets = c.bitsets.map((b) => extend(b, new Uint32Array(cap >>> 5), 0));
      } else if (c.kind === 'numeric') c.data = extend(c.data, new Float64Array(cap), NaN);
      else if (c.kind === 'date') c.data = extend(c.data, new Int32Array(cap), DATE_MISSING);
      else if (c.kind === 'boolean') c.data = extend(c.data, new Int8Array(cap), -1);
      else {
        c.data = extend(c.data, new Int32Array(cap), -1);
        if (c.narrow) c.narrow = extend(c.narrow, new Uint8Array(cap), 0);
      }
    }
    this.cap = cap;
  }
}

function roundCapacity(n: number): number {
  return Math.max(MIN_CAPACITY, Math.ceil(n / 32) * 32);
}

function extend<T extends Float64Array | Int32Array | Int8Array | Uint8Array | Uint32Array>(old: T, next: T, fill: number): T {
  next.fill(fill, old.length);
  next.set(old);
  return next;
}

function createColumn(def: FactDefinition, cap: number): Column {
  switch (def.type) {
    case 'number':
    case 'money':
    case 'integer':
      return { kind: 'numeric', def, data: new Float64Array(cap).fill(NaN) };
    case 'date':
      return { kind: 'date', def, data: new Int32Array(cap).fill(DATE_MISSING) };
    case 'boolean':
      return { kind: 'boolean', def, data: new Int8Array(cap).fill(-1) };
    case 'tags':
      return { kind: 'tags', def, tagCodes: [], tagIndex: new Map(), bitsets: [] };
    default:
      return { kind: 'dictionary', def, data: new Int32Array(cap).fill(-1), dictionary: [], codes: new Map(), narrow: new Uint8Array(cap) };
  }
}

function encode(c: DictionaryColumn, value: string): number {
  let code = c.codes.get(value);
  if (code === undefined) {
    code = c.dictionary.length;
    c.dictionary.push(value);
    c.codes.set(value, code);
  }
  return code;
}

function tagSlot(c: TagColumn, tag: string, cap: number): number {
  let slot = c.tagIndex.get(tag);
  if (slot === undefined) {
    slot = c.tagCodes.length;
    c.tagCodes.push(tag);
    c.tagIndex.set(tag, slot);
    c.bitsets.push(new Uint32Array(cap >>> 5));
  }
  return slot;
}
