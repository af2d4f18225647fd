import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { chinaDay, formatTime } from '../../lib/appeals';
import { useCategories } from './shared/data';
import { StateTag } from './shared/StateTag';
import type { Appeal, OfficerFirm, Visit } from './shared/types';

/** 任务清单 (包联干部): open appeals of my firms, those waiting for my pre-study first. */
export function OfficerTasksPage() {
  const { page, pageSize, pagination } = usePageParams(20);
  const tasks = useQuery({ queryKey: ['appeals', 'officer', 'tasks', page, pageSize], queryFn: () => call(api.GET('/api/v1/officers/me/tasks', { params: { query: { page, pageSize } } })) });
  return (
    <>
      <PageHeader title="任务清单" description="包联企业的在办诉求。能当场答复的当场答复，不能的上报督办预研。" />
      <QueryState query={tasks} isEmpty={(d) => d.total === 0} emptyText="包联企业暂无在办诉求">
        {(d) => (
          <Table<Appeal>
            rowKey="id"
            dataSource={d.items}
            pagination={pagination(d.total)}
            columns={[
              { title: '编号', dataIndex: 'number', render: (n: string, a) => <Link to={`/staff/appeals/officer/tasks/${a.id}`}>{n}</Link> },
              { title: '标题', dataIndex: 'title' },
              { title: '企业', dataIndex: 'enterpriseName' },
              { title: '类别', dataIndex: 'categoryLabel' },
              { title: '状态', key: 's', render: (_, a) => <StateTag state={a.state} label={a.stateLabel} overdue={a.overdue} /> },
              { title: '当前时限', key: 'due', render: (_, a) => (a.dueKindLabel ? `${a.dueKindLabel} ${a.dueOn ?? ''}` : '—') },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}

/** 包联企业: the firms assigned to me and how many of their appeals are still open. */
export function OfficerFirmsPage() {
  const firms = useQuery({ queryKey: ['appeals', 'officer', 'firms'], queryFn: () => call(api.GET('/api/v1/officers/me/firms')) });
  const { page, pageSize, pagination } = usePageParams(20);
  return (
    <>
      <PageHeader title="包联企业" />
      <QueryState query={firms} isEmpty={(d) => d.length === 0} emptyText="尚未分配包联企业">
        {(rows) => (
          <Table<OfficerFirm>
            rowKey="enterpriseId"
            dataSource={rows.slice((page - 1) * pageSize, page * pageSize)}
            pagination={{ ...pagination(rows.length) }}
            columns={[
              { title: '企业', dataIndex: 'enterpriseName' },
              { title: '区县代码', dataIndex: 'districtCode', render: (v: string | null) => v ?? '—' },
              { title: '包联日期', dataIndex: 'assignedAt', render: (t: string) => formatTime(t).slice(0, 10) },
              { title: '未办结诉求', dataIndex: 'openAppeals' },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}

interface VisitForm {
  enterpriseId: string;
  visitedOn: Dayjs;
  summary: string;
  problems?: Array<{ category: string; title: string; description: string }>;
}

/** 走访记录: log a visit (回访) to one of my firms; each problem collected becomes an appeal. */
export function OfficerVisitsPage() {
  const qc = useQueryClient();
  const firms = useQuery({ queryKey: ['appeals', 'officer', 'firms'], queryFn: () => call(api.GET('/api/v1/officers/me/firms')) });
  const visits = useQuery({ queryKey: ['appeals', 'officer', 'visits'], queryFn: () => call(api.GET('/api/v1/officers/me/visits')) });
  const categories = useCategories();
  const { page, pageSize, pagination } = usePageParams(10);
  const [form] = Form.useForm<VisitForm>();
  const record = useMutation({
    mutationFn: (v: VisitForm) =>
      call(api.POST('/api/v1/officers/me/visits', {
        body: { enterpriseId: v.enterpriseId, visitedOn: v.visitedOn.format('YYYY-MM-DD'), summary: v.summary.trim(), problems: (v.problems ?? []).map((p) => ({ category: p.category, title: p.title.trim(), description: p.description.trim() })) },
      })),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['appeals'] });
    },
  });
  return (
    <>
      <PageHeader title="走访记录" />
      <Card size="small" title="登记走访" style={{ marginBottom: 16 }}>
        <ErrorAlert error={record.error} />
        {record.data ? <Alert type="success" showIcon title={`已登记走访${record.data.appealIds.length ? `，生成 ${record.data.appealIds.length} 件诉求` : ''}`} style={{ marginBottom: 12 }} /> : null}
        <Form<VisitForm> form={form} layout="vertical" initialValues={{ visitedOn: dayjs(chinaDay(new Date())) }} onFinish={(v) => record.mutate(v)}>
          <Space wrap align="start">
            <Form.Item name="enterpriseId" label="企业" rules={[{ required: true, message: '请选择企业' }]}>
              <Select aria-label="企业" showSearch optionFilterProp="label" style={{ width: 280 }} options={(firms.data ?? []).map((f) => ({ value: f.enterpriseId, label: f.enterpriseName }))} />
            </Form.Item>
            <Form.Item name="visitedOn" label="走访日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker aria-label="走访日期" />
            </Form.Item>
          </Space>
          <Form.Item name="summary" label="走访情况" rules={[{ required: true, message: '请填写走访情况' }, { min: 2, max: 5000, message: '2–5000 个字' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.List name="problems">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Card key={f.key} size="small" title={`收集的问题 ${i + 1}`} extra={<Button size="small" onClick={() => remove(f.name)}>删除</Button>} style={{ marginBottom: 8 }}>
                    <Space wrap align="start">
                      <Form.Item name={[f.name, 'category']} label="类别" rules={[{ required: true, message: '请选择类别' }]}>
                        <Select style={{ width: 160 }} options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'title']} label="标题" rules={[{ required: true, message: '请填写标题' }, { min: 2, max: 200, message: '2–200 个字' }]}>
                        <Input style={{ width: 360 }} />
                      </Form.Item>
                    </Space>
                    <Form.Item name={[f.name, 'description']} label="问题描述" rules={[{ required: true, message: '请描述问题' }, { min: 5, max: 5000, message: '5–5000 个字' }]}>
                      <Input.TextArea rows={2} />
                    </Form.Item>
                  </Card>
                ))}
                <Space>
                  <Button onClick={() => add()}>添加收集的问题</Button>
                  <Button type="primary" htmlType="submit" loading={record.isPending}>登记走访</Button>
                </Space>
              </>
            )}
          </Form.List>
        </Form>
      </Card>
      <QueryState query={visits} isEmpty={(d) => d.length === 0} emptyText="暂无走访记录">
        {(rows) => (
          <Table<Visit>
            rowKey="id"
            dataSource={rows.slice((page - 1) * pageSize, page * pageSize)}
            pagination={pagination(rows.length)}
            columns={[
              { title: '走访日期', dataIndex: 'visitedOn', width: 120 },
              { title: '企业', dataIndex: 'enterpriseName' },
              { title: '走访情况', dataIndex: 'summary' },
              { title: '生成诉求', dataIndex: 'appealIds', width: 100, render: (ids: string[]) => `${ids.length} 件` },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
