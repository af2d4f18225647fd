import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Input, Select, Space, Table } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { APPEAL_STATE_OPTIONS, formatTime, ledgerFilterFromParams, ledgerQuery, withLedgerFilter, type LedgerFilter } from '../../lib/appeals';
import { downloadFile, useCategories, useDepartments } from './shared/data';
import { StateTag } from './shared/StateTag';
import type { Appeal } from './shared/types';

/**
 * The appeals ledger (诉求台账) as a paged table with its filters in the URL. `fixed` filters are
 * always applied (a department's own list); `filters` chooses which the user can change.
 */
export function AppealsTable({ detailBase, fixed = {}, filters = ['state', 'category', 'department', 'overdue', 'q'], exportable = false, emptyText = '暂无诉求' }: {
  detailBase: string;
  fixed?: LedgerFilter;
  filters?: Array<keyof LedgerFilter>;
  exportable?: boolean;
  /** Shown when the list is empty with no filter chosen. */
  emptyText?: string;
}) {
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(20);
  const chosen = ledgerFilterFromParams(params);
  const filtered = filters.some((k) => chosen[k] !== undefined);
  const filter = { ...chosen, ...fixed };
  const categories = useCategories();
  const departments = useDepartments();
  const list = useQuery({
    queryKey: ['appeals', 'ledger', filter, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/appeals', { params: { query: { ...ledgerQuery(filter), page, pageSize } } })),
  });
  const download = useMutation({
    mutationFn: () => downloadFile(api.GET('/api/v1/appeals/ledger.xlsx', { params: { query: ledgerQuery(filter) }, parseAs: 'blob' }), '诉求台账.xlsx'),
  });
  const set = (key: keyof LedgerFilter, value: string | boolean | undefined) => setParams(withLedgerFilter(params, key, value));
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {filters.includes('q') ? <Input.Search aria-label="搜索诉求" placeholder="编号、企业名称或标题" allowClear defaultValue={filter.q} onSearch={(v) => set('q', v.trim() || undefined)} style={{ width: 240 }} /> : null}
        {filters.includes('state') ? <Select aria-label="状态" placeholder="状态" allowClear value={filter.state} onChange={(v) => set('state', v)} options={[...APPEAL_STATE_OPTIONS]} style={{ width: 150 }} /> : null}
        {filters.includes('category') ? <Select aria-label="类别" placeholder="类别" allowClear value={filter.category} onChange={(v) => set('category', v)} options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} style={{ width: 150 }} /> : null}
        {filters.includes('department') ? <Select aria-label="部门" placeholder="牵头或协办单位" allowClear showSearch optionFilterProp="label" value={filter.department} onChange={(v) => set('department', v)} options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))} style={{ width: 200 }} /> : null}
        {filters.includes('overdue') ? <Select aria-label="时限" placeholder="时限" allowClear value={filter.overdue === undefined ? undefined : String(filter.overdue)} onChange={(v?: string) => set('overdue', v === undefined ? undefined : v === 'true')} options={[{ value: 'true', label: '已超期' }, { value: 'false', label: '未超期' }]} style={{ width: 120 }} /> : null}
        {exportable ? <Button onClick={() => download.mutate()} loading={download.isPending}>导出台账（XLSX）</Button> : null}
      </Space>
      <ErrorAlert error={download.error} />
      <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText={filtered ? '没有符合条件的诉求' : emptyText}>
        {(d) => (
          <Table<Appeal>
            rowKey="id"
            size="middle"
            dataSource={d.items}
            pagination={pagination(d.total)}
            columns={[
              { title: '编号', dataIndex: 'number', width: 150, render: (n: string, a) => <Link to={`${detailBase}/${a.id}`}>{n}</Link> },
              { title: '标题', dataIndex: 'title', render: (t: string, a) => <Link to={`${detailBase}/${a.id}`}>{t}</Link> },
              { title: '企业', dataIndex: 'enterpriseName' },
              { title: '类别', dataIndex: 'categoryLabel', width: 100 },
              { title: '状态', key: 'state', width: 170, render: (_, a) => <StateTag state={a.state} label={a.stateLabel} overdue={a.overdue} /> },
              { title: '牵头单位', key: 'lead', render: (_, a) => a.leadDepartment?.name ?? '—' },
              { title: '当前时限', key: 'due', width: 170, render: (_, a) => (a.dueKindLabel ? `${a.dueKindLabel} ${a.dueOn ?? ''}` : '—') },
              { title: '反映时间', dataIndex: 'receivedAt', width: 150, render: (t: string) => formatTime(t) },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
