import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen, yuanToFen } from '../../lib/money';
import type { Application } from '../../api/types';
import { useFactRegistry } from './useDeptData';

const toFen = (v: string | null) => {
  try {
    return yuanToFen(v) ?? undefined;
  } catch {
    return undefined;
  }
};

/** 免申即享批量审核: the pre-qualified list of an item, approved at once (all, or the selected), with a spot-check sample. */
export default function BatchesPage() {
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(50);
  const itemId = params.get('itemId') ?? undefined;
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string[]>([]);
  const [range, setRange] = useState<{ min: string | null; max: string | null }>({ min: null, max: null });
  const [comment, setComment] = useState('');
  const facts = useFactRegistry();
  const factLabel = (key: string) => facts.data?.find((f) => f.key === key)?.label ?? key;

  // the items that have pre-qualified applications (the filter's options)
  const all = useQuery({
    queryKey: ['dept', 'prequalified-items'],
    queryFn: () => call(api.GET('/api/v1/review/queue', { params: { query: { state: 'pre_qualified', page: 1, pageSize: 200 } } })),
  });
  const items = useMemo(() => {
    const m = new Map<string, string>();
    for (const a of all.data?.items ?? []) m.set(a.itemId, a.itemName);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [all.data]);

  const queue = useQuery({
    queryKey: ['dept', 'prequalified', itemId, page, pageSize],
    enabled: !!itemId,
    queryFn: () => call(api.GET('/api/v1/review/queue', { params: { query: { state: 'pre_qualified', itemId, page, pageSize } } })),
    placeholderData: keepPreviousData,
  });

  const approve = useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/review/batch-approve', {
        body: { itemId: itemId!, ids: selected.length ? selected : undefined, minAmountFen: toFen(range.min), maxAmountFen: toFen(range.max), comment: comment.trim() || undefined },
      })),
    onSuccess: () => {
      setSelected([]);
      void queryClient.invalidateQueries({ queryKey: ['dept'] });
    },
  });

  return (
    <>
      <PageHeader title="免申即享批量审核" description="免申即享事项的预审通过名单：按事项批量审核通过（可只选部分或按金额区间），通过后给出抽查样本以便核对依据数据。" />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>兑现事项</span>
          <Select
            aria-label="兑现事项"
            style={{ width: 320 }}
            placeholder="选择事项"
            loading={all.isPending}
            value={itemId}
            options={items}
            onChange={(v: string) => { setSelected([]); approve.reset(); setParams((prev) => { const p = new URLSearchParams(prev); p.set('itemId', v); p.delete('page'); return p; }); }}
          />
          <span>金额</span>
          <InputNumber<string> aria-label="最低金额" stringMode precision={2} min="0" suffix="元" value={range.min} onChange={(min) => setRange((r) => ({ ...r, min }))} />
          <span>至</span>
          <InputNumber<string> aria-label="最高金额" stringMode precision={2} min="0" suffix="元" value={range.max} onChange={(max) => setRange((r) => ({ ...r, max }))} />
        </Space>
        {all.data && items.length === 0 ? <Alert style={{ marginTop: 12 }} type="info" showIcon title="暂无待批量审核的预审名单" /> : null}
      </Card>
      {itemId ? (
        <Card title="预审通过名单">
          <QueryState query={queue} isEmpty={(d) => d.total === 0} emptyText="该事项暂无预审通过的申请">
            {(d) => (
              <>
                <Space style={{ marginBottom: 12 }} wrap>
                  <span>{`共 ${d.total} 家，合计 ${formatFen(d.amountFen)}`}</span>
                  {d.flaggedCount ? <Tag color="orange">{`${d.flaggedCount} 家依据了人工修改的数据`}</Tag> : null}
                  <Input aria-label="审核意见" style={{ width: 260 }} placeholder="审核意见（选填）" value={comment} onChange={(e) => setComment(e.target.value)} />
                  <Button type="primary" loading={approve.isPending} onClick={() => approve.mutate()}>
                    {selected.length ? `批量通过所选 ${selected.length} 家` : '批量通过全部（符合金额区间）'}
                  </Button>
                </Space>
                <ErrorAlert error={approve.error} />
                <Table<Application>
                  rowKey="id"
                  size="small"
                  dataSource={d.items}
                  pagination={pagination(d.total)}
                  rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
                  columns={[
                    { title: '企业', dataIndex: 'enterpriseName' },
                    { title: '金额', dataIndex: 'amountFen', width: 160, render: (v: number) => formatFen(v) },
                    { title: '标记', dataIndex: 'flagged', width: 140, render: (f?: boolean) => (f ? <Tag color="orange">人工修改数据</Tag> : null) },
                  ]}
                />
              </>
            )}
          </QueryState>
        </Card>
      ) : null}
      {approve.data ? (
        <Card title="抽查样本" style={{ marginTop: 16 }}>
          <Alert type="success" showIcon style={{ marginBottom: 12 }} title={`已批量通过 ${approve.data.approved} 家，合计 ${formatFen(approve.data.amountFen)}。请核对以下随机抽取的样本及其依据数据。`} />
          <Table<Application>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={approve.data.sample}
            columns={[
              { title: '企业', dataIndex: 'enterpriseName', width: 220 },
              { title: '金额', dataIndex: 'amountFen', width: 140, render: (v: number) => formatFen(v) },
              { title: '依据数据', dataIndex: 'facts', render: (f: Application['facts']) => (f ? Object.entries(f).map(([k, v]) => `${factLabel(k)}：${Array.isArray(v) ? v.join('、') : String(v)}`).join('；') : '—') },
            ]}
          />
        </Card>
      ) : null}
    </>
  );
}
