import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Input, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen } from '../../lib/money';
import type { Application } from '../../api/types';
import { APPLICATION_STATES } from './application-states';

type State = NonNullable<NonNullable<paths['/api/v1/applications']['get']['parameters']['query']>['state']>;
type Decision = 'accept' | 'approve' | 'reject' | 'return';
const DECISIONS: Array<{ value: Decision; label: string }> = [
  { value: 'accept', label: '受理' },
  { value: 'approve', label: '审核通过' },
  { value: 'return', label: '退回补正' },
  { value: 'reject', label: '不予通过' },
];

/** 申请审核: the department's applications by state; a reviewer accepts, approves, returns for 补正 or rejects. */
export default function ApplicationsPage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(20);
  const state = (params.get('state') ?? 'submitted') as State;
  const queryClient = useQueryClient();
  const [deciding, setDeciding] = useState<Application | null>(null);
  const list = useQuery({
    queryKey: ['dept', 'applications', state, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/applications', { params: { query: { state, page, pageSize } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader title="申请审核" description="企业提交的申请：受理、审核通过、退回补正（须说明需补充的内容）或不予通过（须说明理由）。" />
      <Card>
        <Space style={{ marginBottom: 12 }}>
          <span>状态</span>
          <Select
            aria-label="申请状态"
            style={{ width: 160 }}
            value={state}
            options={APPLICATION_STATES}
            onChange={(v) => setParams((prev) => { const p = new URLSearchParams(prev); p.set('state', v); p.delete('page'); return p; })}
          />
        </Space>
        <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText="暂无该状态的申请">
          {(d) => (
            <Table<Application>
              rowKey="id"
              dataSource={d.items}
              pagination={pagination(d.total)}
              columns={[
                { title: '企业', dataIndex: 'enterpriseName' },
                { title: '事项', dataIndex: 'itemName' },
                { title: '方式', dataIndex: 'modeLabel', width: 100 },
                { title: '金额', dataIndex: 'amountFen', width: 140, render: (v: number) => formatFen(v) },
                { title: '状态', dataIndex: 'stateLabel', width: 120, render: (v: string, r) => <>{v}{r.flagged ? <Tag color="orange" style={{ marginLeft: 4 }}>人工修改数据</Tag> : null}</> },
                { title: '提交时间', dataIndex: 'submittedAt', width: 170, render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—') },
                { title: '操作', width: 90, render: (_, r) => (user?.role === 'dept_reviewer' ? <Button size="small" onClick={() => setDeciding(r)}>审核</Button> : null) },
              ]}
            />
          )}
        </QueryState>
      </Card>
      {deciding ? <DecisionModal app={deciding} onClose={() => setDeciding(null)} onDone={() => { setDeciding(null); void queryClient.invalidateQueries({ queryKey: ['dept', 'applications'] }); }} /> : null}
    </>
  );
}

function DecisionModal({ app, onClose, onDone }: { app: Application; onClose: () => void; onDone: () => void }) {
  const [decision, setDecision] = useState<Decision>('approve');
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: () => call(api.POST('/api/v1/applications/{id}/decision', { params: { path: { id: app.id } }, body: { decision, comment: comment.trim() || undefined } })),
    onSuccess: onDone,
  });
  const needsComment = decision === 'reject' || decision === 'return';
  return (
    <Modal open title={`审核：${app.enterpriseName} · ${app.itemName}`} okText="确定" onCancel={onClose} confirmLoading={decide.isPending} okButtonProps={{ disabled: needsComment && !comment.trim() }} onOk={() => decide.mutate()}>
      <ErrorAlert error={decide.error} />
      <p>{`申请金额：${formatFen(app.amountFen)}`}</p>
      <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as Decision)} options={DECISIONS} style={{ marginBottom: 12 }} />
      <Input.TextArea
        aria-label="审核意见"
        rows={4}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={decision === 'return' ? '请写明需要补正的内容' : decision === 'reject' ? '请写明不予通过的理由' : '审核意见（选填）'}
      />
    </Modal>
  );
}
