import { useQuery } from '@tanstack/react-query';
import { Card, List, Select, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { stateColor } from '../../lib/application-flow';
import { formatFen } from '../../lib/money';
import { listPagination } from './entApi';
import type { ApplicationState } from '../../api/types';

const STATE_FILTERS: Array<{ value: ApplicationState; label: string }> = [
  { value: 'draft', label: '草稿' },
  { value: 'pre_qualified', label: '预审通过（免申即享）' },
  { value: 'submitted', label: '已提交' },
  { value: 'under_review', label: '审核中' },
  { value: 'returned', label: '退回补正' },
  { value: 'approved', label: '审核通过' },
  { value: 'in_disclosure', label: '公示中' },
  { value: 'confirmed', label: '企业已确认' },
  { value: 'ready_for_payout', label: '待拨付' },
  { value: 'paid', label: '已拨付' },
  { value: 'payout_failed', label: '拨付失败' },
  { value: 'lapsed', label: '逾期未确认' },
  { value: 'rejected', label: '不予通过' },
  { value: 'withdrawn', label: '已撤回' },
];

const day = (iso: string) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });

/** 我的申请: every application of the firm (申请制 ones it made, 免申即享 ones made for it), state and amount. */
export default function MyApplicationsPage() {
  const { page, pageSize, pagination } = usePageParams(10);
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') as ApplicationState | null) ?? undefined;
  const q = useQuery({
    queryKey: ['applications', 'mine', state, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/applications', { params: { query: { page, pageSize, state } } })),
  });
  return (
    <>
      <PageHeader title="我的申请" description="申请制申报、免申即享确认与全流程进度" />
      <Select
        allowClear
        placeholder="按状态筛选"
        aria-label="按状态筛选"
        value={state}
        options={STATE_FILTERS}
        style={{ width: '100%', maxWidth: 320, marginBottom: 12 }}
        onChange={(v?: string) =>
          setParams((prev) => {
            const p = new URLSearchParams(prev);
            if (v) p.set('state', v);
            else p.delete('state');
            p.set('page', '1');
            return p;
          })
        }
      />
      <Card size="small" styles={{ body: { padding: '0 12px' } }}>
        <QueryState query={q} isEmpty={(d) => d.items.length === 0} emptyText={state ? '没有该状态的申请' : '暂无申请'}>
          {(d) => (
            <List
              dataSource={d.items}
              pagination={listPagination(pagination(d.total))}
              renderItem={(a) => (
                <List.Item key={a.id} data-testid="application">
                  <List.Item.Meta
                    title={<Link to={`/ent/applications/${a.id}`}>{a.itemName}</Link>}
                    description={
                      <Space size={4} wrap>
                        <Tag color={stateColor(a.state)}>{a.stateLabel}</Tag>
                        <Tag>{a.modeLabel}</Tag>
                        <span>当前环节自 {day(a.stateSince)}</span>
                      </Space>
                    }
                  />
                  <div>
                    <Typography.Text strong>{a.amountFen > 0 ? formatFen(a.amountFen) : (a.estimateText ?? '—')}</Typography.Text>
                    {a.confirmBy && ['approved', 'in_disclosure'].includes(a.state) ? (
                      <div><Typography.Text type="warning">请于 {a.confirmBy} 前确认收款账户</Typography.Text></div>
                    ) : null}
                  </div>
                </List.Item>
              )}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
