import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen } from '../../lib/money';
import { dateTime } from './format';
import type { BatchStatus, BatchView } from '../../api/types';
import { BATCH_STATUS_COLORS, BATCH_STATUS_LABELS } from './labels';

const STATUSES = Object.keys(BATCH_STATUS_LABELS) as BatchStatus[];

/** 兑付批次: every batch with its maker; the checker opens one to review it. */
export default function BatchesPage() {
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(20);
  const raw = params.get('status');
  const status = STATUSES.includes(raw as BatchStatus) ? (raw as BatchStatus) : undefined;
  const batches = useQuery({
    queryKey: ['payouts', 'batches', status, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/payouts/batches', { params: { query: { status, page, pageSize } } })),
  });
  return (
    <>
      <PageHeader title="兑付批次" description="经办组批、复核审批。复核人不能复核本人组批的批次（四眼原则）。" />
      <Space style={{ marginBottom: 16 }}>
        <Select
          aria-label="批次状态"
          placeholder="全部状态"
          allowClear
          style={{ width: 180 }}
          value={status}
          onChange={(v?: BatchStatus) =>
            setParams((prev) => {
              const p = new URLSearchParams(prev);
              if (v) p.set('status', v);
              else p.delete('status');
              p.set('page', '1');
              return p;
            })
          }
          options={STATUSES.map((s) => ({ value: s, label: BATCH_STATUS_LABELS[s] }))}
        />
      </Space>
      <QueryState query={batches} isEmpty={(d) => d.total === 0} emptyText={status ? `暂无“${BATCH_STATUS_LABELS[status]}”的批次` : '暂无兑付批次'}>
        {(d) => (
          <Table<BatchView>
            rowKey="id"
            dataSource={d.items}
            pagination={pagination(d.total)}
            columns={[
              { title: '批次号', dataIndex: 'batchNo', render: (v: string, r) => <Link to={`/staff/finance/batches/${r.id}`}>{v}</Link> },
              { title: '标题', dataIndex: 'title' },
              { title: '状态', dataIndex: 'status', render: (v: BatchStatus, r) => <Tag color={BATCH_STATUS_COLORS[v]}>{r.statusLabel}</Tag> },
              { title: '笔数', dataIndex: 'instructionCount', align: 'right' },
              { title: '金额', dataIndex: 'totalFen', align: 'right', render: (v: number) => formatFen(v) },
              { title: '经办人', dataIndex: 'createdByName', render: (v: string | null) => v ?? '—' },
              { title: '创建时间', dataIndex: 'createdAt', render: dateTime },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
