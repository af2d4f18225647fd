import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen } from '../../lib/money';
import { dateTime } from './format';
import { MovementsTable, RequestMovementButton } from './MovementsTable';
import type { PoolHistoryEntry } from '../../api/types';
import { HISTORY_CAUSE_LABELS, PAYER_LABELS, poolName } from './labels';

const fen = (v: number | null) => (v === null ? '不限' : formatFen(v));
const delta = (v: number) => (v === 0 ? '—' : `${v > 0 ? '+' : '−'}${formatFen(Math.abs(v))}`);

/** One pool: its figures, its balance history (余额变动, newest first) and its top-up/transfer requests. */
export default function PoolDetailPage() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const { page, pageSize, pagination } = usePageParams(20);
  const [movementPage, setMovementPage] = useState(1);
  const pool = useQuery({
    queryKey: ['payouts', 'pool', id],
    queryFn: () => call(api.GET('/api/v1/payouts/pools/{id}', { params: { path: { id } } })),
  });
  const history = useQuery({
    queryKey: ['payouts', 'pool', id, 'history', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/payouts/pools/{id}/history', { params: { path: { id }, query: { page, pageSize } } })),
  });
  // Department payers read pools and batches, not the finance bureau's top-up requests.
  const seesMovements = user?.role !== 'dept_payer_maker' && user?.role !== 'dept_payer_checker';
  return (
    <QueryState query={pool}>
      {(p) => (
        <>
          <PageHeader
            title={`资金池：${poolName(p)}`}
            description={<Link to="/staff/finance/pools">返回资金池列表</Link>}
            extra={user?.role === 'finance_maker' ? <RequestMovementButton pools={[p]} defaultPoolId={p.id} /> : null}
          />
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="资金池编号">{p.id}</Descriptions.Item>
              <Descriptions.Item label="主管部门">{p.departmentCode ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="支付单位">
                <Tag color={p.payer === 'department' ? 'purple' : 'blue'}>{PAYER_LABELS[p.payer]}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="额度">{fen(p.budgetFen)}</Descriptions.Item>
              <Descriptions.Item label="已占用">{formatFen(p.committedFen)}</Descriptions.Item>
              <Descriptions.Item label="可用余额">{fen(p.availableFen)}</Descriptions.Item>
              <Descriptions.Item label="预算指标">{p.budgetLineFen === null ? '未设' : formatFen(p.budgetLineFen)}</Descriptions.Item>
              <Descriptions.Item label="更新时间">{dateTime(p.updatedAt)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title="余额变动" style={{ marginBottom: 16 }}>
            <QueryState query={history} isEmpty={(d) => d.total === 0} emptyText="暂无余额变动">
              {(d) => (
                <Table<PoolHistoryEntry>
                  rowKey="id"
                  size="small"
                  dataSource={d.items}
                  pagination={pagination(d.total)}
                  columns={[
                    { title: '时间', dataIndex: 'at', render: dateTime },
                    { title: '变动原因', dataIndex: 'cause', render: (v: string) => HISTORY_CAUSE_LABELS[v] ?? v },
                    { title: '额度变动', dataIndex: 'budgetDeltaFen', align: 'right', render: delta },
                    { title: '占用变动', dataIndex: 'committedDeltaFen', align: 'right', render: delta },
                    { title: '变动后额度', dataIndex: 'budgetFen', align: 'right', render: fen },
                    { title: '变动后占用', dataIndex: 'committedFen', align: 'right', render: (v: number) => formatFen(v) },
                    { title: '变动后可用', dataIndex: 'availableFen', align: 'right', render: fen },
                    { title: '关联单据', dataIndex: 'ref', render: (v: string | null) => v ?? '—' },
                  ]}
                />
              )}
            </QueryState>
          </Card>
          {seesMovements ? (
            <Card size="small" title="追加与调拨申请">
              <MovementsTable
                fundPoolId={p.id}
                page={movementPage}
                pageSize={10}
                pagination={(total) => ({ current: movementPage, pageSize: 10, total, onChange: setMovementPage, showTotal: (t: number) => `共 ${t} 条` })}
                poolNames={new Map([[p.id, poolName(p)]])}
              />
            </Card>
          ) : null}
        </>
      )}
    </QueryState>
  );
}
