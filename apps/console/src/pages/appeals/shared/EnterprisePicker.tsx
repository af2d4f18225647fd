import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { api, call } from '../../../api/client';

/** Picks a firm by name or credit code (searching the 一企一档 list as one types). */
export function EnterprisePicker({ value, onChange, label = '企业', style }: { value?: string; onChange?: (id: string) => void; label?: string; style?: React.CSSProperties }) {
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const hits = useQuery({
    queryKey: ['enterprises', 'pick', q],
    queryFn: () => call(api.GET('/api/v1/enterprises', { params: { query: { q: q || undefined, pageSize: 20 } } })),
    staleTime: 60_000,
  });
  return (
    <Select
      aria-label={label}
      showSearch
      filterOption={false}
      onSearch={setText}
      value={value}
      onChange={onChange}
      loading={hits.isFetching}
      placeholder="输入企业名称或信用代码"
      options={(hits.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
      style={{ width: 320, ...style }}
      notFoundContent={hits.isFetching ? '查找中…' : '没有找到企业'}
    />
  );
}
