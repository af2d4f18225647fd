import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Input, InputNumber, Modal, Space, Table } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { QueryState } from '../../components/QueryState';
import { formatFen } from '../../lib/money';
import type { BatchFilter } from '../../api/types';

/**
 * 经办组批: what a batch with the list's filters would take (count, total, per fund pool against its
 * budget), then create it — as a draft, or submitted for review (复核) at once.
 */
export function BatchBuilder({ filter, open, onClose }: { filter: BatchFilter; open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [limit, setLimit] = useState<number | null>(null);
  const preview = useQuery({
    queryKey: ['payouts', 'batch-preview', filter],
    queryFn: () => call(api.POST('/api/v1/payouts/batches/preview', { body: filter })),
    enabled: open,
  });
  const create = useMutation({
    mutationFn: async (submit: boolean) => {
      const batch = await call(api.POST('/api/v1/payouts/batches', { body: { title: title.trim() || undefined, filter, limit: limit ?? undefined } }));
      return submit ? call(api.POST('/api/v1/payouts/batches/{id}/submit', { params: { path: { id: batch.id } } })) : batch;
    },
    onSuccess: async (batch) => {
      await queryClient.invalidateQueries({ queryKey: ['payouts'] });
      onClose();
      void navigate(`/staff/finance/batches/${batch.id}`);
    },
  });
  return (
    <Modal
      title="组建兑付批次"
      open={open}
      onCancel={onClose}
      width={720}
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button loading={create.isPending} disabled={!preview.data?.count} onClick={() => create.mutate(false)}>
            仅生成草稿
          </Button>
          <Button type="primary" loading={create.isPending} disabled={!preview.data?.count} onClick={() => create.mutate(true)}>
            生成并提交复核
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={create.error} />
      <QueryState query={preview} isEmpty={(d) => d.count === 0} emptyText="当前筛选条件下没有待组批的兑付指令">
        {(d) => (
          <>
            <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label="指令笔数">{d.count}</Descriptions.Item>
              <Descriptions.Item label="合计金额">{formatFen(d.totalFen)}</Descriptions.Item>
            </Descriptions>
            <Table
              size="small"
              rowKey="fundPoolId"
              pagination={false}
              dataSource={d.byPool}
              columns={[
                { title: '资金池（事项）', key: 'pool', render: (_, r) => r.itemName ?? r.fundPoolId },
                { title: '笔数', dataIndex: 'count', align: 'right' },
                { title: '金额', dataIndex: 'totalFen', align: 'right', render: (v: number) => formatFen(v) },
                { title: '预算', dataIndex: 'budgetFen', align: 'right', render: (v: number | null) => (v === null ? '不限' : formatFen(v)) },
                { title: '已占用', dataIndex: 'committedFen', align: 'right', render: (v: number) => formatFen(v) },
              ]}
            />
            {d.byPool.some((p) => p.budgetFen !== null && p.committedFen + p.totalFen > p.budgetFen) ? (
              <Alert style={{ marginTop: 12 }} type="warning" showIcon title="部分资金池余额不足以覆盖本批次，复核时将被拒绝，请缩小范围或减少笔数。" />
            ) : null}
            <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
              <label>
                批次标题（可选）
                <Input aria-label="批次标题" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} placeholder="例如：2026年12月研发补助第一批" />
              </label>
              <label>
                最多纳入笔数（可选）
                <InputNumber aria-label="最多纳入笔数" min={1} max={200000} precision={0} value={limit} onChange={(v) => setLimit(v)} style={{ width: '100%' }} />
              </label>
            </Space>
          </>
        )}
      </QueryState>
    </Modal>
  );
}
