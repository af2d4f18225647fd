import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Modal, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import type { TagView } from '../../api/types';
import { useTags } from './useDeptData';

const SOURCE_LABELS: Record<TagView['source'], string> = { manual: '人工认定', imported: '名单导入', derived: '规则派生' };

/** 标签库: the tags rules test (hasTag…), with how many firms carry each; editors add their department's tags. */
export default function TagsPage() {
  const { user } = useAuth();
  const tags = useTags(true);
  const { page, pageSize, pagination } = usePageParams(20);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader title="标签库" description="企业标签及其来源与认定部门；申报条件中的“具有标签”引用这里的标签代码。" extra={user?.role === 'dept_editor' ? <Button type="primary" onClick={() => setCreating(true)}>新增标签</Button> : null} />
      <Card>
        <QueryState query={tags} isEmpty={(d) => d.length === 0} emptyText="暂无标签">
          {(d) => (
            <Table<TagView>
              rowKey="code"
              dataSource={d.slice((page - 1) * pageSize, page * pageSize)}
              pagination={pagination(d.length)}
              columns={[
                { title: '标签', dataIndex: 'name' },
                { title: '代码', dataIndex: 'code', width: 200 },
                { title: '类别', dataIndex: 'category', width: 120 },
                { title: '来源', dataIndex: 'source', width: 110, render: (s: TagView['source']) => <Tag>{SOURCE_LABELS[s] ?? s}</Tag> },
                { title: '认定部门', dataIndex: 'ownerDepartment', width: 100, render: (v: string | null) => v ?? '—' },
                { title: '企业数', dataIndex: 'enterpriseCount', width: 90, render: (v?: number) => v ?? '—' },
                { title: '说明', dataIndex: 'description', render: (v: string | null) => v ?? '—' },
              ]}
            />
          )}
        </QueryState>
      </Card>
      {creating ? <CreateTagModal onClose={() => setCreating(false)} /> : null}
    </>
  );
}

function CreateTagModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<{ code: string; name: string; category: string; description?: string }>();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (v: { code: string; name: string; category: string; description?: string }) => call(api.POST('/api/v1/tags', { body: v })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['dept', 'tags'] });
      onClose();
    },
  });
  return (
    <Modal open title="新增标签" okText="保存" onCancel={onClose} confirmLoading={create.isPending} onOk={() => void form.validateFields().then((v) => create.mutate(v))}>
      <ErrorAlert error={create.error} />
      <Form form={form} layout="vertical">
        <Form.Item name="name" label="标签名称" rules={[{ required: true, message: '请输入标签名称' }]}><Input placeholder="如 专精特新中小企业" /></Form.Item>
        <Form.Item name="code" label="标签代码" rules={[{ required: true, message: '请输入标签代码' }]}><Input placeholder="如 specialized" /></Form.Item>
        <Form.Item name="category" label="类别" rules={[{ required: true, message: '请输入类别' }]}><Input placeholder="如 资质认定" /></Form.Item>
        <Form.Item name="description" label="说明"><Input.TextArea rows={3} /></Form.Item>
      </Form>
    </Modal>
  );
}
