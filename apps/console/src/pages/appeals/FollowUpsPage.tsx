import { useQuery } from '@tanstack/react-query';
import { Radio, Table, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatTime } from '../../lib/appeals';
import { ActionDialog } from './shared/ActionDialog';
import type { Schemas } from '../../api/types';

type FollowUp = Schemas['FollowUpView'];

/** 回访任务: after 销号 the supervisor calls the firm back; 回头看 finding it unsolved reopens the appeal. */
export default function FollowUpsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') === 'done' ? 'done' : params.get('status') === 'all' ? undefined : 'pending';
  const { page, pageSize, pagination } = usePageParams(20);
  const list = useQuery({
    queryKey: ['appeals', 'follow-ups', status, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/appeals/follow-ups', { params: { query: { status, page, pageSize } } })),
  });
  return (
    <>
      <PageHeader title="回访任务" />
      <Radio.Group
        optionType="button"
        value={status ?? 'all'}
        onChange={(e) => setParams(new URLSearchParams({ status: String(e.target.value) }))}
        options={[{ value: 'pending', label: '待回访' }, { value: 'done', label: '已回访' }, { value: 'all', label: '全部' }]}
        style={{ marginBottom: 16 }}
      />
      <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText="没有回访任务">
        {(d) => (
          <Table<FollowUp>
            rowKey="id"
            dataSource={d.items}
            pagination={pagination(d.total)}
            columns={[
              { title: '诉求编号', dataIndex: 'appealNumber', render: (n: string, f) => <Link to={`/staff/appeals/ledger/${f.appealId}`}>{n}</Link> },
              { title: '企业', dataIndex: 'enterpriseName' },
              { title: '标题', dataIndex: 'title' },
              { title: '回访日期', dataIndex: 'dueOn', width: 110 },
              { title: '状态', dataIndex: 'statusLabel', render: (s: string, f) => <Tag color={f.status === 'pending' ? 'gold' : 'green'}>{s}</Tag> },
              { title: '结果', key: 'finding', render: (_, f) => (f.findingLabel ? `${f.findingLabel}（${formatTime(f.doneAt)}）${f.note ? `：${f.note}` : ''}` : '—') },
              {
                title: '',
                key: 'record',
                render: (_, f) =>
                  f.status === 'pending' ? (
                    <ActionDialog
                      label="登记回访"
                      initial={{ finding: 'confirmed' }}
                      fields={[
                        { kind: 'radio', name: 'finding', label: '回访结果', required: true, options: [{ value: 'confirmed', label: '确认已解决' }, { value: 'reopen', label: '未解决，重启办理' }] },
                        { kind: 'text', name: 'note', label: '回访记录', required: true, min: 2, max: 2000 },
                      ]}
                      submit={(v) => call(api.POST('/api/v1/appeals/{id}/follow-ups/{followUpId}', { params: { path: { id: f.appealId, followUpId: f.id } }, body: { finding: v.finding as 'confirmed' | 'reopen', note: String(v.note) } }))}
                    />
                  ) : null,
              },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
