import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen } from '../../lib/money';
import type { ReconItem } from '../../api/types';
import { RESOLUTION_LABELS } from './labels';

type Resolution = 'acknowledged' | 'requeried' | 'reissued' | 'written_off';

const fen = (v: number | null) => (v === null ? '—' : formatFen(v));

/** 对账异常: differences between the treasury/bank files and the platform, and how each was resolved. */
export default function ReconciliationPage() {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const includeResolved = params.get('resolved') === '1';
  const { pagination } = usePageParams(20);
  const [resolving, setResolving] = useState<ReconItem | null>(null);
  const [action, setAction] = useState<string>();
  const [note, setNote] = useState('');
  const items = useQuery({
    queryKey: ['payouts', 'recon-exceptions', includeResolved],
    queryFn: () => call(api.GET('/api/v1/payouts/reconciliation/exceptions', { params: { query: { includeResolved } } })),
  });
  const resolve = useMutation({
    mutationFn: (item: ReconItem) =>
      call(api.POST('/api/v1/payouts/reconciliation/items/{id}/resolve', { params: { path: { id: item.id } }, body: { action: (action ?? '') as Resolution, note: note.trim() || undefined } })),
    onSuccess: async () => {
      setResolving(null);
      await queryClient.invalidateQueries({ queryKey: ['payouts', 'recon-exceptions'] });
    },
  });
  const canResolve = user?.role === 'finance_maker' || user?.role === 'finance_checker' || user?.role === 'admin';
  return (
    <>
      <PageHeader title="对账异常" description="国库、银行回单与平台支付指令的差异。处理后记录处理方式，可随时查看已处理的异常。" />
      <Space style={{ marginBottom: 16 }}>
        <Switch
          aria-label="包含已处理"
          checked={includeResolved}
          onChange={(on) =>
            setParams((prev) => {
              const p = new URLSearchParams(prev);
              if (on) p.set('resolved', '1');
              else p.delete('resolved');
              p.set('page', '1');
              return p;
            })
          }
        />
        <span>包含已处理</span>
      </Space>
      <QueryState query={items} isEmpty={(d) => d.length === 0} emptyText={includeResolved ? '没有对账异常' : '没有待处理的对账异常'}>
        {(d) => (
          <Table<ReconItem>
            rowKey="id"
            dataSource={d}
            pagination={pagination(d.length)}
            columns={[
              { title: '异常类型', dataIndex: 'classificationLabel', render: (v: string) => <Tag color="error">{v}</Tag> },
              { title: '行号', dataIndex: 'lineNo', render: (v: number | null) => v ?? '—' },
              { title: '支付指令', dataIndex: 'instructionId', render: (v: string | null) => (v ? v.slice(0, 8) : '—') },
              { title: '银行流水', dataIndex: 'bankRef', render: (v: string | null) => v ?? '—' },
              { title: '应付', dataIndex: 'expectedFen', align: 'right', render: fen },
              { title: '实付', dataIndex: 'actualFen', align: 'right', render: fen },
              { title: '说明', dataIndex: 'detail', render: (v: string | null) => v ?? '—' },
              {
                title: '处理',
                key: 'resolution',
                render: (_, r) =>
                  r.resolution ? (
                    <Tag color="success">{RESOLUTION_LABELS[r.resolution] ?? r.resolution}</Tag>
                  ) : canResolve && r.allowedResolutions.length ? (
                    <Button
                      size="small"
                      onClick={() => {
                        setResolving(r);
                        setAction(r.allowedResolutions[0]);
                        setNote('');
                        resolve.reset();
                      }}
                    >
                      处理
                    </Button>
                  ) : (
                    '待处理'
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      <Modal
        title="处理对账异常"
        open={resolving !== null}
        onCancel={() => setResolving(null)}
        okText="确认处理"
        okButtonProps={{ disabled: !action, loading: resolve.isPending }}
        onOk={() => resolving && resolve.mutate(resolving)}
      >
        <ErrorAlert error={resolve.error} />
        <p>{resolving?.classificationLabel}{resolving?.detail ? `：${resolving.detail}` : ''}</p>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Select aria-label="处理方式" style={{ width: '100%' }} value={action} onChange={setAction} options={(resolving?.allowedResolutions ?? []).map((a) => ({ value: a, label: RESOLUTION_LABELS[a] ?? a }))} />
          <Input.TextArea aria-label="处理说明" rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder="处理说明（可选）" />
        </Space>
      </Modal>
    </>
  );
}
