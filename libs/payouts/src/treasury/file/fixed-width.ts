import { createHash } from 'node:crypto';

/**
 * Fixed-width records (定长格式). Widths count characters (Unicode code points) of UTF-8 text, so a
 * Chinese payee name takes one position per character. Numbers are right-aligned with zeros,
 * text left-aligned with spaces.
 */
export interface FieldSpec {
  name: string;
  width: number;
  kind: 'num' | 'text';
}

export class FixedWidthError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'FixedWidthError';
  }
}

export const recordWidth = (fields: FieldSpec[]) => 1 + fields.reduce((s, f) => s + f.width, 0);

export function formatRecord(tag: string, fields: FieldSpec[], values: Record<string, string | number | null | undefined>, line = 0): string {
  let out = tag;
  for (const f of fields) {
    const raw = values[f.name];
    const text = raw === null || raw === undefined ? '' : String(raw);
    if (/[\r\n]/.test(text)) throw new FixedWidthError(`${f.name} contains a line break`, line);
    const chars = Array.from(text);
    if (chars.length > f.width) throw new FixedWidthError(`${f.name} longer than ${f.width}: ${text}`, line);
    if (f.kind === 'num') {
      if (!/^\d*$/.test(text)) throw new FixedWidthError(`${f.name} must be digits: ${text}`, line);
      out += text.padStart(f.width, '0');
    } else {
      out += text + ' '.repeat(f.width - chars.length);
    }
  }
  return out;
}

export function parseRecord(text: string, fields: FieldSpec[], line: number): Record<string, string> {
  const chars = Array.from(text);
  if (chars.length !== recordWidth(fields)) throw new FixedWidthError(`expected ${recordWidth(fields)} characters, got ${chars.length}`, line);
  const out: Record<string, string> = {};
  let pos = 1;
  for (const f of fields) {
    const v = chars.slice(pos, pos + f.width).join('');
    if (f.kind === 'num' && !/^\d+$/.test(v)) throw new FixedWidthError(`${f.name} must be digits: "${v}"`, line);
    out[f.name] = f.kind === 'num' ? String(Number(v)) : v.trimEnd();
    pos += f.width;
  }
  return out;
}

export const checksumOf = (lines: string[]) => createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
