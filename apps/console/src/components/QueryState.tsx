import type { UseQueryResult } from '@tanstack/react-query';
import { Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { ErrorResult } from './ErrorResult';

/**
 * The three states every page has, in one place: loading (skeleton), error (the API's message and
 * a retry), empty (a Chinese "nothing here"), then the content.
 *
 *   <QueryState query={q} isEmpty={(d) => d.items.length === 0} emptyText="没有符合条件的政策">
 *     {(d) => <List dataSource={d.items} … />}
 *   </QueryState>
 */
export function QueryState<T>({
  query,
  children,
  isEmpty,
  emptyText = '暂无数据',
  rows = 4,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  emptyText?: ReactNode;
  rows?: number;
}) {
  if (query.isPending) return <Skeleton active paragraph={{ rows }} />;
  if (query.isError) return <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <Empty description={emptyText} />;
  return <>{children(query.data)}</>;
}
