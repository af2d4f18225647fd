/**
 * The one error type of domain code: a stable code (`POLICY.NOT_FOUND`), a Chinese message for
 * people and structured details for programs. Mapped to HTTP by DomainErrorFilter.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? catalogue.get(code)?.message ?? code);
    this.name = 'DomainError';
  }
}

/** What a code means to HTTP and to people: its status and its default Chinese message. */
export interface ErrorSpec {
  status: number;
  message: string;
  /** The lib whose catalogue defines it. */
  lib: string;
}

const catalogue = new Map<string, ErrorSpec>();

/**
 * A lib's error catalogue: every code it throws, each with its HTTP status stated (never inferred)
 * and its default Chinese message. Defined once per lib in `<lib>.errors.ts`; a code defined twice
 * is a programming error. A test checks that every code thrown anywhere is in a catalogue.
 */
export function defineErrors<const T extends Record<string, readonly [number, string]>>(lib: string, entries: T): T {
  for (const [code, [status, message]] of Object.entries(entries)) {
    const existing = catalogue.get(code);
    if (existing && existing.lib !== lib) throw new Error(`error code ${code} defined by both ${existing.lib} and ${lib}`);
    catalogue.set(code, { status, message, lib });
  }
  return entries;
}

/** Every catalogued code (for the catalogue test and documentation). */
export function errorCatalogue(): ReadonlyMap<string, ErrorSpec> {
  return catalogue;
}

/** The HTTP status of a code; an uncatalogued code (a bug the catalogue test catches) answers 422. */
export function statusOf(code: string): number {
  return catalogue.get(code)?.status ?? 422;
}

export const notFound = (what: string, id?: string) =>
  new DomainError(`${what}.NOT_FOUND`, '记录不存在或无权访问', id === undefined ? undefined : { id });
