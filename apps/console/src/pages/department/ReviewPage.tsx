import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import type { ItemVersion, PolicySummary } from '../../api/types';
import { MODE_LABELS } from './labels';

interface Pending {
  policy: PolicySummary;
  version: ItemVersion;
  online: number | null;
}

/**
 * 待审核事项: the item versions of the department submitted for review. The policy center has no
 * queue endpoint; the department's policies are few, so the queue is read from them.
 */
export default function ReviewPage() {
  const { page, pageSize, pagination } = usePageParams(20);
  const queue = useQuery({
    queryKey: ['dept', 'review-queue'],
    queryFn: async () => {
      const list = await call(api.GET('/api/v1/policies', { params: { query: { page: 1, pageSize: 200 } } }));
      const views = await Promise.all(list.items.map((p) => call(api.GET('/api/v1/policies/{id}', { params: { path: { id: p.id } } }))));
      const out: Pending[] = [];
      for (const v of views) for (const it of v.items) if (it.open?.status === 'in_review') out.push({ policy: v, version: it.open, online: it.current?.version ?? null });
      return out;
    },
  });
  return (
    <>
      <PageHeader title="待审核事项" description="编辑提交审核的事项版本：核对内容与版本差异后，通过发布或退回修改。审核人不能审核自己编辑或提交的版本。" />
      <Card>
        <QueryState query={queue} isEmpty={(d) => d.length === 0} emptyText="暂无待审核的事项">
          {(d) => (
            <Table<Pending>
              rowKey={(r) => r.version.id}
              dataSource={d.slice((page - 1) * pageSize, page * pageSize)}
              pagination={pagination(d.length)}
              columns={[
                { title: '事项', render: (_, r) => <Link to={`/staff/dept/policies/${r.policy.id}/items/${r.version.itemId}`}>{r.version.name}</Link> },
                { title: '所属政策', render: (_, r) => r.policy.title },
                { title: '版本', width: 150, render: (_, r) => <>{`第 ${r.version.version} 版`}{r.online ? <Tag style={{ marginLeft: 8 }}>{`线上第 ${r.online} 版`}</Tag> : <Tag color="blue" style={{ marginLeft: 8 }}>新事项</Tag>}</> },
                { title: '兑现方式', width: 100, render: (_, r) => MODE_LABELS[r.version.mode] },
                { title: '修改说明', render: (_, r) => r.version.changeNote ?? '—' },
                { title: '操作', width: 90, render: (_, r) => <Link to={`/staff/dept/policies/${r.policy.id}/items/${r.version.itemId}`}>审核</Link> },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
