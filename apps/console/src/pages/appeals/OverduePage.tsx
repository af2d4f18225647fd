import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { useDepartments } from './shared/data';
import { StateTag } from './shared/StateTag';
import type { OverdueEntry } from './shared/types';

const LEVELS = [
  { value: 'officer', label: '包联干部' },
  { value: 'department', label: '责任部门' },
  { value: 'district', label: '区县' },
  { value: 'city', label: '市级' },
  { value: 'leading_group', label: '领导小组' },
];

/** 超期与督办: open appeals whose current deadline has passed, most overdue first; open one to send a 督办函. */
export default function OverduePage() {
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(20);
  const department = params.get('department') ?? undefined;
  const levelParam = params.get('level');
  const level = LEVELS.some((l) => l.value === levelParam) ? (levelParam as 'officer' | 'department' | 'district' | 'city' | 'leading_group') : undefined;
  const departments = useDepartments();
  const list = useQuery({
    queryKey: ['appeals', 'overdue', department, level, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/appeals/overdue', { params: { query: { department, level, page, pageSize } } })),
  });
  const set = (k: string, v?: string) => setParams((prev) => {
    const p = new URLSearchParams(prev);
    if (v) p.set(k, v);
    else p.delete(k);
    p.delete('page');
    return p;
  });
  return (
    <>
      <PageHeader title="超期与督办" description="当前时限已过的在办诉求。超期自动逐级上报；打开诉求可发督办函。" />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label="牵头单位" placeholder="牵头单位" allowClear showSearch optionFilterProp="label" value={department} onChange={(v) => set('department', v)} options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))} style={{ width: 220 }} />
        <Select aria-label="督办层级" placeholder="督办层级" allowClear value={level} onChange={(v) => set('level', v)} options={LEVELS} style={{ width: 150 }} />
      </Space>
      <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText="没有超期的诉求">
        {(d) => (
          <Table<OverdueEntry>
            rowKey="id"
            dataSource={d.items}
            pagination={pagination(d.total)}
            columns={[
              { title: '编号', dataIndex: 'number', render: (n: string, a) => <Link to={`/staff/appeals/overdue/${a.id}`}>{n}</Link> },
              { title: '标题', dataIndex: 'title' },
              { title: '企业', dataIndex: 'enterpriseName' },
              { title: '状态', key: 's', render: (_, a) => <StateTag state={a.state} label={a.stateLabel} /> },
              { title: '牵头单位', key: 'lead', render: (_, a) => a.leadDepartment?.name ?? '—' },
              { title: '超期环节', key: 'due', render: (_, a) => `${a.dueKindLabel ?? ''}（${a.dueOn ?? ''}）` },
              { title: '已超期', dataIndex: 'overdueWorkingDays', render: (n: number) => `${n} 个工作日` },
              { title: '督办层级', dataIndex: 'levelLabel' },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
