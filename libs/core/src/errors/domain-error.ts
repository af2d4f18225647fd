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
    super(message ?? code);
    this.name = 'DomainError';
  }
}

/** HTTP status per code suffix; specific codes may be registered by modules. */
const SUFFIX_STATUS: Array<[RegExp, number]> = [
  [/\.NOT_FOUND$/, 404],
  [/\.FORBIDDEN$/, 403],
  [/^AUTH\.UNAUTHENTICATED$/, 401],
  [/^AUTH\.INVALID_CREDENTIALS$/, 401],
  [/^AUTH\.RATE_LIMITED$/, 429],
  [/\.(CONFLICT|ALREADY_EXISTS|DUPLICATE|INVALID_STATE|STALE)$/, 409],
  [/^VALIDATION\./, 400],
  [/\.(\w+_)?REQUIRED$/, 400],
  [/\.UNSUPPORTED_\w+$/, 400],
  [/\.\w*(_INVALID|_EMPTY|_UNPARSABLE)$/, 400],
  [/\.\w*TOO_LARGE$/, 413],
  [/\.INVALID(_[A-Z_]+)?$/, 400],
];

const registered = new Map<string, number>();

/** Lets a module register the status of a code that does not follow the suffix conventions. */
export function registerErrorStatus(code: string, status: number): void {
  registered.set(code, status);
}

export function statusOf(code: string): number {
  const exact = registered.get(code);
  if (exact) return exact;
  for (const [re, status] of SUFFIX_STATUS) if (re.test(code)) return status;
  return 422;
}

export const notFound = (what: string, id?: string) =>
  new DomainError(`${what}.NOT_FOUND`, '记录不存在或无权访问', id === undefined ? undefined : { id });
