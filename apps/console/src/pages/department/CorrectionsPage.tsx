import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError, toApiError } from '../../api/errors';
import type { FactDefinition, Schemas } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { enteredValueText, storedValueText, toFactValue } from '../../lib/data-corrections';
import { saveBlob } from '../../lib/save-blob';
import { useFacts } from '../public/usePublicData';

type Correction = Schemas['CorrectionView'];
type State = 'pending' | 'accepted' | 'rejected';
const STATE_LABELS: Record<State, string> = { pending: '待核实', accepted: '已更正', rejected: '不予更正' };
const STATE_COLORS: Record<State, string> = { pending: 'processing', accepted: 'success', rejected: 'default' };
const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');

/**
 * 数据异议 routed to this department (its data source supplied the disputed value): the editor checks
 * it and accepts with the corrected value (written back to the firm's profile, re-matched) or
 * rejects with a reason.
 */
export default function CorrectionsPage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(20);
  const raw = params.get('state');
  const state = raw && raw in STATE_LABELS ? (raw as State) : undefined;
  const facts = useFacts();
  const def = (key: string) => facts.data?.find((f) => f.key === key);
  const [resolving, setResolving] = useState<Correction | null>(null);
  const list = useQuery({
    queryKey: ['data-corrections', 'dept', state, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/data-corrections', { params: { query: { state, page, pageSize } } })),
  });
  const download = useMutation({
    mutationFn: async (c: Correction) => {
      const { data, response } = await api.GET('/api/v1/data-corrections/{id}/attachment', { params: { path: { id: c.id } }, parseAs: 'blob' });
      if (!response.ok || !(data instanceof Blob)) throw toApiError(response.status, undefined);
      saveBlob(data, c.attachmentName ?? '证明材料');
    },
  });
  const canResolve = user?.role === 'dept_editor' || user?.role === 'admin';
  return (
    <>
      <PageHeader
        title="数据异议"
        description="企业对本部门数据来源提供的数据提出的异议。经核实后予以更正（写回企业档案并重新匹配政策）或不予更正（说明理由）。"
      />
      <Space style={{ marginBottom: 16 }}>
        <Select
          aria-label="异议状态"
          placeholder="全部状态"
          allowClear
          style={{ width: 180 }}
          value={state}
          onChange={(v?: State) =>
            setParams((prev) => {
              const p = new URLSearchParams(prev);
              if (v) p.set('state', v);
              else p.delete('state');
              p.set('page', '1');
              return p;
            })
          }
          options={(Object.keys(STATE_LABELS) as State[]).map((s) => ({ value: s, label: STATE_LABELS[s] }))}
        />
      </Space>
      <ErrorAlert error={download.error} />
      <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText={state ? `暂无“${STATE_LABELS[state]}”的数据异议` : '暂无送本部门核实的数据异议'}>
        {(d) => (
          <Table<Correction>
            rowKey="id"
            dataSource={d.items}
            pagination={pagination(d.total)}
            columns={[
              { title: '企业', dataIndex: 'enterpriseName', render: (v: string | undefined) => v ?? '—' },
              { title: '数据项', dataIndex: 'factLabel' },
              { title: '数据来源', dataIndex: 'sourceName', render: (v: string, r) => (r.sourceRecordId ? `${v}（记录 ${r.sourceRecordId}）` : v) },
              { title: '平台中的值', dataIndex: 'currentValue', render: (v: unknown, r) => storedValueText(v, def(r.fact)) },
              { title: '企业主张', dataIndex: 'claimedValue', render: (v: unknown, r) => enteredValueText(v, def(r.fact)) },
              { title: '理由与证据', dataIndex: 'evidence' },
              {
                title: '证明材料',
                dataIndex: 'attachmentName',
                render: (v: string | null, r) =>
                  v ? (
                    <Button type="link" size="small" onClick={() => download.mutate(r)}>
                      {v}
                    </Button>
                  ) : (
                    '—'
                  ),
              },
              { title: '提出时间', dataIndex: 'createdAt', render: time },
              {
                title: '状态',
                dataIndex: 'state',
                render: (v: State, r) => (
                  <Space direction="vertical" size={0}>
                    <Tag color={STATE_COLORS[v]}>{r.stateLabel}</Tag>
                    {v === 'accepted' ? <span>更正为：{storedValueText(r.correctedValue, def(r.fact))}</span> : null}
                    {r.resolution ? <span>意见：{r.resolution}</span> : null}
                  </Space>
                ),
              },
              {
                title: '操作',
                key: 'actions',
                render: (_: unknown, r) =>
                  r.state === 'pending' ? (
                    canResolve ? (
                      <Button size="small" type="primary" onClick={() => setResolving(r)}>
                        核实处理
                      </Button>
                    ) : (
                      <span>由部门政策编辑处理</span>
                    )
                  ) : (
                    time(r.resolvedAt)
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      {resolving ? <ResolveDialog correction={resolving} def={def(resolving.fact)} onClose={() => setResolving(null)} /> : null}
    </>
  );
}

function ResolveDialog({ correction: c, def, onClose }: { correction: Correction; def: FactDefinition | undefined; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<'accept' | 'reject'>('accept');
  const [value, setValue] = useState(() => (c.claimedValue === null || c.claimedValue === undefined ? '' : Array.isArray(c.claimedValue) ? c.claimedValue.join('、') : String(c.claimedValue)));
  const [reason, setReason] = useState('');
  const resolve = useMutation({
    mutationFn: () => {
      let correctedValue: unknown;
      if (decision === 'accept') {
        try {
          correctedValue = toFactValue(value, def);
        } catch (e) {
          throw new ApiError(400, 'CLIENT.INVALID', (e as Error).message);
        }
      }
      return call(
        api.POST('/api/v1/data-corrections/{id}/resolve', {
          params: { path: { id: c.id } },
          body: { decision, correctedValue: correctedValue as never, reason: reason.trim() },
        }),
      );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['data-corrections'] });
      onClose();
    },
  });
  const ready = reason.trim().length >= 2 && (decision === 'reject' || value.trim() !== '');
  return (
    <Modal
      title={`核实数据异议：${c.enterpriseName ?? ''} · ${c.factLabel}`}
      open
      onCancel={onClose}
      okText="提交处理结果"
      okButtonProps={{ disabled: !ready, loading: resolve.isPending }}
      onOk={() => resolve.mutate()}
    >
      <ErrorAlert error={resolve.error} />
      <p>
        平台中的值：{storedValueText(c.currentValue, def)}；企业主张：{enteredValueText(c.claimedValue, def)}
      </p>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={decision}
          onChange={(e) => setDecision(e.target.value as 'accept' | 'reject')}
          options={[
            { value: 'accept', label: '予以更正' },
            { value: 'reject', label: '不予更正' },
          ]}
        />
        {decision === 'accept' ? (
          <Input
            aria-label="更正后的值"
            placeholder={def?.type === 'money' ? '更正后的值（元）' : '更正后的值'}
            suffix={def?.type === 'money' ? '元' : def?.unit}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        ) : null}
        <Input.TextArea aria-label="处理意见" placeholder={decision === 'accept' ? '处理意见（如核实依据）' : '不予更正的理由'} rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Space>
    </Modal>
  );
}
