import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Table, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { AuditEntry } from '../../api/types';
import { ROLE_LABELS } from '../../app/navigation';
import type { Role } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';

const OUTCOMES: Record<string, { text: string; color: string }> = {
  ok: { text: '成功', color: 'success' },
  denied: { text: '拒绝', color: 'warning' },
  failed: { text: '失败', color: 'error' },
};
const FILTERS = [
  { key: 'targetType', label: '对象类型', placeholder: '如 payout_batch' },
  { key: 'targetId', label: '对象编号', placeholder: '对象 ID' },
  { key: 'actorId', label: '操作人编号', placeholder: '用户 ID' },
] as const;

function Verification() {
  const verify = useQuery({ queryKey: ['audit', 'verify'], queryFn: () => call(api.GET('/api/v1/audit/verify')) });
  return (
    <Card
      title="哈希链校验"
      size="small"
      style={{ marginBottom: 16 }}
      extra={
        <Button size="small" loading={verify.isFetching} onClick={() => void verify.refetch()}>
          重新校验
        </Button>
      }
    >
      <QueryState query={verify} rows={1}>
        {(v) => (
          <Alert
            type={v.ok ? 'success' : 'error'}
            showIcon
            title={v.ok ? `校验通过：${v.checked} 条记录的哈希链完整` : `校验未通过：第 ${v.firstTampered?.seq ?? '?'} 条记录被改动（${v.firstTampered?.reason ?? '原因未知'}）`}
            description={
              v.checkpoint === null
                ? '尚未写入签名锚点。'
                : v.checkpoint
                  ? `签名锚点：第 ${v.checkpoint.seq} 条，${new Date(v.checkpoint.at).toLocaleString('zh-CN', { hour12: false })}，${v.checkpoint.ok ? '一致' : `不一致（${v.checkpoint.reason ?? ''}）`}。`
                  : undefined
            }
          />
        )}
      </QueryState>
    </Card>
  );
}

/** 审计日志: every audited action, filtered by object and actor, newest first; and the hash-chain check. */
export default function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(50);
  const filter = Object.fromEntries(FILTERS.map((f) => [f.key, params.get(f.key) || undefined]).filter(([, v]) => v));
  const entries = useQuery({
    queryKey: ['audit', 'entries', filter, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/audit/entries', { params: { query: { ...filter, limit: Math.min(pageSize, 500), offset: (page - 1) * pageSize } } })),
  });
  const setFilter = (key: string, value: string) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      if (value.trim()) p.set(key, value.trim());
      else p.delete(key);
      p.set('page', '1');
      return p;
    });
  return (
    <>
      <PageHeader title="审计日志" description="所有状态变更与敏感操作的留痕记录（只追加，哈希链防篡改）。" />
      <Verification />
      <Space wrap style={{ marginBottom: 16 }}>
        {FILTERS.map((f) => (
          <Input.Search key={`${f.key}-${params.get(f.key) ?? ""}`} aria-label={f.label} placeholder={`${f.label}：${f.placeholder}`} allowClear defaultValue={params.get(f.key) ?? ''} onSearch={(v) => setFilter(f.key, v)} style={{ width: 240 }} />
        ))}
      </Space>
      <QueryState query={entries} isEmpty={(d) => d.total === 0} emptyText="没有符合条件的审计记录">
        {(d) => (
          <Table<AuditEntry>
            rowKey="id"
            size="small"
            dataSource={d.items}
            pagination={pagination(d.total)}
            expandable={{ expandedRowRender: (r) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify({ details: r.details, beforeDigest: r.beforeDigest, afterDigest: r.afterDigest, hash: r.hash }, null, 2)}</pre> }}
            columns={[
              { title: '序号', dataIndex: 'seq', width: 80 },
              { title: '时间', dataIndex: 'at', width: 180, render: (v: string) => new Date(v).toLocaleString('zh-CN', { hour12: false }) },
              { title: '操作人', key: 'actor', render: (_, r) => (r.actorId ? `${r.actorName ?? r.actorId}${r.actorRole ? `（${ROLE_LABELS[r.actorRole as Role] ?? r.actorRole}）` : ''}` : '系统') },
              { title: '操作', dataIndex: 'action' },
              { title: '对象', key: 'target', render: (_, r) => (r.targetType ? <a onClick={() => setFilter('targetId', r.targetId ?? '')}>{`${r.targetType} ${r.targetId?.slice(0, 8) ?? ''}`}</a> : '—') },
              { title: '结果', dataIndex: 'outcome', render: (v: string) => <Tag color={OUTCOMES[v]?.color}>{OUTCOMES[v]?.text ?? v}</Tag> },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
