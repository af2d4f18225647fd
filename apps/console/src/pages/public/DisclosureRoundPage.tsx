import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Descriptions, Form, Input, Modal, Result, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import type { DisclosureEntry } from '../../api/types';
import { readSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { namesOf, usePublicCatalogue } from './usePublicData';

interface ObjectionForm {
  contactName: string;
  phone?: string;
  code?: string;
  category: 'eligibility' | 'data' | 'duplicate' | 'credit' | 'other';
  reason: string;
}

/** 异议类型: the firm sees only this, never the text or who objected. */
const CATEGORIES: Array<{ value: ObjectionForm['category']; label: string }> = [
  { value: 'eligibility', label: '申报资格' },
  { value: 'data', label: '数据真实性' },
  { value: 'duplicate', label: '重复享受' },
  { value: 'credit', label: '信用状况' },
  { value: 'other', label: '其他' },
];
const PHONE = /^1[3-9]\d{9}$/;

/** One 公示 list (firm name, item, amount — nothing more) with the objection form. */
export default function DisclosureRoundPage() {
  const { roundId = '' } = useParams();
  const round = useQuery({
    queryKey: ['public', 'disclosure', roundId],
    queryFn: () => call(api.GET('/api/v1/disclosures/{roundId}', { params: { path: { roundId } } })),
  });
  const departments = namesOf(usePublicCatalogue().data?.departments);
  const { pagination } = usePageParams(20);
  const [objecting, setObjecting] = useState<DisclosureEntry | null>(null);
  useEffect(() => {
    if (round.data) document.title = `${round.data.itemName} 兑现公示 · 亲清在线`;
  }, [round.data]);
  return (
    <>
      <Breadcrumb items={[{ title: <Link to="/disclosures">兑现公示</Link> }, { title: '公示名单' }]} style={{ marginBottom: 8 }} />
      <QueryState query={round}>
        {(r) => (
          <>
            <PageHeader title={`${r.itemName} 兑现公示`} />
            <Card size="small" style={{ marginBottom: 16 }}>
              <Descriptions column={{ xs: 1, sm: 3 }} size="small">
                <Descriptions.Item label="主管部门">{departments.get(r.departmentCode) ?? r.departmentCode}</Descriptions.Item>
                <Descriptions.Item label="公示期">{r.openedAt.slice(0, 10)} 至 {r.endsAt.slice(0, 10)}（{r.workingDays} 个工作日）</Descriptions.Item>
                <Descriptions.Item label="企业数">{r.entries}</Descriptions.Item>
              </Descriptions>
              <Alert type="info" showIcon title="如对名单中的企业或金额有异议，请点击该行的“提出异议”：填写联系人并用短信验证码验证手机号（已登录用户无需验证），说明异议类型和理由。被公示企业只看到异议类型，看不到异议内容和异议人。" />
            </Card>
            <Table<DisclosureEntry>
              rowKey="applicationId"
              dataSource={r.list}
              pagination={pagination(r.list.length)}
              scroll={{ x: 560 }}
              columns={[
                { title: '序号', key: 'n', width: 64, render: (_, __, i) => i + 1 },
                { title: '企业名称', dataIndex: 'enterpriseName' },
                { title: '兑现金额', dataIndex: 'amountText', align: 'right' },
                { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={s === '公示中' ? 'blue' : 'orange'}>{s}</Tag> },
                { title: '操作', key: 'op', render: (_, e) => <Button size="small" onClick={() => setObjecting(e)}>提出异议</Button> },
              ]}
            />
            <ObjectionModal roundId={r.id} entry={objecting} onClose={() => setObjecting(null)} />
          </>
        )}
      </QueryState>
    </>
  );
}

function ObjectionModal({ roundId, entry, onClose }: { roundId: string; entry: DisclosureEntry | null; onClose: () => void }) {
  const [form] = Form.useForm<ObjectionForm>();
  // a signed-in person is identified by the login; anyone else proves the phone with an SMS code
  const signedIn = readSession() !== null;
  const [verificationId, setVerificationId] = useState<string | null>(null);
  const sendCode = useMutation({
    mutationFn: async () => {
      const phone = await form.validateFields(['phone']).then((v) => v.phone as string);
      return call(api.POST('/api/v1/disclosures/{roundId}/objections/contact-code', { params: { path: { roundId } }, body: { phone } }));
    },
    onSuccess: (r) => setVerificationId(r.verificationId),
  });
  const demoCode = useMutation({
    mutationFn: () => call(api.GET('/api/v1/demo/sms', { params: { query: { phone: form.getFieldValue('phone') as string } } })),
    onSuccess: (r) => r.code && form.setFieldValue('code', r.code),
  });
  const submit = useMutation({
    mutationFn: (v: ObjectionForm) =>
      call(
        api.POST('/api/v1/disclosures/{roundId}/objections', {
          params: { path: { roundId } },
          body: { applicationId: entry!.applicationId, contactName: v.contactName, category: v.category, reason: v.reason, ...(signedIn ? {} : { verificationId: verificationId ?? undefined, code: v.code }) },
        }),
      ),
  });
  const close = () => {
    form.resetFields();
    submit.reset();
    sendCode.reset();
    setVerificationId(null);
    onClose();
  };
  return (
    <Modal open={entry !== null} title={`对“${entry?.enterpriseName ?? ''}”提出异议`} onCancel={close} footer={null} destroyOnHidden>
      {submit.data ? (
        <Result status="success" title="异议已受理" subTitle={`受理编号：${submit.data.objectionId}。主管部门核查期间，该企业的兑现暂停办理。`} extra={<Button onClick={close}>完成</Button>} />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ category: 'eligibility' }}
          onFinish={(v) => (signedIn || verificationId ? submit.mutate(v) : form.setFields([{ name: 'phone', errors: ['请先获取短信验证码，验证手机号'] }]))}
        >
          <ErrorAlert error={submit.error ?? sendCode.error} />
          <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: '请填写联系人' }, { max: 50 }]}>
            <Input autoComplete="name" />
          </Form.Item>
          {!signedIn && (
            <>
              <Form.Item label="手机号" required>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="phone" noStyle rules={[{ required: true, message: '请填写手机号' }, { pattern: PHONE, message: '请填写 11 位手机号码' }]}>
                    <Input autoComplete="tel" inputMode="tel" aria-label="手机号" />
                  </Form.Item>
                  <Button onClick={() => sendCode.mutate()} loading={sendCode.isPending}>
                    {verificationId ? '重新获取' : '获取验证码'}
                  </Button>
                </Space.Compact>
              </Form.Item>
              {verificationId && (
                <Form.Item name="code" label="短信验证码" rules={[{ required: true, message: '请填写短信验证码' }, { pattern: /^\d{6}$/, message: '验证码为 6 位数字' }]}
                  extra={<Button type="link" size="small" style={{ padding: 0 }} onClick={() => demoCode.mutate()}>演示环境：查看模拟短信</Button>}>
                  <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
                </Form.Item>
              )}
            </>
          )}
          <Form.Item name="category" label="异议类型" rules={[{ required: true }]}>
            <Select options={CATEGORIES} aria-label="异议类型" />
          </Form.Item>
          <Form.Item name="reason" label="异议理由" rules={[{ required: true, message: '请填写异议理由' }, { min: 5, message: '异议理由至少 5 个字' }, { max: 2000 }]}>
            <Input.TextArea rows={4} showCount maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submit.isPending} block>提交异议</Button>
        </Form>
      )}
    </Modal>
  );
}
