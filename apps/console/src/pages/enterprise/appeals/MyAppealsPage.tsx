import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Pagination, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../../../api/client';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { usePageParams } from '../../../components/usePageParams';
import { formatTime } from '../../../lib/appeals';
import { useUnreadNotices } from '../../appeals/shared/NoticeInbox';
import { SimpleList } from '../../appeals/shared/SimpleList';
import { StateTag } from '../../appeals/shared/StateTag';

/** 我的诉求: the firm's appeals, newest first, each with its state and what it is waiting for. */
export default function MyAppealsPage() {
  const { page, pageSize, setPage } = usePageParams(10);
  const list = useQuery({
    queryKey: ['appeals', 'mine', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/appeals', { params: { query: { page, pageSize } } })),
  });
  const unread = useUnreadNotices();
  return (
    <>
      <PageHeader
        title="我的诉求"
        extra={(
          <Space>
            <Link to="/ent/appeals/notices"><Badge count={unread.data ?? 0} size="small"><Button>消息</Button></Badge></Link>
            <Link to="/ent/appeals/new"><Button type="primary">提交诉求</Button></Link>
          </Space>
        )}
      />
      <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText="还没有提出过诉求">
        {(d) => (
          <>
            <SimpleList items={d.items} rowKey={(a) => a.id} label="我的诉求">
              {(a) => (
                <>
                  <Link to={`/ent/appeals/${a.id}`} style={{ fontWeight: 500 }}>{a.title}</Link>
                  <div><StateTag state={a.state} label={a.stateLabel} /> {a.categoryLabel}</div>
                  <Typography.Text type="secondary">{a.number} · {formatTime(a.receivedAt)}</Typography.Text>
                  {a.leadDepartment ? <div>承办：{a.leadDepartment.name}</div> : null}
                </>
              )}
            </SimpleList>
            <Pagination size="small" current={page} pageSize={pageSize} total={d.total} showTotal={(t) => `共 ${t} 条`} onChange={(p) => setPage(p)} style={{ marginTop: 12 }} hideOnSinglePage />
          </>
        )}
      </QueryState>
    </>
  );
}
