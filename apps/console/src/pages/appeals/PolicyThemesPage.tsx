import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, InputNumber, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { chinaDay } from '../../lib/appeals';
import { SimpleList } from './shared/SimpleList';
import type { PolicyFlag, PolicyTheme } from './shared/types';

/** 政策转化: themes many firms raise (category + keywords) with matching policy items and units; push them as 提示 to the policy makers (未诉先办). */
export default function PolicyThemesPage() {
  const { user } = useAuth();
  const today = dayjs(chinaDay(new Date()));
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.subtract(3, 'month'), today]);
  const [minFirms, setMinFirms] = useState<number>(3);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const qc = useQueryClient();
  const themes = useQuery({ queryKey: ['appeals', 'themes', from, to, minFirms], queryFn: () => call(api.GET('/api/v1/appeals/policy-themes', { params: { query: { from, to, minFirms } } })) });
  const flags = useQuery({ queryKey: ['appeals', 'flags', 'all'], queryFn: () => call(api.GET('/api/v1/appeals/policy-flags', { params: { query: {} } })) });
  const flag = useMutation({
    mutationFn: () => call(api.POST('/api/v1/appeals/policy-themes/flag', { body: { from, to, minFirms } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['appeals', 'flags'] }),
  });
  return (
    <>
      <PageHeader
        title="政策转化"
        description="多家企业反映的共性问题，及可能相关的政策事项和部门。"
        extra={user?.role === 'supervisor' ? <Button type="primary" loading={flag.isPending} onClick={() => flag.mutate()} disabled={!themes.data?.length}>推送共性诉求提示</Button> : null}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker aria-label="反映日期" allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <span>至少</span>
        <InputNumber aria-label="至少企业数" min={2} max={1000} precision={0} value={minFirms} onChange={(v) => setMinFirms(v ?? 3)} />
        <span>家企业反映</span>
      </Space>
      <ErrorAlert error={flag.error} />
      {flag.data ? <Alert type="success" showIcon title={`已向 ${flag.data.length} 个部门推送提示`} style={{ marginBottom: 16 }} /> : null}
      <QueryState query={themes} isEmpty={(d) => d.length === 0} emptyText="该期间没有多家企业反映的共性诉求">
        {(rows) => (
          <Table<PolicyTheme>
            rowKey={(t) => `${t.category}:${t.terms.join(',')}`}
            pagination={false}
            dataSource={rows}
            columns={[
              { title: '类别', dataIndex: 'categoryLabel', width: 100 },
              { title: '关键词', dataIndex: 'terms', render: (t: string[]) => t.map((x) => <Tag key={x}>{x}</Tag>) },
              { title: '企业数', dataIndex: 'firmCount', width: 80 },
              { title: '诉求数', dataIndex: 'appealCount', width: 80 },
              { title: '示例', dataIndex: 'sampleTitles', render: (t: string[]) => t.slice(0, 3).join('；') },
              { title: '相关政策事项', dataIndex: 'matchingItems', render: (items: PolicyTheme['matchingItems']) => (items.length ? items.map((i) => `${i.itemName}（${i.department}）`).join('；') : '—') },
              { title: '应提示部门', dataIndex: 'departments', render: (d: PolicyTheme['departments']) => d.map((x) => x.name).join('、') },
            ]}
          />
        )}
      </QueryState>
      <Card size="small" title="已推送的提示" style={{ marginTop: 16 }}>
        <FlagList query={flags.data} />
      </Card>
    </>
  );
}

export function FlagList({ query, onAcknowledge, pending }: { query: PolicyFlag[] | undefined; onAcknowledge?: (id: string) => void; pending?: boolean }) {
  return (
    <SimpleList
      items={query ?? []}
      rowKey={(f) => f.id}
      label="共性诉求提示"
      emptyText="暂无提示"
      actions={(f) => (onAcknowledge && f.status === 'open' ? <Button size="small" loading={pending} onClick={() => onAcknowledge(f.id)}>确认收悉</Button> : null)}
    >
      {(f) => (
        <Space wrap>
          <Tag color={f.status === 'open' ? 'gold' : 'green'}>{f.statusLabel}</Tag>
          <span>{f.categoryLabel}：{f.terms.join('、')}</span>
          <span>{f.firmCount} 家企业</span>
          <span>{f.department.name}</span>
          <span>{f.periodFrom} 至 {f.periodTo}</span>
        </Space>
      )}
    </SimpleList>
  );
}
