import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Pagination, Radio, Space, Tag, Typography } from 'antd';
import { useSearchParams, Link } from 'react-router';
import { api, call } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorResult';
import { QueryState } from '../../../components/QueryState';
import { usePageParams } from '../../../components/usePageParams';
import { formatTime } from '../../../lib/appeals';
import { SimpleList } from './SimpleList';

/** How many appeal notices the signed-in person has not read yet. */
export function useUnreadNotices() {
  return useQuery({
    queryKey: ['appeals', 'notices', 'unread-count'],
    queryFn: () => call(api.GET('/api/v1/appeals/notices', { params: { query: { unread: true, page: 1, pageSize: 1 } } })),
    select: (d) => d.total,
  });
}

const KIND_COLORS: Record<string, string> = { assigned: 'blue', letter: 'red', second_supervision: 'red', escalated: 'red', weekly_reminder: 'gold', answered: 'green', policy_published: 'green' };

/**
 * 诉求消息: the appeal notices addressed to the signed-in person (交办通知, 提示函, 督办函, 答复, 提醒……),
 * newest first, unread ones marked; reading one or all on the page marks them read.
 * `linkTo` gives the page where the person opens the appeal.
 */
export function NoticeInbox({ linkTo }: { linkTo: (appealId: string) => string }) {
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === '1';
  const { page, pageSize, setPage } = usePageParams(10);
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['appeals', 'notices', unreadOnly, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/appeals/notices', { params: { query: { unread: unreadOnly || undefined, page, pageSize } } })),
  });
  const unread = useUnreadNotices();
  const mark = useMutation({
    mutationFn: (ids: string[]) => call(api.POST('/api/v1/appeals/notices/read', { body: { ids } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['appeals', 'notices'] }),
  });
  const unreadOnPage = (list.data?.items ?? []).filter((n) => !n.read).map((n) => n.id);
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Radio.Group
          optionType="button"
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(e) => setParams((prev) => {
            const p = new URLSearchParams(prev);
            if (e.target.value === 'unread') p.set('unread', '1');
            else p.delete('unread');
            p.delete('page');
            return p;
          })}
          options={[{ value: 'all', label: '全部' }, { value: 'unread', label: <Badge count={unread.data ?? 0} size="small" offset={[8, -2]}>未读</Badge> }]}
        />
        <Button disabled={unreadOnPage.length === 0} loading={mark.isPending} onClick={() => mark.mutate(unreadOnPage)}>本页全部标为已读</Button>
      </Space>
      <ErrorAlert error={mark.error} />
      <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText={unreadOnly ? '没有未读消息' : '暂无诉求消息'}>
        {(d) => (
          <>
            <SimpleList
              items={d.items}
              rowKey={(n) => n.id}
              label="诉求消息"
              actions={(n) => (n.read ? <Typography.Text type="secondary">已读</Typography.Text> : <Button size="small" onClick={() => mark.mutate([n.id])} disabled={mark.isPending}>标为已读</Button>)}
            >
              {(n) => (
                <>
                  <Space wrap size={4}>
                    {n.read ? null : <Badge status="processing" aria-label="未读" />}
                    <Tag color={KIND_COLORS[n.kind]}>{n.kindLabel}</Tag>
                    <span style={{ fontWeight: n.read ? 400 : 600 }}>{n.title}</span>
                  </Space>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{n.text}</div>
                  <Typography.Text type="secondary">
                    {formatTime(n.at)}
                    {n.appealId ? <> · <Link to={linkTo(n.appealId)} onClick={() => { if (!n.read) mark.mutate([n.id]); }}>查看诉求</Link></> : null}
                  </Typography.Text>
                </>
              )}
            </SimpleList>
            <Pagination size="small" current={page} pageSize={pageSize} total={d.total} showTotal={(t) => `共 ${t} 条`} onChange={(p, s) => setPage(p, s)} style={{ marginTop: 12 }} hideOnSinglePage />
          </>
        )}
      </QueryState>
    </>
  );
}
