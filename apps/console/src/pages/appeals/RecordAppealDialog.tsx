import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { useCategories } from './shared/data';
import { EnterprisePicker } from './shared/EnterprisePicker';

const CHANNELS = [
  { value: 'reception_day', label: '企业家接待日' },
  { value: 'forum', label: '政企恳谈会' },
  { value: 'face_to_face', label: '政企面对面' },
  { value: 'hotline', label: '12345热线' },
  { value: 'visit', label: '走访' },
  { value: 'letter', label: '来信' },
] as const;

interface RecordForm {
  enterpriseId: string;
  channel: (typeof CHANNELS)[number]['value'];
  category: string;
  title: string;
  description: string;
  receivedOn?: Dayjs;
  contactName?: string;
}

/** 代企业登记诉求: an appeal heard by phone, letter or in person, recorded on the firm's behalf; opens it afterwards. */
export function RecordAppealDialog({ detailBase }: { detailBase: string }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RecordForm>();
  const categories = useCategories();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const record = useMutation({
    mutationFn: (v: RecordForm) =>
      call(api.POST('/api/v1/appeals/record', {
        body: {
          enterpriseId: v.enterpriseId, channel: v.channel, category: v.category, title: v.title.trim(), description: v.description.trim(),
          ...(v.receivedOn ? { receivedOn: v.receivedOn.format('YYYY-MM-DD') } : {}), ...(v.contactName?.trim() ? { contactName: v.contactName.trim() } : {}),
        },
      })),
    onSuccess: (a) => {
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['appeals'] });
      navigate(`${detailBase}/${a.id}`);
    },
  });
  return (
    <>
      <Button onClick={() => { record.reset(); setOpen(true); }}>代企业登记</Button>
      <Modal title="代企业登记诉求" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText="登记" cancelText="取消" confirmLoading={record.isPending} width={640} destroyOnHidden>
        <ErrorAlert error={record.error} />
        <Form<RecordForm> form={form} layout="vertical" onFinish={(v) => record.mutate(v)} initialValues={{ channel: 'hotline' }}>
          <Form.Item name="enterpriseId" label="企业" rules={[{ required: true, message: '请选择企业' }]}>
            <EnterprisePicker />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="channel" label="渠道" rules={[{ required: true }]}><Select style={{ width: 160 }} options={[...CHANNELS]} /></Form.Item>
            <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}><Select style={{ width: 160 }} options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} /></Form.Item>
            <Form.Item name="receivedOn" label="反映日期（默认今天）"><DatePicker /></Form.Item>
          </Space>
          <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }, { min: 2, max: 200, message: '2–200 个字' }]}><Input /></Form.Item>
          <Form.Item name="description" label="问题描述" rules={[{ required: true, message: '请描述问题' }, { min: 5, max: 5000, message: '5–5000 个字' }]}><Input.TextArea rows={4} /></Form.Item>
          <Form.Item name="contactName" label="联系人" rules={[{ max: 50 }]}><Input style={{ width: 200 }} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
