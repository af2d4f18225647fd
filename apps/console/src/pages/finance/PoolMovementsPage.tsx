import { useQuery } from '@tanstack/react-query';
import { Card, Select, Space } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { usePageParams } from '../../components/usePageParams';
import { MovementsTable, RequestMovementButton } from './MovementsTable';
import type { MovementStatus } from '../../api/types';
import { MOVEMENT_STATUS_LABELS, poolName } from './labels';

const STATUSES = Object.keys(MOVEMENT_STATUS_LABELS) as MovementStatus[];

/** 追加与调拨: every top-up and transfer request; the checker decides the pending ones (not their own). */
export default function PoolMovementsPage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(20);
  const raw = params.get('status');
  const status = STATUSES.includes(raw as MovementStatus) ? (raw as MovementStatus) : undefined;
  const pools = useQuery({
    queryKey: ['payouts', 'pools', 'all'],
    queryFn: () => call(api.GET('/api/v1/payouts/pools', { params: { query: { page: 1, pageSize: 200 } } })),
  });
  const names = useMemo(() => new Map((pools.data?.items ?? []).map((p) => [p.id, poolName(p)])), [pools.data]);
  return (
    <>
      <PageHeader
        title="追加与调拨"
        description="财政经办申请追加额度或资金池间调拨，另一位财政复核人员批准后额度才变动；申请人不能审批本人的申请（四眼原则）。"
        extra={user?.role === 'finance_maker' && pools.data ? <RequestMovementButton pools={pools.data.items} /> : null}
      />
      <Space style={{ marginBottom: 16 }}>
        <Select
          aria-label="申请状态"
          placeholder="全部状态"
          allowClear
          style={{ width: 180 }}
          value={status}
          onChange={(v?: MovementStatus) =>
            setParams((prev) => {
              const p = new URLSearchParams(prev);
              if (v) p.set('status', v);
              else p.delete('status');
              p.set('page', '1');
              return p;
            })
          }
          options={STATUSES.map((s) => ({ value: s, label: MOVEMENT_STATUS_LABELS[s] }))}
        />
      </Space>
      <Card size="small">
        <MovementsTable status={status} page={page} pageSize={pageSize} pagination={pagination} poolNames={names} />
      </Card>
    </>
  );
}
