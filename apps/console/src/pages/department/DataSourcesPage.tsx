import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Select, Space, Table, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { DataSourceRejection, DataSourceStatus } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');
const REJECTION_READERS = new Set(['admin', 'auditor', 'dept_editor', 'dept_reviewer']);

/** 数据来源: each department's data source — mapping, cursor, applied/rejected counts, last pull and error; the records refused. */
export default function DataSourcesPage() {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(20);
  const source = params.get('source') || undefined;
  const sources = useQuery({ queryKey: ['data-sources'], queryFn: () => call(api.GET('/api/v1/data-sources')) });
  const seesRejections = !!user && REJECTION_READERS.has(user.role);
  const rejections = useQuery({
    queryKey: ['data-sources', 'rejections', source, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/data-sources/rejections', { params: { query: { source, page, pageSize } } })),
    enabled: seesRejections,
  });
  const sync = useMutation({
    mutationFn: (code: string) => call(api.POST('/api/v1/data-sources/{source}/sync', { params: { path: { source: code } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['data-sources'] }),
  });
  const names = new Map((sources.data ?? []).map((s) => [s.code, s.name]));
  return (
    <>
      <PageHeader title="数据来源" description="各部门共享给平台的数据：字段映射、同步游标、已应用与拒收的记录数、最近同步时间与错误。拒收的记录未写入任何数据。" />
      <ErrorAlert error={sync.error} />
      {sync.data ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={`已同步“${names.get(sync.data.source) ?? sync.data.source}”：${sync.data.records} 条记录，更新 ${sync.data.changed} 家，确认 ${sync.data.confirmed} 条，拒收 ${sync.data.rejected} 条`}
        />
      ) : null}
      <Card size="small" title="数据来源状态" style={{ marginBottom: 16 }}>
        <QueryState query={sources} isEmpty={(d) => d.length === 0} emptyText="未配置数据来源">
          {(d) => (
            <Table<DataSourceStatus>
              rowKey="code"
              size="small"
              dataSource={d}
              pagination={false}
              columns={[
                { title: '数据来源', dataIndex: 'name' },
                { title: '所属部门', dataIndex: 'departmentName' },
                {
                  title: '字段映射',
                  dataIndex: 'mapping',
                  render: (m: Record<string, string>) => (
                    <Space size={[4, 4]} wrap>
                      {Object.entries(m).map(([from, to]) => (
                        <Tag key={from}>
                          {from} → {to}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
                { title: '同步游标', dataIndex: 'cursor', render: (v: string | null) => v ?? '—' },
                { title: '已应用', dataIndex: 'applied', align: 'right' },
                { title: '拒收', dataIndex: 'rejected', align: 'right' },
                { title: '最近同步', dataIndex: 'lastPulledAt', render: time },
                { title: '最近错误', dataIndex: 'lastError', render: (v: string | null) => (v ? <Tag color="error">{v}</Tag> : '—') },
                ...(user?.role === 'admin'
                  ? [
                      {
                        title: '操作',
                        key: 'sync',
                        render: (_: unknown, r: DataSourceStatus) => (
                          <Button size="small" loading={sync.isPending && sync.variables === r.code} onClick={() => sync.mutate(r.code)}>
                            立即同步
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </QueryState>
      </Card>
      {seesRejections ? (
        <Card
          size="small"
          title="拒收的记录"
          extra={
            <Select
              aria-label="数据来源"
              placeholder="全部来源"
              allowClear
              style={{ width: 220 }}
              value={source}
              onChange={(v?: string) =>
                setParams((prev) => {
                  const p = new URLSearchParams(prev);
                  if (v) p.set('source', v);
                  else p.delete('source');
                  p.set('page', '1');
                  return p;
                })
              }
              options={(sources.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
            />
          }
        >
          <QueryState query={rejections} isEmpty={(d) => d.total === 0} emptyText="暂无拒收的记录">
            {(d) => (
              <Table<DataSourceRejection>
                rowKey="id"
                size="small"
                dataSource={d.items}
                pagination={pagination(d.total)}
                columns={[
                  { title: '数据来源', dataIndex: 'source', render: (v: string) => names.get(v) ?? v },
                  { title: '记录编号', dataIndex: 'recordId', render: (v: string | null) => v ?? '—' },
                  { title: '统一社会信用代码', dataIndex: 'creditCode', render: (v: string | null) => v ?? '—' },
                  { title: '原因', dataIndex: 'message' },
                  { title: '代码', dataIndex: 'code' },
                  { title: '拉取时间', dataIndex: 'fetchedAt', render: time },
                ]}
              />
            )}
          </QueryState>
        </Card>
      ) : null}
    </>
  );
}
