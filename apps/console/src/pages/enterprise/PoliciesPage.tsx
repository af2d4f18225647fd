import { useQuery } from '@tanstack/react-query';
import { Card, List, Pagination, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen } from '../../lib/money';
import type { MyPolicy } from '../../api/types';

function PolicyCard({ p }: { p: MyPolicy }) {
  return (
    <List.Item key={p.itemId} data-testid="my-policy">
      <List.Item.Meta
        title={<Link to={`/ent/policies/${p.itemId}`}>{p.itemName}</Link>}
        description={
          <Space size={4} wrap>
            <Tag>{p.modeLabel}</Tag>
            <span>{p.policyTitle}</span>
          </Space>
        }
      />
      <div>
        {p.outcome === 'eligible' ? (
          <Typography.Text strong>预计可享受：{formatFen(p.estimateFen)}</Typography.Text>
        ) : (
          <Typography.Text type="warning">还差：{p.lacking ?? '部分条件未满足'}</Typography.Text>
        )}
        {p.applyTo ? <div><Typography.Text type="secondary">申报截止：{p.applyTo}</Typography.Text></div> : null}
      </div>
    </List.Item>
  );
}

/** 我的政策: the items the firm qualifies for (with estimates) and its near misses (with what is lacking). */
export default function MyPoliciesPage() {
  const { page, pageSize, setPage } = usePageParams(10);
  const q = useQuery({
    queryKey: ['me', 'policies', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/me/policies', { params: { query: { page, pageSize } } })),
  });
  return (
    <>
      <PageHeader title="我的政策" description="根据一企一档数据自动匹配；点击事项查看逐条条件" />
      <QueryState query={q} isEmpty={(d) => d.totals.eligible + d.totals.nearMisses === 0} emptyText="暂未匹配到政策事项">
        {(d) => (
          <>
            <Card size="small" style={{ marginBottom: 12 }}>
              <Space wrap>
                <span>可享受 <b>{d.totals.eligible}</b> 项</span>
                <span>差一点符合 <b>{d.totals.nearMisses}</b> 项</span>
                <span>预计可享受合计 <b>{formatFen(d.totals.estimateFen)}</b></span>
              </Space>
              <div><Typography.Text type="secondary">同一“不重复享受”组内的事项只计最高一项。</Typography.Text></div>
            </Card>
            <Card size="small" title={`可享受（${d.totals.eligible}）`} style={{ marginBottom: 12 }} styles={{ body: { padding: '0 12px' } }}>
              <List dataSource={d.eligible} locale={{ emptyText: page > 1 ? '本页无更多' : '暂无可享受的事项' }} renderItem={(p) => <PolicyCard p={p} />} />
            </Card>
            <Card size="small" title={`差一点符合（${d.totals.nearMisses}）`} styles={{ body: { padding: '0 12px' } }}>
              <List dataSource={d.nearMisses} locale={{ emptyText: page > 1 ? '本页无更多' : '暂无' }} renderItem={(p) => <PolicyCard p={p} />} />
            </Card>
            <Pagination
              style={{ marginTop: 12, textAlign: 'center' }}
              size="small"
              current={page}
              pageSize={pageSize}
              total={Math.max(d.totals.eligible, d.totals.nearMisses)}
              showSizeChanger
              pageSizeOptions={[10, 20, 50]}
              onChange={(p, s) => setPage(p, s)}
            />
          </>
        )}
      </QueryState>
    </>
  );
}
