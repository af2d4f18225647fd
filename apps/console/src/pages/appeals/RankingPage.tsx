import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Radio, Select, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { QueryState } from '../../components/QueryState';
import { addMonths, formatRate, monthOf } from '../../lib/appeals';
import { fetchHtml, useDepartments } from './shared/data';
import { HtmlDocumentModal } from './shared/HtmlDocument';
import type { RankingRow } from './shared/types';

// ECharts is large: its own chunk, fetched when the trend is shown.
const TrendChart = lazy(() => import('./RankingTrendChart'));

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** 考核排名: the monthly ranking of lead units (or districts) by 响应率/按期办结率/解决率/满意率, a 12-month trend and the printable 月度通报. */
export default function RankingPage() {
  const [params, setParams] = useSearchParams();
  const monthParam = params.get('month');
  const month = monthParam && MONTH.test(monthParam) ? monthParam : addMonths(monthOf(new Date()), -1);
  const by = params.get('by') === 'district' ? 'district' : 'department';
  const [trendDept, setTrendDept] = useState<string | undefined>();
  const [report, setReport] = useState(false);
  const departments = useDepartments();
  const ranking = useQuery({ queryKey: ['appeals', 'ranking', month, by], queryFn: () => call(api.GET('/api/v1/appeals/ranking', { params: { query: { month, by } } })) });
  const trend = useQuery({
    queryKey: ['appeals', 'ranking', 'trend', month, trendDept],
    queryFn: () => call(api.GET('/api/v1/appeals/ranking/trend', { params: { query: { from: addMonths(month, -11), to: month, department: trendDept } } })),
  });
  const set = (k: string, v: string) => setParams((prev) => { const p = new URLSearchParams(prev); p.set(k, v); return p; });
  return (
    <>
      <PageHeader
        title="考核排名"
        extra={<Button onClick={() => setReport(true)}>月度通报</Button>}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker picker="month" aria-label="月份" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && set('month', d.format('YYYY-MM'))} />
        <Radio.Group optionType="button" value={by} onChange={(e) => set('by', e.target.value as string)} options={[{ value: 'department', label: '按牵头部门' }, { value: 'district', label: '按区县' }]} />
      </Space>
      <QueryState query={ranking} isEmpty={(d) => d.rows.length === 0} emptyText="本月没有交办的诉求">
        {(d) => (
          <Table<RankingRow>
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={d.rows}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>全市合计</Table.Summary.Cell>
                <Table.Summary.Cell index={2}>{d.total.assigned}</Table.Summary.Cell>
                <Table.Summary.Cell index={3}>{formatRate(d.total.responseRate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={4}>{formatRate(d.total.onTimeRate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={5}>{formatRate(d.total.resolutionRate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={6}>{formatRate(d.total.satisfactionRate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={7}>{d.total.secondSupervisions}</Table.Summary.Cell>
                <Table.Summary.Cell index={8}>{d.total.averageWorkingDays ?? '—'}</Table.Summary.Cell>
                <Table.Summary.Cell index={9}>{d.total.score}</Table.Summary.Cell>
              </Table.Summary.Row>
            )}
            columns={[
              { title: '名次', dataIndex: 'rank', width: 60 },
              { title: by === 'district' ? '区县' : '牵头部门', dataIndex: 'name' },
              { title: '交办数', dataIndex: 'assigned' },
              { title: '响应率', dataIndex: 'responseRate', render: formatRate },
              { title: '按期办结率', dataIndex: 'onTimeRate', render: formatRate },
              { title: '解决率', dataIndex: 'resolutionRate', render: formatRate },
              { title: '满意率', dataIndex: 'satisfactionRate', render: formatRate },
              { title: '二次督办', dataIndex: 'secondSupervisions' },
              { title: '平均办理工作日', dataIndex: 'averageWorkingDays', render: (v: number | null) => v ?? '—' },
              { title: '综合得分', dataIndex: 'score' },
            ]}
          />
        )}
      </QueryState>
      <Card
        size="small"
        title="近 12 个月趋势"
        style={{ marginTop: 16 }}
        extra={<Select aria-label="趋势单位" placeholder="全市" allowClear showSearch optionFilterProp="label" value={trendDept} onChange={setTrendDept} options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))} style={{ width: 220 }} />}
      >
        <QueryState query={trend} isEmpty={(d) => d.length === 0}>
          {(points) => <Suspense fallback={<PageSpinner />}><TrendChart points={points} /></Suspense>}
        </QueryState>
      </Card>
      <HtmlDocumentModal
        open={report}
        onClose={() => setReport(false)}
        title={`${month} 月度通报`}
        queryKey={['appeals', 'ranking', 'report', month]}
        load={() => fetchHtml(api.GET('/api/v1/appeals/ranking/report', { params: { query: { month } }, parseAs: 'text' }))}
      />
    </>
  );
}
