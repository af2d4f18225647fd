import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Descriptions, Form, Input, Modal, Result, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import type { DisclosureEntry } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { namesOf, usePublicCatalogue } from './usePublicData';

interface ObjectionForm {
  contactName: string;
  contactPhone: string;
  reason: string;
}

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
              <Alert type="info" showIcon title="如对名单中的企业或金额有异议，请点击该行的“提出异议”，实名填写联系方式和理由。" />
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
  const submit = useMutation({
    mutationFn: (v: ObjectionForm) =>
      call(api.POST('/api/v1/disclosures/{roundId}/objections', { params: { path: { roundId } }, body: { applicationId: entry!.applicationId, ...v } })),
  });
  const close = () => {
    form.resetFields();
    submit.reset();
    onClose();
  };
  return (
    <Modal open={entry !== null} title={`对“${entry?.enterpriseName ?? ''}”提出异议`} onCancel={close} footer={null} destroyOnHidden>
      {submit.data ? (
        <Result status="success" title="异议已受理" subTitle={`受理编号：${submit.data.objectionId}。主管部门核查期间，该企业的兑现暂停办理。`} extra={<Button onClick={close}>完成</Button>} />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)}>
          <ErrorAlert error={submit.error} />
          <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: '请填写联系人' }, { max: 50 }]}>
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item name="contactPhone" label="联系电话" rules={[{ required: true, message: '请填写联系电话' }, { pattern: /^[0-9+\-\s]{5,30}$/, message: '请填写有效的电话号码' }]}>
            <Input autoComplete="tel" inputMode="tel" />
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
