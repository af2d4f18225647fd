/**
 * The API answers every error with `{ code, message, details }` (message in Chinese). The console
 * turns each failed call into an ApiError and shows `message` — never a blank page, never a stack.
 */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Status 0: the request never reached the platform. */
export const NETWORK_ERROR_MESSAGE = '无法连接服务器，请检查网络后重试';

const FALLBACK: Record<number, string> = {
  400: '请求参数不合法',
  401: '请先登录',
  403: '无权执行此操作',
  404: '内容不存在或无权访问',
  409: '数据已变化，请刷新后重试',
  413: '提交的内容过大',
  429: '操作过于频繁，请稍后再试',
};

function isErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ApiErrorBody).code === 'string' && typeof (body as ApiErrorBody).message === 'string';
}

/** The error of a failed response: the API's own code and Chinese message when it sent them. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.code, body.message, body.details);
  if (status === 0) return new ApiError(0, 'NETWORK', NETWORK_ERROR_MESSAGE);
  return new ApiError(status, `HTTP.${status}`, FALLBACK[status] ?? (status >= 500 ? '服务器暂时无法处理请求，请稍后重试' : `请求失败（${status}）`));
}

/** What to show a person for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof TypeError) return NETWORK_ERROR_MESSAGE; // fetch rejects with TypeError when offline
  if (e instanceof RangeError) return e.message; // our own input checks (money) carry Chinese text
  return '发生未知错误，请刷新页面后重试';
}

/** Field-level problems the API points at (validation `details.errors`), as text lines. */
export function errorDetails(e: unknown): string[] {
  if (!(e instanceof ApiError) || typeof e.details !== 'object' || e.details === null) return [];
  const errors = (e.details as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x !== null && 'message' in x ? String((x as { message: unknown }).message) : JSON.stringify(x)));
}
