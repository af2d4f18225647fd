import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { reviewRefusal } from '../../lib/four-eyes';
import { formatFen } from '../../lib/money';
import { dateTime } from './format';
import { JournalTable } from './JournalTable';
import type { InstructionStatus, PayoutInstruction } from '../../api/types';
import { BATCH_STATUS_COLORS, INSTRUCTION_STATUS_COLORS, INSTRUCTION_STATUS_LABELS } from './labels';

/** 批次明细: the batch, its review (maker shown; own batches not approvable), and each instruction's state and journal. */
export default function BatchDetailPage() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const { page, pageSize, pagination } = usePageParams(20);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const batch = useQuery({
    queryKey: ['payouts', 'batch', id],
    queryFn: () => call(api.GET('/api/v1/payouts/batches/{id}', { params: { path: { id } } })),
  });
  const instructions = useQuery({
    queryKey: ['payouts', 'instructions', 'batch', id, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/payouts/instructions', { params: { query: { batchId: id, page, pageSize } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['payouts'] });
  const act = useMutation({
    mutationFn: (action: 'submit' | 'approve' | 'reject') => {
      const path = { params: { path: { id } } };
      if (action === 'reject') return call(api.POST('/api/v1/payouts/batches/{id}/reject', { ...path, body: { reason: reason.trim() } }));
      if (action === 'approve') return call(api.POST('/api/v1/payouts/batches/{id}/approve', path));
      return call(api.POST('/api/v1/payouts/batches/{id}/submit', path));
    },
    onSuccess: async () => {
      setRejecting(false);
      await refresh();
    },
  });

  return (
    <QueryState query={batch}>
      {(b) => {
        const refusal = reviewRefusal(user, b);
        const canSubmit = b.status === 'draft' && (user?.role === 'finance_maker' || user?.role === 'dept_payer_maker' || user?.role === 'admin') && user?.id === b.createdBy;
        return (
          <>
            <PageHeader
              title={`兑付批次 ${b.batchNo}`}
              description={<Link to="/staff/finance/batches">返回批次列表</Link>}
              extra={
                <Space>
                  {canSubmit ? (
                    <Button type="primary" loading={act.isPending} onClick={() => act.mutate('submit')}>
                      提交复核
                    </Button>
                  ) : null}
                  {b.status === 'submitted' ? (
                    <>
                      <Button type="primary" disabled={refusal !== null} loading={act.isPending && act.variables === 'approve'} onClick={() => act.mutate('approve')} title={refusal ?? undefined}>
                        复核通过
                      </Button>
                      <Button danger disabled={refusal !== null} onClick={() => setRejecting(true)} title={refusal ?? undefined}>
                        退回
                      </Button>
                    </>
                  ) : null}
                </Space>
              }
            />
            {b.status === 'submitted' && refusal ? <Alert type="info" showIcon title={`不能复核：${refusal}`} style={{ marginBottom: 16 }} /> : null}
            {!rejecting ? <ErrorAlert error={act.error} /> : null}
            <Card style={{ marginBottom: 16 }}>
              <Descriptions column={3} size="small">
                <Descriptions.Item label="标题">{b.title}</Descriptions.Item>
                <Descriptions.Item label="状态">
                  <Tag color={BATCH_STATUS_COLORS[b.status]}>{b.statusLabel}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label="经办人">{b.createdByName ?? b.createdBy}</Descriptions.Item>
                <Descriptions.Item label="指令笔数">{b.instructionCount}</Descriptions.Item>
                <Descriptions.Item label="合计金额">{formatFen(b.totalFen)}</Descriptions.Item>
                <Descriptions.Item label="创建时间">{dateTime(b.createdAt)}</Descriptions.Item>
                <Descriptions.Item label="复核时间">{dateTime(b.approvedAt)}</Descriptions.Item>
                <Descriptions.Item label="完成时间">{dateTime(b.completedAt)}</Descriptions.Item>
                {b.rejectReason ? <Descriptions.Item label="退回原因">{b.rejectReason}</Descriptions.Item> : null}
                <Descriptions.Item label="支付进度" span={3}>
                  {Object.entries(b.progress).length ? Object.entries(b.progress).map(([s, n]) => <Tag key={s} color={INSTRUCTION_STATUS_COLORS[s as InstructionStatus]}>{`${INSTRUCTION_STATUS_LABELS[s as InstructionStatus] ?? s} ${n} 笔`}</Tag>) : '—'}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title="批次内兑付指令">
              <QueryState query={instructions} isEmpty={(d) => d.total === 0} emptyText="批次内没有指令（已退回的批次，指令回到待兑付）">
                {(d) => (
                  <Table<PayoutInstruction>
                    rowKey="id"
                    dataSource={d.items}
                    pagination={pagination(d.total)}
                    // Each instruction's journal, for finance and for the department paying the batch alike.
                    expandable={{ expandedRowRender: (r) => <JournalTable instructionId={r.id} />, expandRowByClick: false }}
                    columns={[
                      { title: '企业', dataIndex: 'enterpriseName' },
                      { title: '兑现事项', dataIndex: 'itemName' },
                      { title: '收款账户', key: 'payee', render: (_, r) => `${r.payeeName} ${r.payeeAccountMasked}` },
                      { title: '金额', dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
                      { title: '状态', dataIndex: 'status', render: (v: PayoutInstruction['status'], r) => <Tag color={INSTRUCTION_STATUS_COLORS[v]}>{r.statusLabel}</Tag> },
                      { title: '国库流水', dataIndex: 'treasuryRef', render: (v: string | null) => v ?? '—' },
                      { title: '结果说明', dataIndex: 'resultReason', render: (v: string | null) => v ?? '—' },
                    ]}
                  />
                )}
              </QueryState>
            </Card>
            <Modal
              title="退回批次"
              open={rejecting}
              onCancel={() => setRejecting(false)}
              okText="确认退回"
              okButtonProps={{ danger: true, disabled: !reason.trim(), loading: act.isPending }}
              onOk={() => act.mutate('reject')}
            >
              <ErrorAlert error={act.error} />
              <p>退回后批次内指令回到“待兑付”，可重新组批。</p>
              <Input.TextArea aria-label="退回原因" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请填写退回原因" />
            </Modal>
          </>
        );
      }}
    </QueryState>
  );
}
