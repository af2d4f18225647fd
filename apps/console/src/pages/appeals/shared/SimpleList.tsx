import { Empty } from 'antd';
import type { ReactNode } from 'react';

const row: React.CSSProperties = { display: 'flex', gap: 12, alignItems: 'center', justifyContent: 'space-between', padding: '10px 0', borderBottom: '1px solid #f0f0f0' };

/** A plain list (antd's List is deprecated in 6.6): one row per item, its actions on the right. */
export function SimpleList<T>({ items, rowKey, children, actions, emptyText = '暂无数据', label }: {
  items: readonly T[];
  rowKey: (item: T) => string;
  children: (item: T) => ReactNode;
  actions?: (item: T) => ReactNode;
  emptyText?: ReactNode;
  label?: string;
}) {
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />;
  return (
    <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => (
        <li key={rowKey(item)} style={row}>
          <div style={{ minWidth: 0, flex: 1 }}>{children(item)}</div>
          {actions ? <div style={{ flexShrink: 0 }}>{actions(item)}</div> : null}
        </li>
      ))}
    </ul>
  );
}
