import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { api, call } from '../../api/client';
import type { Schemas } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';

type BoardRow = Schemas['BoardRowDto'];
type Overdue = Schemas['OverdueEntryDto'];
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const days = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} 天`);

/** 督办看板: per department the steps' deadlines, on-time rate, overdue applications, and time to money. */
export default function SupervisionPage() {
  const { page, pageSize, pagination } = usePageParams(20);
  const board = useQuery({ queryKey: ['dept', 'board'], queryFn: () => call(api.GET('/api/v1/supervision/board')) });
  const overdue = useQuery({ queryKey: ['dept', 'overdue'], queryFn: () => call(api.GET('/api/v1/supervision/overdue')) });
  const ttm = useQuery({ queryKey: ['dept', 'time-to-money'], queryFn: () => call(api.GET('/api/v1/supervision/time-to-money')) });
  return (
    <>
      <PageHeader title="督办看板" description="各环节办理时限、超期事项与按期率，以及从政策发布（或申请）到资金到账的平均用时。" />
      <Card title="从发布到到账" size="small" style={{ marginBottom: 16 }}>
        <QueryState query={ttm}>
          {(t) => (
            <Row gutter={16}>
              <Col span={8}><Statistic title="已到账笔数" value={t.overall.paid} /></Col>
              <Col span={8}><Statistic title="平均用时" value={days(t.overall.averageDays)} /></Col>
              <Col span={8}><Statistic title="平均工作日" value={t.overall.averageWorkingDays === null ? '—' : `${t.overall.averageWorkingDays.toFixed(1)} 个工作日`} /></Col>
            </Row>
          )}
        </QueryState>
      </Card>
      <Card title="各部门办理情况" size="small" style={{ marginBottom: 16 }}>
        <QueryState query={board} isEmpty={(d) => d.length === 0}>
          {(d) => (
            <Table<BoardRow>
              rowKey="departmentCode"
              size="small"
              pagination={false}
              dataSource={d}
              columns={[
                { title: '部门', dataIndex: 'name' },
                { title: '受理', dataIndex: 'received', width: 80 },
                { title: '在办', dataIndex: 'inProgress', width: 80 },
                { title: '超期', dataIndex: 'overdue', width: 80, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
                { title: '办结率', dataIndex: 'closureRate', width: 90, render: pct },
                { title: '按期率', dataIndex: 'onTimeRate', width: 90, render: pct },
                { title: '平均办理', dataIndex: 'averageHandlingWorkingDays', width: 110, render: (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} 工作日`) },
                { title: '评价均分', dataIndex: 'ratingAverage', width: 90, render: (v: number | null) => (v === null ? '—' : v.toFixed(2)) },
              ]}
            />
          )}
        </QueryState>
      </Card>
      <Card title="超期事项" size="small">
        <QueryState query={overdue} isEmpty={(d) => d.length === 0} emptyText="暂无超期事项">
          {(d) => (
            <Table<Overdue>
              rowKey={(r) => `${r.applicationId}-${r.node}`}
              size="small"
              dataSource={d.slice((page - 1) * pageSize, page * pageSize)}
              pagination={pagination(d.length)}
              columns={[
                { title: '企业', dataIndex: 'enterpriseName' },
                { title: '事项', dataIndex: 'itemName' },
                { title: '环节', dataIndex: 'nodeLabel', width: 110 },
                { title: '责任人', dataIndex: 'ownerLabel', width: 130 },
                { title: '时限', dataIndex: 'dueOn', width: 110 },
                { title: '超期', dataIndex: 'overdueWorkingDays', width: 100, render: (v: number) => <Tag color="red">{`${v} 个工作日`}</Tag> },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
