import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Table } from 'antd';
import type { EChartsOption } from 'echarts';
import { api, call } from '../../api/client';
import type { operations } from '../../api/schema';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatFen } from '../../lib/money';
import { Chart } from './Chart';

type ApplicationState = NonNullable<NonNullable<operations['ApplicationsController_list']['parameters']['query']>['state']>;

/** Application states shown on the dashboard, in the order of the flow. */
const STATES: Array<[ApplicationState, string]> = [
  ['pre_qualified', '预审通过'],
  ['submitted', '已提交'],
  ['under_review', '审核中'],
  ['returned', '退回补正'],
  ['approved', '审核通过'],
  ['in_disclosure', '公示中'],
  ['confirmed', '企业已确认'],
  ['ready_for_payout', '待拨付'],
  ['paid', '已拨付'],
  ['payout_failed', '拨付失败'],
  ['rejected', '不予通过'],
];

const today = () => new Date().toISOString().slice(0, 10);
const yuan = (fen: number) => Math.round(fen / 100);

/** 驾驶舱: policies live, pushes, applications by state, money paid by month and department, days to money. */
export default function DashboardPage() {
  const stats = useQuery({ queryKey: ['leader', 'statistics'], queryFn: () => call(api.GET('/api/v1/public/statistics')) });
  const ttm = useQuery({ queryKey: ['leader', 'time-to-money'], queryFn: () => call(api.GET('/api/v1/supervision/time-to-money')) });
  const policies = useQuery({
    queryKey: ['leader', 'policies'],
    queryFn: () => call(api.GET('/api/v1/policies', { params: { query: { page: 1, pageSize: 200 } } })),
  });
  const live = (policies.data?.items ?? []).filter((p) => p.effectiveFrom <= today() && (!p.effectiveTo || p.effectiveTo >= today()));
  const pushes = useQueries({
    queries: live.map((p) => ({
      queryKey: ['leader', 'policy-stats', p.id],
      queryFn: () => call(api.GET('/api/v1/policies/{id}/stats', { params: { path: { id: p.id } } })),
      staleTime: 60_000,
    })),
  });
  const push = pushes.reduce(
    (a, q) => {
      for (const s of q.data ?? []) {
        a.items += 1;
        a.pushed += s.pushed;
        a.read += s.read;
        a.applied += s.applied;
      }
      return a;
    },
    { items: 0, pushed: 0, read: 0, applied: 0 },
  );
  const byState = useQueries({
    queries: STATES.map(([state]) => ({
      queryKey: ['leader', 'applications', state],
      queryFn: () => call(api.GET('/api/v1/applications', { params: { query: { state, page: 1, pageSize: 1 } } })),
    })),
  });

  const stateOption: EChartsOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 64 },
    xAxis: { type: 'category', data: STATES.map(([, l]) => l), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', name: '件' },
    series: [{ type: 'bar', name: '申请数', data: byState.map((q) => q.data?.total ?? 0), itemStyle: { color: '#1d5fbf' } }],
  };

  return (
    <>
      <PageHeader title="驾驶舱" description="政策兑现全景：在线政策、推送触达、办理进度、资金到账与速度。" />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col span={4}>
          <Card><Statistic title="在线政策" value={policies.data ? live.length : '—'} suffix="项" /></Card>
        </Col>
        <Col span={4}>
          <Card><Statistic title="政策推送" value={push.pushed} suffix="次" /></Card>
        </Col>
        <Col span={4}>
          <Card><Statistic title="推送已读" value={push.read} suffix="次" /></Card>
        </Col>
        <Col span={4}>
          <Card><Statistic title="兑付笔数" value={stats.data?.payments ?? '—'} /></Card>
        </Col>
        <Col span={4}>
          <Card><Statistic title="已兑付金额" value={stats.data ? formatFen(stats.data.amountFen) : '—'} /></Card>
        </Col>
        <Col span={4}>
          <Card><Statistic title="发布到到账平均" value={ttm.data?.overall.averageDays ?? stats.data?.averageDaysToMoney ?? '—'} precision={1} suffix="天" /></Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col span={12}>
          <Card title="各状态申请">
            <Chart label="各状态申请数柱状图" option={stateOption} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="按月兑付金额（元）">
            <QueryState query={stats} isEmpty={(d) => d.byMonth.length === 0} emptyText="尚无兑付">
              {(d) => (
                <Chart
                  label="按月兑付金额折线图"
                  option={{
                    tooltip: { trigger: 'axis' },
                    legend: { data: ['金额（元）', '笔数'] },
                    grid: { left: 72, right: 48, top: 40, bottom: 32 },
                    xAxis: { type: 'category', data: d.byMonth.map((m) => m.month) },
                    yAxis: [{ type: 'value', name: '元' }, { type: 'value', name: '笔' }],
                    series: [
                      { type: 'bar', name: '金额（元）', data: d.byMonth.map((m) => yuan(m.amountFen)), itemStyle: { color: '#c62f2f' } },
                      { type: 'line', name: '笔数', yAxisIndex: 1, data: d.byMonth.map((m) => m.payments) },
                    ],
                  }}
                />
              )}
            </QueryState>
          </Card>
        </Col>
        <Col span={12}>
          <Card title="按部门兑付金额（元）">
            <QueryState query={stats} isEmpty={(d) => d.byDepartment.length === 0} emptyText="尚无兑付">
              {(d) => (
                <Chart
                  label="按部门兑付金额柱状图"
                  option={{
                    tooltip: { trigger: 'axis' },
                    grid: { left: 120, right: 24, top: 16, bottom: 32 },
                    yAxis: { type: 'category', data: d.byDepartment.map((x) => x.departmentName) },
                    xAxis: { type: 'value', name: '元' },
                    series: [{ type: 'bar', name: '金额（元）', data: d.byDepartment.map((x) => yuan(x.amountFen)), itemStyle: { color: '#1d5fbf' } }],
                  }}
                />
              )}
            </QueryState>
          </Card>
        </Col>
        <Col span={12}>
          <Card title="从发布到到账平均天数（按部门）">
            <QueryState query={ttm} isEmpty={(d) => d.byDepartment.length === 0} emptyText="尚无到账记录">
              {(d) => (
                <Table
                  size="small"
                  rowKey="departmentCode"
                  pagination={false}
                  dataSource={d.byDepartment}
                  columns={[
                    { title: '部门', dataIndex: 'name' },
                    { title: '已到账笔数', dataIndex: 'paid', align: 'right' },
                    { title: '平均天数', dataIndex: 'averageDays', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
                    { title: '平均工作日', dataIndex: 'averageWorkingDays', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
                  ]}
                />
              )}
            </QueryState>
          </Card>
        </Col>
      </Row>
    </>
  );
}
