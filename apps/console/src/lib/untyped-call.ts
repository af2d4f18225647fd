import { call } from '../api/client';

type Result = { data?: unknown; error?: unknown; response: Response };

/**
 * `call()` for routes whose response has no type in the OpenAPI document yet (`content?: never`):
 * the caller names the shape it reads (declared beside the page, from the service's return type).
 * Errors are the same ApiError as `call()`.
 */
export function callAs<T>(request: Promise<Result>): Promise<T> {
  return call<unknown>(request) as Promise<T>;
}

/** Offers a downloaded file (Blob) to the user under `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
