import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { ErrorAlert } from '../../../components/ErrorResult';
import { PageHeader } from '../../../components/PageHeader';
import { useCategories } from '../../appeals/shared/data';

interface FormValues {
  category: string;
  title: string;
  description: string;
  relatedItemId?: string;
  contactName?: string;
  contactPhone?: string;
}

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd';

/** 提交诉求: category, title, description, optional related item and contact; attachments upload after the appeal exists. */
export default function SubmitAppealPage() {
  const navigate = useNavigate();
  const categories = useCategories();
  const policies = useQuery({
    queryKey: ['me', 'policies', 'for-appeal'],
    queryFn: () => call(api.GET('/api/v1/me/policies', { params: { query: { pageSize: 100 } } })),
    staleTime: 300_000,
  });
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const submit = useMutation({
    mutationFn: async (v: FormValues) => {
      const body = Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string' && x.trim() !== '').map(([k, x]) => [k, (x as string).trim()])) as unknown as FormValues;
      const appeal = await call(api.POST('/api/v1/appeals', { body }));
      // Attachments belong to the appeal: uploaded one by one once it exists; a refused file does not undo the appeal.
      for (const f of files) {
        if (!f.originFileObj) continue;
        const data = new FormData();
        data.append('file', f.originFileObj, f.name);
        try {
          await call(api.POST('/api/v1/appeals/{id}/attachments', { params: { path: { id: appeal.id } }, body: {} as never, bodySerializer: () => data }));
        } catch (e) {
          setUploadError(e instanceof ApiError ? new ApiError(e.status, e.code, `诉求已提交，但附件“${f.name}”未上传：${e.message}`, e.details) : e);
          return { appeal, uploaded: false };
        }
      }
      return { appeal, uploaded: true };
    },
    onSuccess: ({ appeal, uploaded }) => {
      if (uploaded) navigate(`/ent/appeals/${appeal.id}`, { state: { submitted: true } });
    },
  });
  const items = [...(policies.data?.eligible ?? []), ...(policies.data?.nearMisses ?? [])];
  return (
    <>
      <PageHeader title="提交诉求" description="提交后可在“我的诉求”查看办理全过程，答复后请评价。" />
      <ErrorAlert error={submit.error ?? uploadError} />
      {uploadError && submit.data ? <Button onClick={() => navigate(`/ent/appeals/${submit.data.appeal.id}`)}>查看诉求</Button> : null}
      <Form<FormValues> layout="vertical" onFinish={(v) => submit.mutate(v)} disabled={submit.isPending || Boolean(submit.data)}>
        <Form.Item name="category" label="诉求类别" rules={[{ required: true, message: '请选择诉求类别' }]}>
          <Select aria-label="诉求类别" showSearch optionFilterProp="label" loading={categories.isPending} options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} placeholder="请选择" />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }, { min: 2, max: 200, message: '标题 2–200 个字' }]}>
          <Input placeholder="一句话说明问题" />
        </Form.Item>
        <Form.Item name="description" label="问题描述" rules={[{ required: true, message: '请描述问题' }, { min: 5, max: 5000, message: '问题描述 5–5000 个字' }]}>
          <Input.TextArea rows={5} placeholder="遇到了什么问题、已找过哪些部门、希望如何解决" />
        </Form.Item>
        <Form.Item name="relatedItemId" label="相关政策事项（可不选）">
          <Select aria-label="相关政策事项" allowClear showSearch optionFilterProp="label" loading={policies.isPending} options={items.map((i) => ({ value: i.itemId, label: `${i.itemName}（${i.policyTitle}）` }))} />
        </Form.Item>
        <Form.Item label="附件（PDF/JPG/PNG/OFD，可不传）">
          <Upload accept={ACCEPT} multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
            <Button>选择文件</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="contactName" label="联系人" rules={[{ max: 50, message: '最多 50 个字' }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="contactPhone" label="联系电话" rules={[{ pattern: /^[0-9+\- ]{7,20}$/, message: '请填写 7–20 位电话号码' }]} extra="加密保存，仅以掩码显示">
          <Input inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submit.isPending}>提交</Button>
      </Form>
    </>
  );
}
