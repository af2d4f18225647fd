import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { Schemas } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { chinaDay } from '../../lib/appeals';
import { registrationClosedReason, registrationStatus, seatsLeft } from '../../lib/reception';
import { listPagination } from './entApi';

type ReceptionDay = Schemas['ReceptionDayView'];

interface RegisterForm {
  topics: string;
  contactName?: string;
}

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

/** 接待日报名: the days still to come (register with the topics to raise) and the firm's registrations with their status. */
export default function ReceptionPage() {
  const today = chinaDay(new Date());
  const { page, pageSize, pagination } = usePageParams(10);
  // All days (the API lists at most 500, newest first): the upcoming ones to register, the past ones to name my registrations.
  const days = useQuery({ queryKey: ['ent', 'reception-days', 'all'], queryFn: () => call(api.GET('/api/v1/reception-days', { params: { query: {} } })) });
  const mine = useQuery({ queryKey: ['ent', 'reception-days', 'mine'], queryFn: () => call(api.GET('/api/v1/reception-days/registrations/mine')) });
  const [registering, setRegistering] = useState<ReceptionDay | null>(null);
  const registeredDays = new Set((mine.data ?? []).map((r) => r.receptionDayId));
  const dayById = new Map((days.data ?? []).map((d) => [d.id, d]));
  const upcoming = (days.data ?? []).filter((d) => d.status === 'scheduled' && d.heldOn >= today).sort((a, b) => a.heldOn.localeCompare(b.heldOn));
  return (
    <>
      <PageHeader title="接待日报名" description="报名参加企业家接待日、政企恳谈会，填写拟反映的问题；名额有限，报名截止后不再受理。" />
      <Typography.Title level={2} style={{ fontSize: 17 }}>可报名的接待日</Typography.Title>
      <QueryState query={days} isEmpty={() => upcoming.length === 0} emptyText="近期没有可报名的接待日">
        {() => (
          <List<ReceptionDay>
            dataSource={upcoming.slice((page - 1) * pageSize, page * pageSize)}
            pagination={upcoming.length > pageSize ? listPagination(pagination(upcoming.length)) : false}
            renderItem={(d) => {
              const closed = registrationClosedReason(d, today);
              const done = registeredDays.has(d.id);
              return (
                <List.Item
                  key={d.id}
                  data-testid="reception-day"
                  actions={[
                    done ? <Tag key="s" color="success">已报名</Tag> : closed ? <Tag key="s">{closed}</Tag> : (
                      <Button key="s" type="primary" size="small" onClick={() => setRegistering(d)} aria-label={`报名 ${d.title}`}>报名</Button>
                    ),
                  ]}
                >
                  <List.Item.Meta
                    title={<Space size={4} wrap><span>{d.title}</span><Tag color="blue">{d.kindLabel}</Tag></Space>}
                    description={
                      <>
                        <div>{d.heldOn} · {d.location}</div>
                        <div>接待领导：{d.host}{d.theme ? ` · 主题：${d.theme}` : ''}</div>
                        <div>剩余名额 {seatsLeft(d)} / {d.capacity} · 报名截止 {d.registrationDeadline}</div>
                      </>
                    }
                  />
                </List.Item>
              );
            }}
          />
        )}
      </QueryState>
      <Typography.Title level={2} style={{ fontSize: 17, marginTop: 24 }}>我的报名</Typography.Title>
      <QueryState query={mine} isEmpty={(d) => d.length === 0} emptyText="还没有报名">
        {(rows) => (
          <List
            dataSource={rows}
            renderItem={(r) => {
              const day = dayById.get(r.receptionDayId);
              const st = registrationStatus(r.attended, day?.status);
              return (
                <List.Item key={r.id} data-testid="my-registration">
                  <List.Item.Meta
                    title={<Space size={4} wrap><span>{day ? `${day.heldOn} ${day.title}` : '接待日'}</span><Tag color={st.color}>{st.label}</Tag></Space>}
                    description={
                      <>
                        <div>拟反映的问题：{r.topics}</div>
                        <div>{`${r.sourceLabel} · ${time(r.registeredAt)}${r.contactName ? ` · 联系人 ${r.contactName}` : ''}`}</div>
                      </>
                    }
                  />
                </List.Item>
              );
            }}
          />
        )}
      </QueryState>
      {registering ? <RegisterDialog day={registering} onClose={() => setRegistering(null)} /> : null}
    </>
  );
}

function RegisterDialog({ day, onClose }: { day: ReceptionDay; onClose: () => void }) {
  const [form] = Form.useForm<RegisterForm>();
  const qc = useQueryClient();
  const register = useMutation({
    mutationFn: (v: RegisterForm) =>
      call(api.POST('/api/v1/reception-days/{id}/registrations', { params: { path: { id: day.id } }, body: { topics: v.topics.trim(), contactName: v.contactName?.trim() || undefined } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['ent', 'reception-days'] });
      onClose();
    },
  });
  return (
    <Modal open title={`报名：${day.title}`} okText="提交报名" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={register.isPending} destroyOnHidden>
      <ErrorAlert error={register.error} />
      <Form form={form} layout="vertical" onFinish={(v) => register.mutate(v)}>
        <Form.Item name="topics" label="拟反映的问题" rules={[{ required: true, whitespace: true, message: '请填写拟反映的问题' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="contactName" label="联系人">
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
