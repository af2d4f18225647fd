import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Input, InputNumber, Modal, Radio, Select, Space, Table, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { api, call } from '../../api/client';
import type { DisclosureRound } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import type { ObjectionView } from '../../api/types';

const fmt = (s: string | null | undefined) => (s ? new Date(s).toLocaleString('zh-CN') : '—');

/** 公示与异议: start a 公示 round for an item's approved list, the rounds under way, and objections to resolve or mark as spam. */
export default function DisclosuresPage() {
  return (
    <>
      <PageHeader title="公示与异议" description="审核通过的名单公示后方可兑付：发起公示、查看公示轮次，处理公示期内收到的异议。" />
      <Tabs items={[{ key: 'rounds', label: '公示轮次', children: <Rounds /> }, { key: 'objections', label: '异议处理', children: <Objections /> }]} />
    </>
  );
}

function Rounds() {
  const queryClient = useQueryClient();
  const { pagination, page, pageSize } = usePageParams(20);
  const [itemId, setItemId] = useState<string>();
  const [days, setDays] = useState<number | null>(null);
  const rounds = useQuery({ queryKey: ['dept', 'rounds'], queryFn: () => call(api.GET('/api/v1/disclosures')) });
  const approved = useQuery({
    queryKey: ['dept', 'approved-items'],
    queryFn: () => call(api.GET('/api/v1/applications', { params: { query: { state: 'approved', page: 1, pageSize: 200 } } })),
  });
  const items = useMemo(() => {
    const m = new Map<string, { name: string; n: number }>();
    for (const a of approved.data?.items ?? []) m.set(a.itemId, { name: a.itemName, n: (m.get(a.itemId)?.n ?? 0) + 1 });
    return [...m].map(([value, x]) => ({ value, label: `${x.name}（${x.n} 家待公示）` }));
  }, [approved.data]);
  const open = useMutation({
    mutationFn: () => call(api.POST('/api/v1/disclosures', { body: { itemId: itemId!, workingDays: days ?? undefined } })),
    onSuccess: () => {
      setItemId(undefined);
      void queryClient.invalidateQueries({ queryKey: ['dept'] });
    },
  });
  return (
    <>
      <Card title="发起公示" size="small" style={{ marginBottom: 16 }}>
        <ErrorAlert error={open.error} />
        <Space wrap>
          <Select aria-label="公示事项" style={{ width: 360 }} placeholder={items.length ? '选择有审核通过名单的事项' : '暂无待公示的名单'} value={itemId} options={items} onChange={setItemId} />
          <InputNumber aria-label="公示期" min={1} max={30} placeholder="默认" suffix="个工作日" value={days} onChange={setDays} />
          <Button type="primary" disabled={!itemId} loading={open.isPending} onClick={() => open.mutate()}>发起公示</Button>
        </Space>
      </Card>
      <QueryState query={rounds} isEmpty={(d) => d.length === 0} emptyText="暂无公示中的轮次">
        {(d) => (
          <Table<DisclosureRound>
            rowKey="id"
            dataSource={d.slice((page - 1) * pageSize, page * pageSize)}
            pagination={pagination(d.length)}
            columns={[
              { title: '事项', dataIndex: 'itemName' },
              { title: '企业数', dataIndex: 'entries', width: 90 },
              { title: '公示期', dataIndex: 'workingDays', width: 100, render: (v: number) => `${v} 个工作日` },
              { title: '开始', dataIndex: 'openedAt', width: 180, render: fmt },
              { title: '截止', dataIndex: 'endsAt', width: 180, render: fmt },
              { title: '', width: 90, render: (_, r) => <a href={`/disclosures/${r.id}`} target="_blank" rel="noreferrer">公示页</a> },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}

function Objections() {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const { pagination, page, pageSize } = usePageParams(20);
  const [status, setStatus] = useState<'open' | 'upheld' | 'dismissed' | 'spam'>('open');
  const [acting, setActing] = useState<{ o: ObjectionView; kind: 'resolve' | 'spam' } | null>(null);
  const list = useQuery({
    queryKey: ['dept', 'objections', status],
    queryFn: () => call(api.GET('/api/v1/objections', { params: { query: { status } } })),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Radio.Group
          value={status}
          onChange={(e) => setStatus(e.target.value as typeof status)}
          optionType="button"
          options={[{ value: 'open', label: '待处理' }, { value: 'upheld', label: '异议成立' }, { value: 'dismissed', label: '异议不成立' }, { value: 'spam', label: '无效异议' }]}
        />
      </Space>
      <QueryState query={list} isEmpty={(d) => d.length === 0} emptyText="暂无异议">
        {(d) => (
          <Table<ObjectionView>
            rowKey="id"
            dataSource={d.slice((page - 1) * pageSize, page * pageSize)}
            pagination={pagination(d.length)}
            columns={[
              { title: '被异议企业', dataIndex: 'enterpriseName', width: 200 },
              { title: '事项', dataIndex: 'itemName', width: 180 },
              { title: '异议内容', dataIndex: 'reason' },
              { title: '联系人', width: 160, render: (_, o) => `${o.contactName ?? '匿名'} ${o.contactMasked ?? ''}` },
              { title: '收到时间', dataIndex: 'createdAt', width: 170, render: fmt },
              status === 'open' && user?.role === 'dept_reviewer'
                ? { title: '操作', width: 160, render: (_, o) => <Space><Button size="small" onClick={() => setActing({ o, kind: 'resolve' })}>处理</Button><Button size="small" danger onClick={() => setActing({ o, kind: 'spam' })}>标记无效</Button></Space> }
                : { title: '处理结果', dataIndex: 'resolution', width: 200, render: (v: string | null) => v ?? '—' },
            ]}
          />
        )}
      </QueryState>
      {acting ? <ObjectionModal {...acting} onClose={() => setActing(null)} onDone={() => { setActing(null); void queryClient.invalidateQueries({ queryKey: ['dept'] }); }} /> : null}
    </>
  );
}

function ObjectionModal({ o, kind, onClose, onDone }: { o: ObjectionView; kind: 'resolve' | 'spam'; onClose: () => void; onDone: () => void }) {
  const [decision, setDecision] = useState<'upheld' | 'dismissed'>('dismissed');
  const [text, setText] = useState('');
  const act = useMutation({
    mutationFn: () =>
      kind === 'resolve'
        ? call(api.POST('/api/v1/objections/{id}/resolve', { params: { path: { id: o.id } }, body: { decision, resolution: text.trim() } }))
        : call(api.POST('/api/v1/objections/{id}/spam', { params: { path: { id: o.id } }, body: { reason: text.trim() } })),
    onSuccess: onDone,
  });
  return (
    <Modal open title={kind === 'resolve' ? `处理异议：${o.enterpriseName}` : '标记为无效异议'} okText="确定" onCancel={onClose} confirmLoading={act.isPending} okButtonProps={{ disabled: !text.trim() }} onOk={() => act.mutate()}>
      <ErrorAlert error={act.error} />
      <p>{o.reason}</p>
      {kind === 'resolve' ? (
        <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as 'upheld' | 'dismissed')} options={[{ value: 'upheld', label: '异议成立（不予兑付）' }, { value: 'dismissed', label: '异议不成立（继续兑付）' }]} style={{ marginBottom: 12 }} />
      ) : null}
      <Input.TextArea aria-label={kind === 'resolve' ? '处理说明' : '无效理由'} rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={kind === 'resolve' ? '处理说明（核查情况）' : '标记为无效的理由'} />
    </Modal>
  );
}
