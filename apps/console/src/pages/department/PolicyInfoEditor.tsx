import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Form, Input, Modal, Row, Select, Space } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorResult';
import { buildPolicyPatch, fieldErrors, policyInfoValues, type PolicyInfoValues } from './policy-info';
import type { PolicyView } from '../../api/types';
import { CATEGORY_LABELS, LEVEL_LABELS } from './labels';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/**
 * 「编辑政策信息」: the policy's own information (title, 文号, level and category, keywords, source,
 * dates, 原文, 解读, FAQ) with a required reason. Only the changed fields are sent, at the revision
 * the page read; the API's refusals show in Chinese, at their fields where it points to one. On
 * success the policy page reloads.
 */
export function PolicyInfoEditor({ policy, onClose }: { policy: PolicyView; onClose: () => void }) {
  const [form] = Form.useForm<PolicyInfoValues>();
  const queryClient = useQueryClient();
  const [nothingChanged, setNothingChanged] = useState(false);
  const save = useMutation({
    mutationFn: async (v: PolicyInfoValues) => {
      const changes = buildPolicyPatch(policy, v);
      const body: Schemas['UpdatePolicyDto'] = { changes: changes as Schemas['UpdatePolicyDto']['changes'], reason: (v.reason ?? '').trim(), revision: policy.revision };
      return call(api.PATCH('/api/v1/policies/{id}', { params: { path: { id: policy.id } }, body }));
    },
    onError: (e) => {
      if (e instanceof ApiError) form.setFields(fieldErrors(e.details));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dept'] });
      onClose();
    },
  });
  const stale = save.error instanceof ApiError && save.error.code === 'POLICY.STALE_REVISION';
  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: ['dept', 'policy', policy.id] });
    onClose();
  };
  const submit = (v: PolicyInfoValues) => {
    if (!Object.keys(buildPolicyPatch(policy, v)).length) {
      setNothingChanged(true);
      return;
    }
    setNothingChanged(false);
    save.mutate(v);
  };

  return (
    <Modal
      open
      title="编辑政策信息"
      width={820}
      okText="保存修改"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <ErrorAlert error={save.error} />
      {stale ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="您打开编辑后，该政策信息已被他人修改。"
          action={<Button size="small" onClick={() => void reload()}>载入最新内容</Button>}
        />
      ) : null}
      {nothingChanged ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title="没有修改任何内容" /> : null}
      <Form<PolicyInfoValues>
        form={form}
        layout="vertical"
        initialValues={policyInfoValues(policy)}
        onFinish={submit}
        onValuesChange={() => setNothingChanged(false)}
        scrollToFirstError
      >
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item name="title" label="政策标题" rules={[{ required: true, whitespace: true, message: '请输入政策标题' }, { min: 4, max: 300, message: '政策标题应为 4–300 字' }]}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="docNumber" label="文号">
              <Input maxLength={100} placeholder="如 郑政〔2026〕1号" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="level" label="政策层级" rules={[{ required: true, message: '请选择政策层级' }]}>
              <Select options={options(LEVEL_LABELS)} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="category" label="政策类别" rules={[{ required: true, message: '请选择政策类别' }]}>
              <Select options={options(CATEGORY_LABELS)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="tags" label="关键词">
              <Select mode="tags" placeholder="输入关键词后回车" tokenSeparators={[',', '，']} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="publishDate" label="发布日期">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item
              name="effective"
              label="有效期"
              rules={[{ validator: (_r, v: PolicyInfoValues['effective']) => (v?.[0] ? Promise.resolve() : Promise.reject(new Error('请选择生效日期'))) }]}
            >
              <DatePicker.RangePicker allowEmpty={[false, true]} placeholder={['生效日期', '失效日期（空为长期）']} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="sourceUrl" label="来源链接" rules={[{ pattern: /^https?:\/\/\S+$/, message: '来源链接应为 http(s) 地址' }]}>
              <Input maxLength={2000} placeholder="https://" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="fullText" label="政策原文">
              <Input.TextArea rows={5} maxLength={200_000} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="interpretation" label="政策解读">
              <Input.TextArea rows={4} maxLength={20_000} placeholder="用企业看得懂的话说明政策要点" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="常见问题" style={{ marginBottom: 8 }}>
          <Form.List name="faq">
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, i) => (
                  <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 8 }}>
                    <Form.Item name={[field.name, 'question']} rules={[{ required: true, whitespace: true, message: '请填写问题' }]} style={{ marginBottom: 0, width: 280 }}>
                      <Input aria-label={`问题 ${i + 1}`} placeholder="问题" maxLength={300} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'answer']} rules={[{ required: true, whitespace: true, message: '请填写回答' }]} style={{ marginBottom: 0, width: 420 }}>
                      <Input.TextArea aria-label={`回答 ${i + 1}`} placeholder="回答" rows={2} maxLength={5000} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(field.name)}>删除</Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ question: '', answer: '' })} disabled={fields.length >= 50}>
                  添加常见问题
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="reason" label="修改原因" rules={[{ required: true, whitespace: true, message: '请填写修改原因' }, { min: 2, max: 500, message: '修改原因应为 2–500 字' }]}>
          <Input maxLength={500} placeholder="如 根据新文件更正文号（记入操作日志）" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
