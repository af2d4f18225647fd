import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { Schemas } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { namesOf, usePublicCatalogue } from '../public/usePublicData';
import type { PolicySummary } from '../../api/types';
import { CATEGORY_LABELS, LEVEL_LABELS } from './labels';

/** 政策与事项: the department's policies (paged; leaders and auditors filter by department), and a new policy. */
export default function PoliciesPage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const { page, pageSize, pagination } = usePageParams(20);
  const catalogue = usePublicCatalogue();
  const department = params.get('department') ?? undefined;
  const scoped = user?.role === 'dept_editor' || user?.role === 'dept_reviewer';
  const [creating, setCreating] = useState(false);

  const list = useQuery({
    queryKey: ['dept', 'policies', department, page, pageSize],
    queryFn: () => call(api.GET('/api/v1/policies', { params: { query: { department, page, pageSize } } })),
    placeholderData: keepPreviousData,
  });
  const departments = namesOf(catalogue.data?.departments);

  return (
    <>
      <PageHeader
        title="政策与事项"
        description="本部门的政策及其兑现事项：编辑草稿、设置申报条件与补贴公式、提交审核、版本对比。"
        extra={user?.role === 'dept_editor' ? <Button type="primary" onClick={() => setCreating(true)}>新建政策</Button> : null}
      />
      <Card>
        {!scoped ? (
          <Space style={{ marginBottom: 12 }}>
            <Select
              aria-label="主管部门"
              allowClear
              placeholder="全部部门"
              style={{ width: 220 }}
              value={department}
              options={(catalogue.data?.departments ?? []).map((d) => ({ value: d.code, label: d.name }))}
              onChange={(v?: string) =>
                setParams((prev) => {
                  const p = new URLSearchParams(prev);
                  if (v) p.set('department', v);
                  else p.delete('department');
                  p.delete('page');
                  return p;
                })
              }
            />
          </Space>
        ) : null}
        <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText="暂无政策">
          {(d) => (
            <Table<PolicySummary>
              rowKey="id"
              dataSource={d.items}
              pagination={pagination(d.total)}
              columns={[
                { title: '政策', dataIndex: 'title', render: (t: string, r) => <Link to={`/staff/dept/policies/${r.id}`}>{t}</Link> },
                { title: '编码', dataIndex: 'code', width: 160 },
                { title: '文号', dataIndex: 'docNumber', width: 180, render: (v: string | null) => v ?? '—' },
                { title: '部门', dataIndex: 'ownerDepartment', width: 140, render: (v: string) => departments.get(v) ?? v },
                { title: '层级', dataIndex: 'level', width: 70, render: (v: PolicySummary['level']) => LEVEL_LABELS[v] ?? v },
                { title: '类别', dataIndex: 'category', width: 90, render: (v: PolicySummary['category']) => <Tag>{CATEGORY_LABELS[v] ?? v}</Tag> },
                { title: '有效期', width: 200, render: (_, r) => `${r.effectiveFrom} 至 ${r.effectiveTo ?? '长期'}` },
              ]}
            />
          )}
        </QueryState>
      </Card>
      {creating ? <CreatePolicyModal onClose={() => setCreating(false)} /> : null}
    </>
  );
}

interface CreateValues {
  code: string;
  title: string;
  docNumber?: string;
  level: string;
  category: string;
  effective: [dayjs.Dayjs, dayjs.Dayjs | null];
  tags?: string[];
  fullText?: string;
}

function CreatePolicyModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<CreateValues>();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: async (v: CreateValues) => {
      const body = {
        code: v.code.trim(),
        title: v.title.trim(),
        docNumber: v.docNumber || undefined,
        level: v.level,
        category: v.category,
        effectiveFrom: v.effective[0].format('YYYY-MM-DD'),
        effectiveTo: v.effective[1]?.format('YYYY-MM-DD'),
        tags: v.tags ?? [],
        fullText: v.fullText ?? '',
        items: [],
      } as unknown as Schemas['CreatePolicyDto'];
      return call(api.POST('/api/v1/policies', { body }));
    },
    onSuccess: (p) => navigate(`/staff/dept/policies/${p.id}`),
  });
  return (
    <Modal open title="新建政策" okText="创建" onCancel={onClose} confirmLoading={create.isPending} onOk={() => void form.validateFields().then((v) => create.mutate(v))} width={720}>
      <ErrorAlert error={create.error} />
      <Form form={form} layout="vertical" initialValues={{ level: 'municipal', category: 'subsidy' }}>
        <Form.Item name="title" label="政策标题" rules={[{ required: true, min: 4, message: '政策标题应为 4–300 字' }]}>
          <Input />
        </Form.Item>
        <Space size={12} style={{ display: 'flex' }} align="start">
          <Form.Item name="code" label="政策编码" rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: '2–64 位字母、数字或 _ . -' }]}>
            <Input placeholder="如 ZZ-KJ-2026-001" />
          </Form.Item>
          <Form.Item name="docNumber" label="文号">
            <Input placeholder="如 郑政〔2026〕1号" />
          </Form.Item>
          <Form.Item name="level" label="层级">
            <Select style={{ width: 100 }} options={Object.entries(LEVEL_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="category" label="类别">
            <Select style={{ width: 120 }} options={Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Space>
        <Form.Item name="effective" label="有效期" rules={[{ required: true, message: '请选择生效日期' }]}>
          <DatePicker.RangePicker allowEmpty={[false, true]} />
        </Form.Item>
        <Form.Item name="tags" label="关键词">
          <Select mode="tags" placeholder="输入后回车" />
        </Form.Item>
        <Form.Item name="fullText" label="政策原文">
          <Input.TextArea rows={6} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
