import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, List, Space, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen } from '../../lib/money';
import { listPagination } from './entApi';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

/** Where an inbox entry leads: the application it is about, else the item. */
function linkOf(e: { itemId?: string | null; applicationId?: string | null }): string | null {
  if (e.applicationId) return `/ent/applications/${e.applicationId}`;
  if (e.itemId) return `/ent/policies/${e.itemId}`;
  return null;
}

/** 首页: the pushed policies and notices (消息), unread count and the estimated total of what the firm qualifies for. */
export default function EnterpriseHomePage() {
  const { page, pageSize, pagination } = usePageParams(10);
  const client = useQueryClient();
  const inbox = useQuery({
    queryKey: ['me', 'inbox', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/me/inbox', { params: { query: { page, pageSize } } })),
  });
  const unread = useQuery({
    queryKey: ['me', 'inbox', 'unread'],
    // `unread` is accepted by the route but not described in the document
    queryFn: () => call(api.GET('/api/v1/me/inbox', { params: { query: { page: 1, pageSize: 1, unread: 'true' } as { page: number; pageSize: number } } })),
  });
  const policies = useQuery({
    queryKey: ['me', 'policies', 1, 1],
    queryFn: () => call(api.GET('/api/v1/me/policies', { params: { query: { page: 1, pageSize: 1 } } })),
  });
  const notices = useQuery({
    queryKey: ['me', 'notices', 'recent'],
    queryFn: () => call(api.GET('/api/v1/me/notices', { params: { query: { page: 1, pageSize: 5 } } })),
  });
  const mark = useMutation({
    mutationFn: ({ id, what }: { id: string; what: 'read' | 'dismiss' }) =>
      what === 'read'
        ? call(api.POST('/api/v1/me/inbox/{id}/read', { params: { path: { id } } }))
        : call(api.POST('/api/v1/me/inbox/{id}/dismiss', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
  });

  return (
    <>
      <PageHeader title="首页" description="为本企业精准推送的政策与办理通知" />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space size="large" wrap>
          <Statistic title="未读消息" value={unread.data?.total ?? '—'} />
          <Statistic title="可享受事项" value={policies.data?.totals.eligible ?? '—'} suffix={policies.data ? '项' : undefined} />
          <Statistic title="预计可享受总额" value={policies.data ? formatFen(policies.data.totals.estimateFen) : '—'} />
        </Space>
        <div style={{ marginTop: 8 }}>
          <Link to="/ent/policies">查看我的政策</Link>
          <span style={{ margin: '0 8px', color: '#ccc' }}>|</span>
          <Link to="/ent/applications">查看我的申请</Link>
        </div>
      </Card>
      <ErrorAlert error={mark.error} />
      <Card size="small" title="最近办理通知" style={{ marginBottom: 12 }} styles={{ body: { padding: '0 12px' } }}>
        <QueryState query={notices} isEmpty={(d) => d.items.length === 0} emptyText="暂无办理通知" rows={2}>
          {(d) => (
            <List
              dataSource={d.items}
              renderItem={(n) => {
                const to = linkOf(n);
                return (
                  <List.Item key={n.id}>
                    <List.Item.Meta
                      title={to ? <Link to={to}>{n.title}</Link> : n.title}
                      description={<><div>{n.body}</div><Typography.Text type="secondary">{time(n.createdAt)}</Typography.Text></>}
                    />
                  </List.Item>
                );
              }}
            />
          )}
        </QueryState>
      </Card>
      <Card size="small" title="消息中心" styles={{ body: { padding: '0 12px' } }}>
        <QueryState query={inbox} isEmpty={(d) => d.items.length === 0} emptyText="暂无消息">
          {(d) => (
            <List
              itemLayout="vertical"
              dataSource={d.items}
              pagination={listPagination(pagination(d.total), { showSizeChanger: false })}
              renderItem={(e) => {
                const to = linkOf(e);
                return (
                  <List.Item
                    key={e.id}
                    data-testid="inbox-entry"
                    actions={[
                      ...(e.readAt ? [] : [<Button key="r" type="link" size="small" onClick={() => mark.mutate({ id: e.id, what: 'read' })}>标为已读</Button>]),
                      <Button key="d" type="link" size="small" danger onClick={() => mark.mutate({ id: e.id, what: 'dismiss' })}>不再显示</Button>,
                    ]}
                  >
                    <List.Item.Meta
                      title={
                        <Space size={4} wrap>
                          {e.readAt ? null : <Badge status="processing" text="" aria-label="未读" />}
                          <Tag color={e.kind === 'eligible' ? 'blue' : 'gold'}>{e.kind === 'eligible' ? '政策推送' : '办理通知'}</Tag>
                          {to ? <Link to={to} onClick={() => !e.readAt && mark.mutate({ id: e.id, what: 'read' })}>{e.title}</Link> : e.title}
                        </Space>
                      }
                      description={time(e.createdAt)}
                    />
                    <Typography.Paragraph style={{ marginBottom: 4 }}>{e.body}</Typography.Paragraph>
                    {e.statusText ? <Typography.Text type="secondary">办理进度：{e.statusText}</Typography.Text> : null}
                  </List.Item>
                );
              }}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
