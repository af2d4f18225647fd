import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ANSWER_KIND_OPTIONS, appealActions, formatTime, type AppealAction } from '../../lib/appeals';
import { ActionDialog, compact, type Values } from './shared/ActionDialog';
import { AppealTimeline } from './shared/AppealTimeline';
import { useAppeal, useAttachments, useCategories, useDepartments, useTimeline, fetchHtml, downloadFile } from './shared/data';
import { HtmlDocumentModal } from './shared/HtmlDocument';
import { SimpleList } from './shared/SimpleList';
import { StateTag } from './shared/StateTag';
import type { Appeal, Letter } from './shared/types';

/** One appeal for staff: its facts, the steps the signed-in role may take now, similar appeals, letters, extensions and the timeline. */
export default function AppealDetailPage({ backTo, backTitle }: { backTo: string; backTitle: string }) {
  const { id = '' } = useParams();
  const appeal = useAppeal(id);
  const timeline = useTimeline(id);
  return (
    <>
      <PageHeader
        title={appeal.data ? appeal.data.title : '诉求详情'}
        description={appeal.data ? `诉求编号 ${appeal.data.number}` : undefined}
        extra={<Link to={backTo}>返回{backTitle}</Link>}
      />
      <QueryState query={appeal}>
        {(a) => (
          <Row gutter={16}>
            <Col span={15}>
              <Facts a={a} />
              <Actions a={a} />
              <Similar a={a} />
              <Letters a={a} />
              <Extensions a={a} />
              <PolicyLinks a={a} />
            </Col>
            <Col span={9}>
              <Card title="办理时间线" size="small">
                <AppealTimeline query={timeline} />
              </Card>
            </Col>
          </Row>
        )}
      </QueryState>
    </>
  );
}

function Facts({ a }: { a: Appeal }) {
  const files = useAttachments(a.id);
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Descriptions column={2} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label="状态"><StateTag state={a.state} label={a.stateLabel} overdue={a.overdue} /></Descriptions.Item>
        <Descriptions.Item label="企业">{a.enterpriseName}{a.districtName ? `（${a.districtName}）` : ''}</Descriptions.Item>
        <Descriptions.Item label="类别">{a.categoryLabel}</Descriptions.Item>
        <Descriptions.Item label="渠道">{a.channelLabel}</Descriptions.Item>
        <Descriptions.Item label="层级">{a.levelLabel}</Descriptions.Item>
        <Descriptions.Item label="反映时间">{formatTime(a.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label="牵头单位">{a.leadDepartment?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="协办单位">{a.coDepartments.length ? a.coDepartments.map((d) => d.name).join('、') : '—'}</Descriptions.Item>
        <Descriptions.Item label="当前时限">{a.dueKindLabel ? `${a.dueKindLabel}：${a.dueOn ?? '—'}` : '—'}{a.extensionDays ? `（已延期 ${a.extensionDays} 个工作日）` : ''}</Descriptions.Item>
        <Descriptions.Item label="联系人">{[a.contactName, a.contactPhoneMasked].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
        <Descriptions.Item label="问题描述" span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{a.description}</div></Descriptions.Item>
        {a.answerText ? <Descriptions.Item label={`答复（${a.answerKindLabel ?? ''}）`} span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{a.answerText}</div></Descriptions.Item> : null}
        {a.ratingLabel ? <Descriptions.Item label="企业评价" span={2}>{a.ratingLabel}{a.secondSupervisionCount ? `（二次督办 ${a.secondSupervisionCount} 次）` : ''}</Descriptions.Item> : null}
        {a.closeReason ? <Descriptions.Item label="销号理由" span={2}>{a.closeReason}</Descriptions.Item> : null}
        <Descriptions.Item label="附件" span={2}>
          {files.data?.length
            ? <Space wrap>{files.data.map((f) => <Button key={f.id} size="small" type="link" onClick={() => void downloadFile(api.GET('/api/v1/appeals/{id}/attachments/{attachmentId}', { params: { path: { id: a.id, attachmentId: f.id } }, parseAs: 'blob' }), f.fileName)}>{f.fileName}</Button>)}</Space>
            : '无'}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

const path = (id: string) => ({ params: { path: { id } } });

function Actions({ a }: { a: Appeal }) {
  const { user } = useAuth();
  const departments = useDepartments();
  const categories = useCategories();
  const [letter, setLetter] = useState<Letter | null>(null);
  if (!user) return null;
  const actions = appealActions(a, user).filter((x) => x !== 'merge' && x !== 'decideExtension');
  // the letter just issued stays open even when the new state leaves nothing to do
  if (!actions.length && !letter) return null;
  const deptOptions = (departments.data ?? []).map((d) => ({ value: d.code, label: d.name }));
  const category = categories.data?.find((c) => c.code === a.category);
  const coOptions = a.coDepartments.map((d) => ({ value: d.code, label: d.name }));
  const dialog = (x: AppealAction) => {
    switch (x) {
      case 'answerOnSpot':
        return <ActionDialog key={x} label="当场答复" fields={[{ kind: 'text', name: 'text', label: '答复内容', required: true, min: 2 }]} submit={(v) => call(api.POST('/api/v1/appeals/{id}/answer-on-spot', { ...path(a.id), body: { text: String(v.text) } }))} />;
      case 'forward':
        return <ActionDialog key={x} label="上报预研" fields={[{ kind: 'text', name: 'comment', label: '说明（可不填）', max: 1000 }]} submit={(v) => call(api.POST('/api/v1/appeals/{id}/forward', { ...path(a.id), body: compact(v) as { comment?: string } }))} />;
      case 'assign':
        return (
          <ActionDialog
            key={x}
            label={a.state === 'second_supervision' ? '重新交办' : '交办'}
            primary
            title="交办牵头单位与协办单位"
            intro={category ? <Typography.Paragraph type="secondary">类别「{category.name}」默认时限：签收 {category.acceptDays}、报送进展 {category.progressDays}、答复 {category.answerDays} 个工作日。</Typography.Paragraph> : null}
            initial={{ leadDepartment: a.leadDepartment?.code ?? category?.leadDepartment?.code, coDepartments: a.coDepartments.map((d) => d.code), answerWorkingDays: category?.answerDays, requirements: category?.requirements ?? undefined }}
            fields={[
              { kind: 'select', name: 'leadDepartment', label: '牵头单位', required: true, options: deptOptions },
              { kind: 'select', name: 'coDepartments', label: '协办单位', multiple: true, options: deptOptions },
              { kind: 'number', name: 'answerWorkingDays', label: '答复时限', min: 1, max: 250, suffix: '个工作日', extra: '默认取类别设置' },
              { kind: 'text', name: 'requirements', label: '办理要求（印入交办函）', max: 2000 },
            ]}
            submit={(v: Values) => {
              const body = compact(v) as { leadDepartment: string; coDepartments?: string[]; requirements?: string; answerWorkingDays?: number };
              return call(api.POST('/api/v1/appeals/{id}/assign', { ...path(a.id), body }));
            }}
            onDone={(r) => setLetter(r.letter)}
          />
        );
      case 'overrideClose':
        return <ActionDialog key={x} label="督办销号" danger fields={[{ kind: 'text', name: 'reason', label: '书面理由', required: true, min: 2, max: 2000 }]} submit={(v) => call(api.POST('/api/v1/appeals/{id}/close', { ...path(a.id), body: { reason: String(v.reason) } }))} />;
      case 'letter':
        return (
          <ActionDialog
            key={x}
            label="发函"
            title="发提示函或督办函"
            initial={{ kind: a.overdue ? 'supervision' : 'reminder' }}
            fields={[
              { kind: 'radio', name: 'kind', label: '函件', required: true, options: [{ value: 'reminder', label: '提示函' }, { value: 'supervision', label: '督办函（须已超期）' }] },
              { kind: 'text', name: 'reason', label: '事由', required: true, min: 2, max: 1000 },
            ]}
            submit={(v) => call(api.POST('/api/v1/appeals/{id}/letters', { ...path(a.id), body: { kind: v.kind as 'reminder' | 'supervision', reason: String(v.reason) } }))}
            onDone={(l) => setLetter(l)}
          />
        );
      case 'accept':
        return <ActionDialog key={x} label="签收" primary fields={[{ kind: 'text', name: 'comment', label: '签收意见（可不填）', max: 1000 }]} submit={(v) => call(api.POST('/api/v1/appeals/{id}/accept', { ...path(a.id), body: compact(v) as { comment?: string } }))} />;
      case 'sendBack':
        return <ActionDialog key={x} label="退回" danger title="退回预研" fields={[{ kind: 'text', name: 'reason', label: '退回理由', required: true, min: 2, max: 2000 }]} submit={(v) => call(api.POST('/api/v1/appeals/{id}/send-back', { ...path(a.id), body: { reason: String(v.reason) } }))} />;
      case 'redispatch':
        return (
          <ActionDialog
            key={x}
            label="分办协办单位"
            title="首问负责：分办给协办单位牵头"
            fields={[
              { kind: 'select', name: 'to', label: '接手牵头的协办单位', required: true, options: coOptions },
              { kind: 'text', name: 'reason', label: '理由', required: true, min: 2, max: 1000 },
            ]}
            submit={(v) => call(api.POST('/api/v1/appeals/{id}/redispatch', { ...path(a.id), body: { to: String(v.to), reason: String(v.reason) } }))}
          />
        );
      case 'progress':
        return (
          <ActionDialog
            key={x}
            label={a.leadDepartment?.code === user.departmentCode ? '报送进展' : '协办意见'}
            fields={[{ kind: 'text', name: 'text', label: '内容', required: true, min: 2 }]}
            submit={(v) => call(api.POST('/api/v1/appeals/{id}/progress', { ...path(a.id), body: { text: String(v.text) } }))}
          />
        );
      case 'requestExtension':
        return (
          <ActionDialog
            key={x}
            label="申请延期"
            fields={[
              { kind: 'number', name: 'workingDays', label: '延期', required: true, min: 1, max: 60, suffix: '个工作日' },
              { kind: 'text', name: 'reason', label: '理由', required: true, min: 2, max: 1000 },
            ]}
            submit={(v) => call(api.POST('/api/v1/appeals/{id}/extensions', { ...path(a.id), body: { workingDays: Number(v.workingDays), reason: String(v.reason) } }))}
          />
        );
      case 'answer':
        return (
          <ActionDialog
            key={x}
            label="答复企业"
            primary
            initial={{ kind: 'resolved' }}
            fields={[
              { kind: 'radio', name: 'kind', label: '答复方式', required: true, options: ANSWER_KIND_OPTIONS },
              { kind: 'text', name: 'text', label: '答复内容', required: true, min: 5, rows: 5, extra: '转办时写明转至何处' },
            ]}
            submit={(v) => call(api.POST('/api/v1/appeals/{id}/answer', { ...path(a.id), body: { kind: v.kind as 'resolved' | 'explained' | 'transferred', text: String(v.text) } }))}
          />
        );
      default:
        return null;
    }
  };
  return (
    <Card size="small" title="办理" style={{ marginBottom: 16 }}>
      <Space wrap>{actions.map(dialog)}</Space>
      {letter ? <LetterModal appealId={a.id} letter={letter} onClose={() => setLetter(null)} /> : null}
    </Card>
  );
}

function LetterModal({ appealId, letter, onClose }: { appealId: string; letter: Letter; onClose: () => void }) {
  return (
    <HtmlDocumentModal
      open
      onClose={onClose}
      title={`${letter.kindLabel} ${letter.number}`}
      queryKey={['appeals', 'letter', letter.id]}
      load={() => fetchHtml(api.GET('/api/v1/appeals/{id}/letters/{letterId}', { params: { path: { id: appealId, letterId: letter.id } }, parseAs: 'text' }))}
    />
  );
}

const SIMILAR_ROLES = ['supervisor', 'officer', 'leader', 'dept_editor', 'dept_reviewer'];

function Similar({ a }: { a: Appeal }) {
  const { user } = useAuth();
  const allowed = Boolean(user && SIMILAR_ROLES.includes(user.role)) && a.state === 'submitted';
  const similar = useQuery({ queryKey: ['appeals', 'one', a.id, 'similar'], queryFn: () => call(api.GET('/api/v1/appeals/{id}/similar', path(a.id))), enabled: allowed });
  if (!allowed) return null;
  const canMerge = user?.role === 'supervisor';
  return (
    <Card size="small" title="相似诉求（预研）" style={{ marginBottom: 16 }}>
      <QueryState query={similar} isEmpty={(d) => d.length === 0} emptyText="没有相似诉求" rows={2}>
        {(rows) => (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={rows}
            columns={[
              { title: '编号', dataIndex: 'number', render: (n: string, r) => <Link to={`../${r.id}`} relative="path">{n}</Link> },
              { title: '企业', dataIndex: 'enterpriseName', render: (n: string, r) => <>{n}{r.sameFirm ? <Tag style={{ marginLeft: 4 }}>同一企业</Tag> : null}</> },
              { title: '标题', dataIndex: 'title' },
              { title: '状态', dataIndex: 'stateLabel' },
              { title: '相似度', dataIndex: 'score', render: (s: number) => (s > 0 ? `${Math.max(1, Math.round(s * 100))}%` : '—') },
              { title: '共同关键词', dataIndex: 'commonTerms', render: (t: string[]) => t.join('、') },
              ...(canMerge
                ? [{
                    title: '',
                    key: 'merge',
                    render: (_: unknown, r: { id: string; number: string }) => (
                      <ActionDialog
                        label="并入此件"
                        title={`并入诉求 ${r.number}`}
                        fields={[{ kind: 'text', name: 'reason', label: '合并理由（可不填）', max: 500 }]}
                        submit={(v) => call(api.POST('/api/v1/appeals/{id}/merge', { ...path(a.id), body: { into: r.id, ...(compact(v) as { reason?: string }) } }))}
                      />
                    ),
                  }]
                : []),
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}

const LETTER_ROLES = ['supervisor', 'officer', 'leader', 'auditor', 'dept_editor', 'dept_reviewer'];

function Letters({ a }: { a: Appeal }) {
  const { user } = useAuth();
  const allowed = Boolean(user && LETTER_ROLES.includes(user.role));
  const letters = useQuery({ queryKey: ['appeals', 'one', a.id, 'letters'], queryFn: () => call(api.GET('/api/v1/appeals/{id}/letters', path(a.id))), enabled: allowed });
  const [open, setOpen] = useState<Letter | null>(null);
  if (!allowed || !letters.data?.length) return null;
  return (
    <Card size="small" title="函件" style={{ marginBottom: 16 }}>
      <SimpleList items={letters.data} rowKey={(l) => l.id} label="函件" actions={(l) => <Button size="small" onClick={() => setOpen(l)}>查看 / 打印</Button>}>
        {(l) => <Space wrap><Tag>{l.kindLabel}</Tag>{l.number}<Typography.Text type="secondary">{formatTime(l.issuedAt)}</Typography.Text>{l.reason ? <span>{l.reason}</span> : null}</Space>}
      </SimpleList>
      {open ? <LetterModal appealId={a.id} letter={open} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}

const EXTENSION_ROLES = ['supervisor', 'leader', 'auditor', 'dept_editor', 'dept_reviewer'];

function Extensions({ a }: { a: Appeal }) {
  const { user } = useAuth();
  const allowed = Boolean(user && EXTENSION_ROLES.includes(user.role)) && a.state !== 'submitted';
  const list = useQuery({ queryKey: ['appeals', 'one', a.id, 'extensions'], queryFn: () => call(api.GET('/api/v1/appeals/{id}/extensions', path(a.id))), enabled: allowed });
  const [comment, setComment] = useState('');
  const qc = useQueryClient();
  const decide = useMutation({
    mutationFn: ({ extensionId, approve }: { extensionId: string; approve: boolean }) =>
      call(api.POST('/api/v1/appeals/{id}/extensions/{extensionId}/decision', { params: { path: { id: a.id, extensionId } }, body: { approve, comment: comment.trim() } })),
    onSuccess: () => {
      setComment('');
      void qc.invalidateQueries({ queryKey: ['appeals'] });
    },
  });
  if (!allowed || !list.data?.length) return null;
  const supervisor = user?.role === 'supervisor';
  return (
    <Card size="small" title="延期申请" style={{ marginBottom: 16 }}>
      <ErrorAlert error={decide.error} />
      <SimpleList
        items={list.data}
        rowKey={(e) => e.id}
        label="延期申请"
        actions={(e) =>
          supervisor && e.status === 'pending' ? (
            <Space>
              <Input size="small" placeholder="审批意见" value={comment} onChange={(ev) => setComment(ev.target.value)} style={{ width: 160 }} aria-label="审批意见" />
              <Button size="small" type="primary" disabled={comment.trim().length < 2} loading={decide.isPending} onClick={() => decide.mutate({ extensionId: e.id, approve: true })}>同意延期</Button>
              <Button size="small" danger disabled={comment.trim().length < 2} loading={decide.isPending} onClick={() => decide.mutate({ extensionId: e.id, approve: false })}>不同意</Button>
            </Space>
          ) : null
        }
      >
        {(e) => (
          <Space wrap>
            <Tag color={e.status === 'pending' ? 'gold' : e.status === 'approved' ? 'green' : 'red'}>{e.statusLabel}</Tag>
            <span>{e.departmentCode} 申请延期 {e.workingDays} 个工作日：{e.reason}</span>
            {e.decisionComment ? <Typography.Text type="secondary">意见：{e.decisionComment}</Typography.Text> : null}
          </Space>
        )}
      </SimpleList>
    </Card>
  );
}

const LINK_ROLES = ['supervisor', 'dept_editor', 'dept_reviewer'];
const LINK_READERS = [...LINK_ROLES, 'officer', 'leader', 'auditor'];

/**
 * 诉求转化为惠企举措: the draft policy items this appeal is linked to (the firm is told when one is
 * published); supervisors and departments link another one (a department only its own items).
 */
function PolicyLinks({ a }: { a: Appeal }) {
  const { user } = useAuth();
  const readable = Boolean(user && LINK_READERS.includes(user.role));
  const canLink = Boolean(user && LINK_ROLES.includes(user.role)) && a.state !== 'merged' && a.state !== 'withdrawn';
  const links = useQuery({ queryKey: ['appeals', 'one', a.id, 'policy-links'], queryFn: () => call(api.GET('/api/v1/appeals/{id}/policy-links', path(a.id))), enabled: readable });
  const candidates = useQuery({ queryKey: ['appeals', 'one', a.id, 'policy-candidates'], queryFn: () => call(api.GET('/api/v1/appeals/{id}/policy-candidates', path(a.id))), enabled: canLink });
  const [itemId, setItemId] = useState<string | undefined>();
  const qc = useQueryClient();
  const link = useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/appeals/{id}/policy-links', { ...path(a.id), body: { itemId: id } })),
    onSuccess: async () => {
      setItemId(undefined);
      await qc.invalidateQueries({ queryKey: ['appeals', 'one', a.id] });
    },
  });
  // read-only roles see the card only when there is something linked
  if (!readable || (!canLink && !links.data?.length)) return null;
  const options = (candidates.data ?? []).filter((c) => !c.linked).map((c) => ({ value: c.itemId, label: `${c.itemName}（${c.itemCode}，${c.statusLabel}）` }));
  return (
    <Card size="small" title="关联政策事项" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">把诉求关联到正在起草或审核中的政策事项，事项发布后系统自动告知企业（诉求转化为惠企举措）。</Typography.Paragraph>
      <QueryState query={links} isEmpty={(d) => d.length === 0} emptyText="尚未关联政策事项" rows={1}>
        {(rows) => (
          <SimpleList items={rows} rowKey={(l) => l.itemId} label="已关联的政策事项">
            {(l) => (
              <Space wrap>
                <span>{l.itemName || l.itemId}</span>
                {l.notifiedAt ? <Tag color="green">已发布，{formatTime(l.notifiedAt)} 已告知企业</Tag> : <Tag color="blue">起草中，发布后告知企业</Tag>}
                <Typography.Text type="secondary">关联于 {formatTime(l.linkedAt)}</Typography.Text>
              </Space>
            )}
          </SimpleList>
        )}
      </QueryState>
      {canLink ? (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={link.error ?? candidates.error} />
          <Space wrap>
            <Select
              aria-label="政策事项"
              showSearch
              optionFilterProp="label"
              placeholder={user?.role === 'supervisor' ? '选择正在起草的政策事项' : '选择本部门正在起草的政策事项'}
              loading={candidates.isPending}
              notFoundContent={candidates.isPending ? '加载中…' : '没有可关联的起草中事项'}
              value={itemId}
              onChange={setItemId}
              options={options}
              style={{ width: 360 }}
            />
            <Button type="primary" disabled={!itemId} loading={link.isPending} onClick={() => itemId && link.mutate(itemId)}>关联</Button>
          </Space>
        </div>
      ) : null}
    </Card>
  );
}
