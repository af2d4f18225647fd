import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen } from '../../lib/money';
import { dateTime } from './format';
import { RequestMovementButton } from './MovementsTable';
import type { FundPool } from '../../api/types';
import { PAYER_LABELS } from './labels';

const fen = (v: number | null) => (v === null ? '不限' : formatFen(v));

/** 资金池: each pool's budget, commitment, what is left and who pays; a department's payers see their own pools. */
export default function PoolsPage() {
  const { user } = useAuth();
  const { page, pageSize, pagination } = usePageParams(20);
  const pools = useQuery({
    queryKey: ['payouts', 'pools', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/payouts/pools', { params: { query: { page, pageSize } } })),
  });
  // The request form offers every pool the maker can see (first 200).
  const allPools = useQuery({
    queryKey: ['payouts', 'pools', 'all'],
    queryFn: () => call(api.GET('/api/v1/payouts/pools', { params: { query: { page: 1, pageSize: 200 } } })),
    enabled: user?.role === 'finance_maker',
  });
  return (
    <>
      <PageHeader
        title="资金池"
        description="各兑现事项的资金池：额度、已占用、可用余额与支付单位。追加额度与资金池调拨由财政经办申请、另一位财政复核人员审批。"
        extra={user?.role === 'finance_maker' && allPools.data ? <RequestMovementButton pools={allPools.data.items} /> : null}
      />
      <Card size="small">
        <QueryState query={pools} isEmpty={(d) => d.total === 0} emptyText="暂无资金池">
          {(d) => (
            <Table<FundPool>
              rowKey="id"
              dataSource={d.items}
              pagination={pagination(d.total)}
              columns={[
                { title: '资金池', dataIndex: 'itemName', render: (v: string | null, r) => <Link to={`/staff/finance/pools/${encodeURIComponent(r.id)}`}>{v ?? r.id}</Link> },
                { title: '主管部门', dataIndex: 'departmentCode', render: (v: string | null) => v ?? '—' },
                { title: '支付单位', dataIndex: 'payer', render: (v: FundPool['payer']) => <Tag color={v === 'department' ? 'purple' : 'blue'}>{PAYER_LABELS[v]}</Tag> },
                { title: '额度', dataIndex: 'budgetFen', align: 'right', render: fen },
                { title: '已占用', dataIndex: 'committedFen', align: 'right', render: (v: number) => formatFen(v) },
                { title: '可用余额', dataIndex: 'availableFen', align: 'right', render: fen },
                { title: '预算指标', dataIndex: 'budgetLineFen', align: 'right', render: (v: number | null) => (v === null ? '未设' : formatFen(v)) },
                { title: '更新时间', dataIndex: 'updatedAt', render: dateTime },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
