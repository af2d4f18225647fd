import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useAuth } from '../../auth/AuthProvider';
import { useCategories, useDepartments } from './shared/data';
import type { Category } from './shared/types';

/** The working-day limits of a category, with the API's bounds (CategoryUpdateDto). */
export const DEADLINE_FIELDS = [
  { name: 'dispatchDays', label: '交办时限', max: 60, extra: '反映之日起几个工作日内交办' },
  { name: 'acceptDays', label: '签收时限', max: 60, extra: '交办后几个工作日内签收' },
  { name: 'progressDays', label: '报送进展时限', max: 120, extra: '签收后几个工作日内报送办理意见或进展' },
  { name: 'answerDays', label: '答复时限', max: 250, extra: '交办后几个工作日内答复企业' },
  { name: 'secondDays', label: '二次督办答复时限', max: 120, extra: '企业不满意后重新答复的工作日' },
] as const;

type DeadlineName = (typeof DEADLINE_FIELDS)[number]['name'];
type CategoryForm = { leadDepartment?: string; requirements?: string } & Partial<Record<DeadlineName, number>>;

/**
 * 诉求类别设置 (supervisor): each category's default lead unit and the working-day limit of every
 * step. Changes apply to appeals assigned afterwards; the others keep the deadlines they were given.
 */
export default function CategoriesPage() {
  const categories = useCategories();
  const departments = useDepartments();
  const { user } = useAuth();
  const [editing, setEditing] = useState<Category | null>(null);
  const canEdit = user?.role === 'supervisor';
  const deptName = (code?: string | null) => (departments.data ?? []).find((d) => d.code === code)?.name ?? code ?? '未设置';
  return (
    <>
      <PageHeader title="类别设置" description="各类诉求的默认牵头单位、各环节办理时限（工作日，节假日顺延）与默认办理要求。修改只对之后交办的诉求生效。" />
      <QueryState query={categories} isEmpty={(d) => d.length === 0} emptyText="尚未配置诉求类别">
        {(rows) => (
          <Table<Category>
            rowKey="code"
            dataSource={rows}
            pagination={false}
            aria-label="诉求类别"
            columns={[
              { title: '类别', dataIndex: 'name' },
              { title: '默认牵头单位', key: 'lead', render: (_, c) => c.leadDepartment?.name ?? deptName(null) },
              ...DEADLINE_FIELDS.map((f) => ({ title: f.label, dataIndex: f.name, render: (n: number) => `${n} 个工作日` })),
              { title: '默认办理要求', dataIndex: 'requirements', ellipsis: true, render: (r: string | null) => r ?? <Typography.Text type="secondary">未设置</Typography.Text> },
              ...(canEdit ? [{ title: '', key: 'edit', render: (_: unknown, c: Category) => <Button size="small" onClick={() => setEditing(c)} aria-label={`修改${c.name}`}>修改</Button> }] : []),
            ]}
          />
        )}
      </QueryState>
      {editing ? <EditCategory category={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function EditCategory({ category, onClose }: { category: Category; onClose: () => void }) {
  const [form] = Form.useForm<CategoryForm>();
  const departments = useDepartments();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: CategoryForm) => call(api.PUT('/api/v1/appeals/categories/{code}', { params: { path: { code: category.code } }, body: v })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['appeals', 'categories'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`修改类别「${category.name}」`}
      okText="保存"
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={save.error} />
      <Form<CategoryForm>
        form={form}
        layout="horizontal"
        labelCol={{ span: 8 }}
        initialValues={{ leadDepartment: category.leadDepartment?.code, requirements: category.requirements ?? '', ...Object.fromEntries(DEADLINE_FIELDS.map((f) => [f.name, category[f.name]])) }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="leadDepartment" label="默认牵头单位" rules={[{ required: true, message: '请选择默认牵头单位' }]}>
          <Select showSearch optionFilterProp="label" loading={departments.isPending} options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))} placeholder="请选择" />
        </Form.Item>
        {DEADLINE_FIELDS.map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label} extra={f.extra} rules={[{ required: true, message: `请填写${f.label}` }]}>
            <InputNumber min={1} max={f.max} precision={0} suffix="个工作日" style={{ width: 160 }} aria-label={f.label} />
          </Form.Item>
        ))}
        <Form.Item name="requirements" label="默认办理要求" extra="交办时未另行填写的，印入交办函；留空则用通用要求。" rules={[{ max: 2000, message: '不超过 2000 字' }]}>
          <Input.TextArea rows={3} maxLength={2000} aria-label="默认办理要求" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
