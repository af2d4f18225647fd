import { useQuery } from '@tanstack/react-query';
import { Button, List, Typography } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../../../api/client';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { usePageParams } from '../../../components/usePageParams';
import { formatTime } from '../../../lib/appeals';
import { StateTag } from '../../appeals/shared/StateTag';

/** 我的诉求: the firm's appeals, newest first, each with its state and what it is waiting for. */
export default function MyAppealsPage() {
  const { page, pageSize, setPage } = usePageParams(10);
  const list = useQuery({
    queryKey: ['appeals', 'mine', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/appeals', { params: { query: { page, pageSize } } })),
  });
  return (
    <>
      <PageHeader title="我的诉求" extra={<Link to="/ent/appeals/new"><Button type="primary">提交诉求</Button></Link>} />
      <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText="还没有提出过诉求">
        {(d) => (
          <List
            dataSource={d.items}
            pagination={{ current: page, pageSize, total: d.total, size: 'small', showTotal: (t) => `共 ${t} 条`, onChange: (p) => setPage(p) }}
            renderItem={(a) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/ent/appeals/${a.id}`}>{a.title}</Link>}
                  description={
                    <>
                      <div><StateTag state={a.state} label={a.stateLabel} /> {a.categoryLabel}</div>
                      <Typography.Text type="secondary">{a.number} · {formatTime(a.receivedAt)}</Typography.Text>
                      {a.leadDepartment ? <div>承办：{a.leadDepartment.name}</div> : null}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </QueryState>
    </>
  );
}
