import { useQuery } from '@tanstack/react-query';
import { Button, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen } from '../../lib/money';
import { namesOf, usePublicCatalogue } from '../public/usePublicData';
import { BatchBuilder } from './BatchBuilder';
import { dateTime, param } from './format';
import type { BatchFilter, PayoutInstruction } from '../../api/types';

/** 待兑付: instructions whose firms confirmed their accounts, not yet in a batch; the maker batches them. */
export default function ReadyPage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(20);
  const departments = namesOf(usePublicCatalogue().data?.departments);
  const filter: BatchFilter = { itemId: param(params, 'itemId'), departmentCode: param(params, 'departmentCode'), fundPoolId: param(params, 'fundPoolId') };
  const [building, setBuilding] = useState(false);
  const ready = useQuery({
    queryKey: ['payouts', 'instructions', 'created', filter, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/payouts/instructions', { params: { query: { ...filter, status: 'created', page, pageSize } } })),
  });
  const setFilter = (key: keyof BatchFilter, value: string | undefined) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      if (value) p.set(key, value);
      else p.delete(key);
      p.set('page', '1');
      return p;
    });
  const deptPayer = user?.role === 'dept_payer_maker' || user?.role === 'dept_payer_checker';
  const isMaker = user?.role === 'finance_maker' || user?.role === 'dept_payer_maker' || user?.role === 'admin';
  return (
    <>
      <PageHeader
        title="待兑付"
        description={
          deptPayer
            ? '本部门自有账户支付的资金池中，企业已确认收款账户、尚未组批的兑付指令。部门支付经办按事项或资金池组批后，提交部门支付复核。'
            : '企业已确认收款账户、尚未组批的兑付指令。经办人员按事项、部门或资金池组批后提交复核。'
        }
        extra={isMaker ? <Button type="primary" onClick={() => setBuilding(true)} disabled={!ready.data?.total}>按当前筛选组批</Button> : null}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="主管部门"
          placeholder="主管部门"
          allowClear
          style={{ width: 200 }}
          value={filter.departmentCode}
          onChange={(v?: string) => setFilter('departmentCode', v)}
          options={[...departments].map(([value, label]) => ({ value, label }))}
        />
        <Input.Search aria-label="事项编号" placeholder="事项（ID）" allowClear defaultValue={filter.itemId} onSearch={(v) => setFilter('itemId', v.trim() || undefined)} style={{ width: 240 }} />
        <Input.Search aria-label="资金池" placeholder="资金池" allowClear defaultValue={filter.fundPoolId} onSearch={(v) => setFilter('fundPoolId', v.trim() || undefined)} style={{ width: 240 }} />
      </Space>
      <QueryState query={ready} isEmpty={(d) => d.total === 0} emptyText="暂无待组批的兑付指令">
        {(d) => (
          <Table<PayoutInstruction>
            rowKey="id"
            dataSource={d.items}
            pagination={pagination(d.total)}
            columns={[
              { title: '企业', dataIndex: 'enterpriseName' },
              { title: '兑现事项', dataIndex: 'itemName', render: (v: string, r) => <a onClick={() => setFilter('itemId', r.itemId)} title="只看该事项">{v}</a> },
              { title: '主管部门', dataIndex: 'departmentCode', render: (v: string) => departments.get(v) ?? v },
              { title: '收款账户', key: 'payee', render: (_, r) => `${r.payeeName} ${r.payeeAccountMasked}` },
              { title: '金额', dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
              { title: '状态', dataIndex: 'statusLabel', render: (v: string) => <Tag>{v}</Tag> },
              { title: '生成时间', dataIndex: 'createdAt', render: dateTime },
            ]}
          />
        )}
      </QueryState>
      {building ? <BatchBuilder filter={filter} open={building} onClose={() => setBuilding(false)} /> : null}
    </>
  );
}
