import type { TablePaginationConfig } from 'antd';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

const positive = (v: string | null, fallback: number, max = 10_000) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
};

/**
 * Pagination kept in the URL (?page=2&pageSize=20), so a page of a list is a deep link and Back
 * works. Pass `page`/`pageSize` to the API; spread `pagination(total)` into an antd Table or List.
 */
export function usePageParams(defaultPageSize = 20) {
  const [params, setParams] = useSearchParams();
  const page = positive(params.get('page'), 1);
  const pageSize = positive(params.get('pageSize'), defaultPageSize, 200);

  const setPage = useCallback(
    (next: number, size: number = pageSize) =>
      setParams((prev) => {
        const p = new URLSearchParams(prev);
        p.set('page', String(size !== pageSize ? 1 : next));
        p.set('pageSize', String(size));
        return p;
      }),
    [pageSize, setParams],
  );

  const pagination = (total: number): TablePaginationConfig => ({
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (t) => `共 ${t} 条`,
    onChange: (p, s) => setPage(p, s),
  });

  return { page, pageSize, setPage, pagination };
}
