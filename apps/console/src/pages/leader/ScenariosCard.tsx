import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { toApiError } from '../../api/errors';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import type { SavedScenario, ScenarioDefinition } from '../../api/types';
import { saveBlob } from '../../lib/save-blob';

/** Save the current scenario, list the visible ones (own, department, shared): load, share, export CSV, propose as a draft version, delete. */
export function ScenariosCard({ definition, onLoad }: { definition: ScenarioDefinition | null; onLoad: (s: SavedScenario) => void }) {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const { page, pageSize, pagination } = usePageParams(10);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['sandbox', 'scenarios', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/sandbox/scenarios', { params: { query: { page, pageSize } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['sandbox', 'scenarios'] });
  const save = useMutation({
    mutationFn: () => call(api.POST('/api/v1/sandbox/scenarios', { body: { name: name.trim(), shared, definition: definition! } })),
    onSuccess: async (s) => {
      setName('');
      setNotice(`情景“${s.name}”已保存`);
      await refresh();
    },
  });
  const act = useMutation({
    mutationFn: async ({ s, action }: { s: SavedScenario; action: 'share' | 'export' | 'propose' | 'delete' }) => {
      const path = { params: { path: { id: s.id } } };
      if (action === 'share') {
        await call(api.PATCH('/api/v1/sandbox/scenarios/{id}', { ...path, body: { shared: !s.shared } }));
        return s.shared ? `已取消共享“${s.name}”` : `已共享“${s.name}”给其他领导与部门`;
      }
      if (action === 'delete') {
        await call(api.DELETE('/api/v1/sandbox/scenarios/{id}', path));
        return `已删除“${s.name}”`;
      }
      if (action === 'propose') {
        const draft = await call(api.POST('/api/v1/sandbox/scenarios/{id}/propose', path));
        return `已生成“${draft.name}”草稿版本 v${draft.version}，待主管部门提交审核`;
      }
      const { data, response } = await api.GET('/api/v1/sandbox/scenarios/{id}/export.csv', { ...path, parseAs: 'blob' });
      if (!response.ok || !(data instanceof Blob)) throw toApiError(response.status, undefined);
      saveBlob(data, `情景-${s.name}.csv`);
      return `已导出“${s.name}”`;
    },
    onSuccess: async (text) => {
      setNotice(text);
      await refresh();
    },
  });
  return (
    <Card title="情景" size="small" style={{ marginBottom: 16 }}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input aria-label="情景名称" placeholder="情景名称，例如：营收门槛降至3000万" style={{ width: 320 }} maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <Checkbox checked={shared} onChange={(e) => setShared(e.target.checked)}>
          共享
        </Checkbox>
        <Button type="primary" disabled={!definition || !name.trim()} loading={save.isPending} onClick={() => save.mutate()}>
          保存情景
        </Button>
      </Space>
      <ErrorAlert error={save.error ?? act.error} />
      {notice ? <Alert type="success" showIcon closable title={notice} onClose={() => setNotice(null)} style={{ marginBottom: 12 }} /> : null}
      <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText="尚无保存的情景" rows={2}>
        {(d) => (
          <Table<SavedScenario>
            size="small"
            rowKey="id"
            dataSource={d.items}
            pagination={pagination(d.total)}
            columns={[
              { title: '名称', dataIndex: 'name', render: (v: string, s) => <span>{v} {s.shared ? <Tag color="blue">共享</Tag> : null}</span> },
              { title: '创建人', dataIndex: 'ownerName', render: (v: string | null) => v ?? '—' },
              { title: '更新时间', dataIndex: 'updatedAt', render: (v: string) => new Date(v).toLocaleString('zh-CN', { hour12: false }) },
              {
                title: '操作',
                key: 'actions',
                render: (_, s) => {
                  const mine = s.ownerId === user?.id;
                  return (
                    <Space size="small" wrap>
                      <Button size="small" onClick={() => onLoad(s)}>载入</Button>
                      <Button size="small" onClick={() => act.mutate({ s, action: 'export' })}>导出 CSV</Button>
                      {mine ? <Button size="small" onClick={() => act.mutate({ s, action: 'share' })}>{s.shared ? '取消共享' : '共享'}</Button> : null}
                      <Popconfirm title="将该情景转为政策事项的新草稿版本，交主管部门审核？" okText="转为草稿" cancelText="取消" onConfirm={() => act.mutate({ s, action: 'propose' })}>
                        <Button size="small">转为草稿</Button>
                      </Popconfirm>
                      {mine ? (
                        <Popconfirm title="删除该情景？" okText="删除" cancelText="取消" onConfirm={() => act.mutate({ s, action: 'delete' })}>
                          <Button size="small" danger>删除</Button>
                        </Popconfirm>
                      ) : null}
                    </Space>
                  );
                },
              },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
