/** Shared display helpers of the finance pages. */
export const dateTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/** A URL search param, or undefined when absent/empty (for API filters). */
export const param = (params: URLSearchParams, key: string): string | undefined => params.get(key) || undefined;
