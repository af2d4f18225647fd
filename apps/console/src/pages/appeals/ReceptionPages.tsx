import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Upload, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { chinaDay, importRowErrors } from '../../lib/appeals';
import { fetchHtml, useCategories, useDepartments } from './shared/data';
import { EnterprisePicker } from './shared/EnterprisePicker';
import { HtmlDocumentModal } from './shared/HtmlDocument';
import type { ReceptionDay, Registration } from './shared/types';

const KINDS = [
  { value: 'reception_day', label: '企业家接待日' },
  { value: 'forum', label: '政企恳谈会' },
  { value: 'face_to_face', label: '政企面对面' },
] as const;
type Kind = (typeof KINDS)[number]['value'];

interface ScheduleForm {
  title: string;
  theme?: string;
  kind: Kind;
  heldOn: Dayjs;
  location: string;
  host: string;
  capacity: number;
  registrationDeadline: Dayjs;
  notice: string;
}

/** 接待日: reception days (schedule one, open one for registrations, roll call and minutes) and the register import. */
export function ReceptionDaysPage() {
  const { page, pageSize, pagination } = usePageParams(10);
  const days = useQuery({ queryKey: ['appeals', 'reception'], queryFn: () => call(api.GET('/api/v1/reception-days', { params: { query: {} } })) });
  return (
    <>
      <PageHeader title="接待日" extra={<Space><ImportRegister /><ScheduleDay /></Space>} />
      <QueryState query={days} isEmpty={(d) => d.length === 0} emptyText="还没有安排接待日">
        {(rows) => (
          <Table<ReceptionDay>
            rowKey="id"
            dataSource={rows.slice((page - 1) * pageSize, page * pageSize)}
            pagination={pagination(rows.length)}
            columns={[
              { title: '日期', dataIndex: 'heldOn', width: 110 },
              { title: '名称', dataIndex: 'title', render: (t: string, d) => <Link to={`/staff/appeals/reception/${d.id}`}>{t}</Link> },
              { title: '类型', dataIndex: 'kindLabel', width: 120 },
              { title: '接待领导', dataIndex: 'host' },
              { title: '地点', dataIndex: 'location' },
              { title: '报名', key: 'reg', render: (_, d) => `${d.registered} / ${d.capacity}` },
              { title: '状态', dataIndex: 'statusLabel', render: (s: string, d) => <Tag color={d.status === 'held' ? 'green' : d.status === 'cancelled' ? 'default' : 'blue'}>{s}</Tag> },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}

function ScheduleDay() {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ScheduleForm>();
  const qc = useQueryClient();
  const schedule = useMutation({
    mutationFn: (v: ScheduleForm) =>
      call(api.POST('/api/v1/reception-days', {
        body: {
          title: v.title.trim(), theme: v.theme?.trim() || undefined, kind: v.kind, heldOn: v.heldOn.format('YYYY-MM-DD'), location: v.location.trim(), host: v.host.trim(),
          capacity: v.capacity, registrationDeadline: v.registrationDeadline.format('YYYY-MM-DD'), notice: v.notice.trim(),
        },
      })),
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['appeals', 'reception'] });
    },
  });
  const today = dayjs(chinaDay(new Date()));
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>安排接待日</Button>
      <Modal title="安排接待日" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText="发布" cancelText="取消" confirmLoading={schedule.isPending} width={640} destroyOnHidden>
        <ErrorAlert error={schedule.error} />
        <Form<ScheduleForm> form={form} layout="vertical" onFinish={(v) => schedule.mutate(v)} initialValues={{ kind: 'reception_day', capacity: 20, heldOn: today.add(14, 'day'), registrationDeadline: today.add(10, 'day') }}>
          <Form.Item name="title" label="名称" rules={[{ required: true, message: '请填写名称' }, { min: 2, max: 200, message: '2–200 个字' }]}><Input /></Form.Item>
          <Space wrap align="start">
            <Form.Item name="kind" label="类型" rules={[{ required: true }]}><Select style={{ width: 160 }} options={[...KINDS]} /></Form.Item>
            <Form.Item name="theme" label="主题（可不填）" rules={[{ max: 200 }]}><Input style={{ width: 260 }} /></Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="heldOn" label="举办日期" rules={[{ required: true, message: '请选择日期' }]}><DatePicker /></Form.Item>
            <Form.Item name="registrationDeadline" label="报名截止" rules={[{ required: true, message: '请选择日期' }]}><DatePicker /></Form.Item>
            <Form.Item name="capacity" label="名额" rules={[{ required: true, message: '请填写名额' }]}><InputNumber min={1} max={10000} precision={0} /></Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="host" label="接待领导" rules={[{ required: true, message: '请填写接待领导' }, { min: 2, max: 100, message: '2–100 个字' }]}><Input style={{ width: 220 }} /></Form.Item>
            <Form.Item name="location" label="地点" rules={[{ required: true, message: '请填写地点' }, { min: 2, max: 200, message: '2–200 个字' }]}><Input style={{ width: 300 }} /></Form.Item>
          </Space>
          <Form.Item name="notice" label="公告正文" rules={[{ required: true, message: '请填写公告' }, { min: 2, max: 5000, message: '2–5000 个字' }]}><Input.TextArea rows={4} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 导入登记表: a CSV/XLSX register, all or nothing; when refused, every row error is listed. */
function ImportRegister({ receptionDayId }: { receptionDayId?: string }) {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<UploadFile | null>(null);
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: async () => {
      const data = new FormData();
      if (file?.originFileObj) data.append('file', file.originFileObj, file.name);
      if (receptionDayId) data.append('receptionDayId', receptionDayId);
      return call(api.POST('/api/v1/appeals/import', { body: {} as never, bodySerializer: () => data }));
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['appeals'] }),
  });
  const rows = run.error instanceof ApiError ? importRowErrors(run.error.details) : [];
  return (
    <>
      <Button onClick={() => { run.reset(); setFile(null); setOpen(true); }}>导入登记表</Button>
      <Modal title="导入接待日登记表" open={open} onCancel={() => setOpen(false)} footer={<Space><Button onClick={() => setOpen(false)}>关闭</Button><Button type="primary" disabled={!file} loading={run.isPending} onClick={() => run.mutate()}>导入</Button></Space>} width={720} destroyOnHidden>
        <p>CSV 或 XLSX，列：统一社会信用代码、类别、标题、问题描述、联系人、联系电话、渠道（接待日导入时可省略）、反映日期。逐行检查，全部通过才导入。</p>
        <Upload accept=".csv,.xlsx" maxCount={1} beforeUpload={() => false} fileList={file ? [file] : []} onChange={({ fileList }) => { setFile(fileList[fileList.length - 1] ?? null); run.reset(); }}>
          <Button>选择文件</Button>
        </Upload>
        <div style={{ marginTop: 16 }}>
          <ErrorAlert error={run.error} />
          {rows.length ? (
            <Table size="small" rowKey={(r) => `${r.row}:${r.field}:${r.message}`} dataSource={rows} pagination={{ pageSize: 10 }} columns={[{ title: '行', dataIndex: 'row', width: 60 }, { title: '列', dataIndex: 'field', width: 120 }, { title: '问题', dataIndex: 'message' }]} />
          ) : null}
          {run.data ? <Alert type="success" showIcon title={`已导入 ${run.data.created} 件诉求`} /> : null}
        </div>
      </Modal>
    </>
  );
}

interface MinutesItemForm {
  enterpriseId: string;
  category: string;
  title: string;
  description: string;
  onSpotAnswer?: string;
  leadDepartment?: string;
}

/** One reception day: notice, registrations with roll call and invitations, minutes → appeals, the printable minutes. */
export function ReceptionDayPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const day = useQuery({ queryKey: ['appeals', 'reception', id], queryFn: () => call(api.GET('/api/v1/reception-days/{id}', { params: { path: { id } } })) });
  const regs = useQuery({ queryKey: ['appeals', 'reception', id, 'registrations'], queryFn: () => call(api.GET('/api/v1/reception-days/{id}/registrations', { params: { path: { id } } })) });
  const [present, setPresent] = useState<string[] | null>(null);
  const [minutesDoc, setMinutesDoc] = useState(false);
  const rollCall = useMutation({
    mutationFn: (ids: string[]) => call(api.POST('/api/v1/reception-days/{id}/roll-call', { params: { path: { id } }, body: { present: ids } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['appeals', 'reception', id] }),
  });
  const [invitee, setInvitee] = useState<string | undefined>();
  const [topics, setTopics] = useState('');
  const invite = useMutation({
    mutationFn: () => call(api.POST('/api/v1/reception-days/{id}/registrations', { params: { path: { id } }, body: { enterpriseId: invitee, topics: topics.trim() } })),
    onSuccess: () => {
      setInvitee(undefined);
      setTopics('');
      void qc.invalidateQueries({ queryKey: ['appeals', 'reception'] });
    },
  });
  const selected = present ?? (regs.data ?? []).filter((r) => r.attended).map((r) => r.id);
  return (
    <>
      <PageHeader title={day.data?.title ?? '接待日'} extra={<Space><Link to="/staff/appeals/reception">返回接待日</Link>{day.data?.minutesAt ? <Button onClick={() => setMinutesDoc(true)}>会议纪要</Button> : null}<ImportRegister receptionDayId={id} /></Space>} />
      <QueryState query={day}>
        {(d) => (
          <Descriptions size="small" bordered column={3} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="类型">{d.kindLabel}</Descriptions.Item>
            <Descriptions.Item label="日期">{d.heldOn}</Descriptions.Item>
            <Descriptions.Item label="状态">{d.statusLabel}</Descriptions.Item>
            <Descriptions.Item label="接待领导">{d.host}</Descriptions.Item>
            <Descriptions.Item label="地点">{d.location}</Descriptions.Item>
            <Descriptions.Item label="报名">{d.registered} / {d.capacity}（截止 {d.registrationDeadline}）</Descriptions.Item>
            <Descriptions.Item label="公告" span={3}><div style={{ whiteSpace: 'pre-wrap' }}>{d.notice}</div></Descriptions.Item>
            {d.minutesSummary ? <Descriptions.Item label="纪要" span={3}><div style={{ whiteSpace: 'pre-wrap' }}>{d.minutesSummary}</div></Descriptions.Item> : null}
          </Descriptions>
        )}
      </QueryState>
      <Card size="small" title="报名与点名" style={{ marginBottom: 16 }} extra={<Button type="primary" loading={rollCall.isPending} disabled={!regs.data?.length} onClick={() => rollCall.mutate(selected)}>保存点名（勾选到场企业）</Button>}>
        <ErrorAlert error={rollCall.error ?? invite.error} />
        {rollCall.data ? <Alert type="success" showIcon title={`到场 ${rollCall.data.present} 家，缺席 ${rollCall.data.absent} 家`} style={{ marginBottom: 12 }} /> : null}
        <Space wrap style={{ marginBottom: 12 }}>
          <EnterprisePicker label="邀请企业" value={invitee} onChange={setInvitee} />
          <Input aria-label="拟反映的问题" placeholder="拟反映的问题" value={topics} onChange={(e) => setTopics(e.target.value)} style={{ width: 320 }} />
          <Button disabled={!invitee || topics.trim().length < 2} loading={invite.isPending} onClick={() => invite.mutate()}>点名邀请</Button>
        </Space>
        <QueryState query={regs} isEmpty={(r) => r.length === 0} emptyText="暂无报名" rows={2}>
          {(rows) => (
            <Table<Registration>
              rowKey="id"
              size="small"
              pagination={{ pageSize: 20 }}
              dataSource={rows}
              rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setPresent(keys.map(String)) }}
              columns={[
                { title: '企业', dataIndex: 'enterpriseName' },
                { title: '拟反映的问题', dataIndex: 'topics' },
                { title: '联系人', dataIndex: 'contactName', render: (v: string | null) => v ?? '—' },
                { title: '来源', dataIndex: 'sourceLabel', width: 100 },
                { title: '点名', dataIndex: 'attended', width: 80, render: (v: boolean | null) => (v === null ? '未点名' : v ? <Tag color="green">到场</Tag> : <Tag>缺席</Tag>) },
              ]}
            />
          )}
        </QueryState>
      </Card>
      <MinutesForm id={id} registrations={regs.data ?? []} />
      <HtmlDocumentModal open={minutesDoc} onClose={() => setMinutesDoc(false)} title="会议纪要" queryKey={['appeals', 'reception', id, 'minutes-html']} load={() => fetchHtml(api.GET('/api/v1/reception-days/{id}/minutes', { params: { path: { id } }, parseAs: 'text' }))} />
    </>
  );
}

function MinutesForm({ id, registrations }: { id: string; registrations: Registration[] }) {
  const [form] = Form.useForm<{ summary: string; items: MinutesItemForm[] }>();
  const categories = useCategories();
  const departments = useDepartments();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { summary: string; items: MinutesItemForm[] }) =>
      call(api.POST('/api/v1/reception-days/{id}/minutes', {
        params: { path: { id } },
        body: {
          summary: v.summary.trim(),
          items: v.items.map((i) => ({
            enterpriseId: i.enterpriseId, category: i.category, title: i.title.trim(), description: i.description.trim(),
            ...(i.onSpotAnswer?.trim() ? { onSpotAnswer: i.onSpotAnswer.trim() } : {}),
            ...(i.leadDepartment ? { assign: { leadDepartment: i.leadDepartment } } : {}),
          })),
        },
      })),
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['appeals'] });
    },
  });
  const firms = [...new Map(registrations.filter((r) => r.attended !== false).map((r) => [r.enterpriseId, r.enterpriseName])).entries()].map(([value, label]) => ({ value, label }));
  return (
    <Card size="small" title="登记会议纪要（每个事项生成一件诉求）">
      <ErrorAlert error={save.error} />
      {save.data ? <Alert type="success" showIcon title={`已生成诉求：${save.data.appealNumbers.join('、')}`} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ items: [{}] }}>
        <Form.Item name="summary" label="纪要正文" rules={[{ required: true, message: '请填写纪要正文' }, { min: 2, max: 20000, message: '2–20000 个字' }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" title={`事项 ${i + 1}`} extra={fields.length > 1 ? <Button size="small" onClick={() => remove(f.name)}>删除</Button> : null} style={{ marginBottom: 8 }}>
                  <Space wrap align="start">
                    <Form.Item name={[f.name, 'enterpriseId']} label="企业" rules={[{ required: true, message: '请选择企业' }]}><Select style={{ width: 260 }} options={firms} showSearch optionFilterProp="label" notFoundContent="没有到场的报名企业" /></Form.Item>
                    <Form.Item name={[f.name, 'category']} label="类别" rules={[{ required: true, message: '请选择类别' }]}><Select style={{ width: 140 }} options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))} /></Form.Item>
                    <Form.Item name={[f.name, 'title']} label="标题" rules={[{ required: true, message: '请填写标题' }, { min: 2, max: 200, message: '2–200 个字' }]}><Input style={{ width: 320 }} /></Form.Item>
                  </Space>
                  <Form.Item name={[f.name, 'description']} label="问题描述" rules={[{ required: true, message: '请描述问题' }, { min: 5, max: 5000, message: '5–5000 个字' }]}><Input.TextArea rows={2} /></Form.Item>
                  <Space wrap align="start">
                    <Form.Item name={[f.name, 'onSpotAnswer']} label="现场拍板（当场答复，可不填）" rules={[{ max: 5000 }]}><Input.TextArea rows={1} style={{ width: 360 }} /></Form.Item>
                    <Form.Item name={[f.name, 'leadDepartment']} label="现场交办牵头单位（可不填）"><Select allowClear showSearch optionFilterProp="label" style={{ width: 240 }} options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))} /></Form.Item>
                  </Space>
                </Card>
              ))}
              <Space>
                <Button onClick={() => add({})}>添加事项</Button>
                <Button type="primary" htmlType="submit" loading={save.isPending}>保存纪要并生成诉求</Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}
