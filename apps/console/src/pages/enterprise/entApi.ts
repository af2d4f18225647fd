import type { TablePaginationConfig } from 'antd';
import { useRef } from 'react';
import { ApiError } from '../../api/errors';

const newKey = () =>
  typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;

/**
 * An `Idempotency-Key` for one intended action: the same key while a request may be repeated (a
 * double click, a retry after a lost answer), a new one after an answer — the API refuses a key
 * reused with another body (e.g. a corrected verification code).
 *
 *   const idem = useIdempotencyKey();
 *   mutationFn: () => call(api.POST(path, { headers: idem.headers() })), onSettled: idem.renew
 */
export function useIdempotencyKey() {
  const key = useRef<string>(newKey());
  return {
    headers: () => ({ 'Idempotency-Key': key.current }),
    /** After an answer (success or a refusal): the next attempt is a new request. A network failure keeps the key. */
    renew: (_data?: unknown, error?: unknown) => {
      if (error && (!(error instanceof ApiError) || error.code === 'NETWORK')) return;
      key.current = newKey();
    },
  };
}

export const MODE_HELP: Record<string, string> = {
  no_application: '免申即享：无需申请，系统已为符合条件的企业生成申请，审核公示后确认收款账户即可。',
  instant: '即申即享：提交后自动核验，通过即批准。',
  application: '申请制：上传申报材料、签署信用承诺后提交，由主管部门审核。',
  commitment: '承诺兑现：签署信用承诺即可提交，先行兑现，事后核查。',
};

/** usePageParams' table pagination, for an antd List on a phone (no table-only placement options). */
export function listPagination(cfg: TablePaginationConfig, more: { showSizeChanger?: boolean } = {}) {
  const { position: _position, placement: _placement, ...rest } = cfg;
  return { ...rest, ...more, size: 'small' as const, align: 'center' as const };
}
