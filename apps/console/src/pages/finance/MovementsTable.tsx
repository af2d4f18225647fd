import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, InputNumber, Modal, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { QueryState } from '../../components/QueryState';
import { movementRefusal } from '../../lib/four-eyes';
import { formatFen, yuanToFen } from '../../lib/money';
import { dateTime } from './format';
import type { FundPool, MovementStatus, PoolMovement } from '../../api/types';
import { MOVEMENT_KIND_LABELS, MOVEMENT_STATUS_COLORS, MOVEMENT_STATUS_LABELS } from './labels';

/**
 * 追加与调拨 requests with their decision. A finance checker other than the requester approves or
 * rejects a pending one; everyone else sees why they may not (四眼原则).
 */
export function MovementsTable({
  fundPoolId,
  status,
  page,
  pageSize,
  pagination,
  poolNames,
}: {
  fundPoolId?: string;
  status?: MovementStatus;
  page: number;
  pageSize: number;
  pagination: (total: number) => object;
  poolNames?: Map<string, string>;
}) {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState<PoolMovement | null>(null);
  const [reason, setReason] = useState('');
  const movements = useQuery({
    queryKey: ['payouts', 'pool-movements', fundPoolId, status, page, pageSize],
    queryFn: () =>
      call(api.GET('/api/v1/payouts/pools/movements', { params: { query: { fundPoolId, status, page, pageSize } } })),
  });
  const decide = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'approve' | 'reject' }) =>
      action === 'approve'
        ? call(api.POST('/api/v1/payouts/pools/movements/{id}/approve', { params: { path: { id } } }))
        : call(api.POST('/api/v1/payouts/pools/movements/{id}/reject', { params: { path: { id } }, body: { reason: reason.trim() } })),
    onSuccess: async () => {
      setRejecting(null);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['payouts'] });
    },
  });
  const name = (id: string | null) => (id ? (poolNames?.get(id) ?? id) : '—');
  return (
    <>
      {!rejecting ? <ErrorAlert error={decide.error} /> : null}
      <QueryState query={movements} isEmpty={(d) => d.total === 0} emptyText="暂无追加或调拨申请">
        {(d) => (
          <Table<PoolMovement>
            rowKey="id"
            size="small"
            dataSource={d.items}
            pagination={pagination(d.total)}
            columns={[
              { title: '类型', dataIndex: 'kind', render: (v: PoolMovement['kind']) => MOVEMENT_KIND_LABELS[v] },
              { title: '调出资金池', dataIndex: 'fromPoolId', render: name },
              { title: '调入/追加资金池', dataIndex: 'toPoolId', render: name },
              { title: '金额', dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
              { title: '事由', dataIndex: 'reason' },
              { title: '申请人', dataIndex: 'requestedByName', render: (v: string | null) => v ?? '—' },
              { title: '申请时间', dataIndex: 'requestedAt', render: dateTime },
              {
                title: '状态',
                dataIndex: 'status',
                render: (v: MovementStatus, r) => (
                  <Space direction="vertical" size={0}>
                    <Tag color={MOVEMENT_STATUS_COLORS[v]}>{MOVEMENT_STATUS_LABELS[v]}</Tag>
                    {r.rejectReason ? <span>退回原因：{r.rejectReason}</span> : null}
                  </Space>
                ),
              },
              {
                title: '操作',
                key: 'actions',
                render: (_: unknown, r) => {
                  if (r.status !== 'requested') return dateTime(r.decidedAt);
                  const refusal = movementRefusal(user, r);
                  if (refusal) {
                    return (
                      <Tooltip title={refusal}>
                        <span data-testid="movement-refusal">{refusal}</span>
                      </Tooltip>
                    );
                  }
                  return (
                    <Space>
                      <Button size="small" type="primary" loading={decide.isPending} onClick={() => decide.mutate({ id: r.id, action: 'approve' })}>
                        批准
                      </Button>
                      <Button size="small" danger onClick={() => setRejecting(r)}>
                        退回
                      </Button>
                    </Space>
                  );
                },
              },
            ]}
          />
        )}
      </QueryState>
      <Modal
        title="退回申请"
        open={rejecting !== null}
        onCancel={() => setRejecting(null)}
        okText="确认退回"
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: decide.isPending }}
        onOk={() => rejecting && decide.mutate({ id: rejecting.id, action: 'reject' })}
      >
        <ErrorAlert error={decide.error} />
        <Input.TextArea aria-label="退回原因" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请填写退回原因" />
      </Modal>
    </>
  );
}

/** The maker's request form: 追加 a pool's budget or 调拨 between two pools. Nothing moves until a checker approves. */
export function RequestMovementButton({ pools, defaultPoolId }: { pools: FundPool[]; defaultPoolId?: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<PoolMovement['kind']>('top_up');
  const [toPoolId, setTo] = useState<string | undefined>(defaultPoolId);
  const [fromPoolId, setFrom] = useState<string | undefined>();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const fen = yuanFen(amount);
  const request = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/payouts/pools/movements', {
          body: { kind, toPoolId: toPoolId ?? '', fromPoolId: kind === 'transfer' ? fromPoolId : undefined, amountFen: fen ?? 0, reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      setOpen(false);
      setAmount('');
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['payouts'] });
    },
  });
  const options = pools.map((p) => ({ value: p.id, label: p.itemName ?? p.id }));
  const ready = !!toPoolId && fen !== null && fen > 0 && reason.trim().length > 0 && (kind === 'top_up' || (!!fromPoolId && fromPoolId !== toPoolId));
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        申请追加/调拨
      </Button>
      <Modal
        title="申请追加或调拨"
        open={open}
        onCancel={() => setOpen(false)}
        okText="提交申请"
        okButtonProps={{ disabled: !ready, loading: request.isPending }}
        onOk={() => request.mutate()}
      >
        <ErrorAlert error={request.error} />
        <p>提交后由另一位财政复核人员审批，批准后额度才会变动。</p>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            aria-label="申请类型"
            value={kind}
            onChange={setKind}
            style={{ width: '100%' }}
            options={(Object.keys(MOVEMENT_KIND_LABELS) as Array<PoolMovement['kind']>).map((k) => ({ value: k, label: MOVEMENT_KIND_LABELS[k] }))}
          />
          {kind === 'transfer' ? (
            <Select aria-label="调出资金池" placeholder="调出资金池" showSearch optionFilterProp="label" value={fromPoolId} onChange={setFrom} style={{ width: '100%' }} options={options} />
          ) : null}
          <Select
            aria-label={kind === 'transfer' ? '调入资金池' : '追加资金池'}
            placeholder={kind === 'transfer' ? '调入资金池' : '追加资金池'}
            showSearch
            optionFilterProp="label"
            value={toPoolId}
            onChange={setTo}
            style={{ width: '100%' }}
            options={options}
          />
          <InputNumber<string>
            aria-label="金额（元）"
            placeholder="金额"
            suffix="元"
            stringMode
            precision={2}
            min="0.01"
            style={{ width: '100%' }}
            value={amount || null}
            onChange={(v) => setAmount(v ?? '')}
          />
          <Input.TextArea aria-label="事由" placeholder="事由（如预算调整文号）" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Space>
      </Modal>
    </>
  );
}

function yuanFen(text: string): number | null {
  try {
    return yuanToFen(text);
  } catch {
    return null;
  }
}
