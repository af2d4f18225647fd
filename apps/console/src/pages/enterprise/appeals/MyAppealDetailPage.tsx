import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Tag } from 'antd';
import { Link, useLocation, useParams } from 'react-router';
import { api, call } from '../../../api/client';
import { useAuth } from '../../../auth/AuthProvider';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { appealActions, formatTime, RATING_OPTIONS, ratingNeedsComment } from '../../../lib/appeals';
import { ActionDialog, compact } from '../../appeals/shared/ActionDialog';
import { AppealTimeline } from '../../appeals/shared/AppealTimeline';
import { downloadFile, useAppeal, useAttachments, useTimeline } from '../../appeals/shared/data';
import { StateTag } from '../../appeals/shared/StateTag';

/** One of the firm's appeals: facts, the answer, 评价 or 撤回 when it is the firm's turn, and every step on the timeline. */
export default function MyAppealDetailPage() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const location = useLocation();
  const appeal = useAppeal(id);
  const timeline = useTimeline(id);
  const files = useAttachments(id);
  const links = useQuery({ queryKey: ['appeals', 'one', id, 'policy-links'], queryFn: () => call(api.GET('/api/v1/appeals/{id}/policy-links', { params: { path: { id } } })) });
  const justSubmitted = Boolean((location.state as { submitted?: boolean } | null)?.submitted);
  return (
    <>
      <PageHeader title="诉求详情" extra={<Link to="/ent/appeals">返回我的诉求</Link>} />
      <QueryState query={appeal}>
        {(a) => {
          const actions = user ? appealActions(a, user) : [];
          return (
            <>
              {justSubmitted ? <Alert type="success" showIcon title={`诉求已提交，编号 ${a.number}`} style={{ marginBottom: 12 }} /> : null}
              <Card size="small" title={a.title} style={{ marginBottom: 12 }}>
                <Descriptions column={1} size="small">
                  <Descriptions.Item label="状态"><StateTag state={a.state} label={a.stateLabel} /></Descriptions.Item>
                  <Descriptions.Item label="编号">{a.number}</Descriptions.Item>
                  <Descriptions.Item label="类别">{a.categoryLabel}</Descriptions.Item>
                  <Descriptions.Item label="提出时间">{formatTime(a.receivedAt)}</Descriptions.Item>
                  {a.leadDepartment ? <Descriptions.Item label="承办单位">{a.leadDepartment.name}</Descriptions.Item> : null}
                  {a.dueOn && a.dueKindLabel ? <Descriptions.Item label={a.dueKindLabel}>{a.dueOn} 前</Descriptions.Item> : null}
                  <Descriptions.Item label="问题描述"><div style={{ whiteSpace: 'pre-wrap' }}>{a.description}</div></Descriptions.Item>
                  {files.data?.length ? (
                    <Descriptions.Item label="附件">
                      <Space wrap size={0}>
                        {files.data.map((f) => (
                          <Button key={f.id} type="link" size="small" onClick={() => void downloadFile(api.GET('/api/v1/appeals/{id}/attachments/{attachmentId}', { params: { path: { id, attachmentId: f.id } }, parseAs: 'blob' }), f.fileName)}>
                            {f.fileName}
                          </Button>
                        ))}
                      </Space>
                    </Descriptions.Item>
                  ) : null}
                  {a.answerText ? <Descriptions.Item label={`答复（${a.answerKindLabel ?? ''}）`}><div style={{ whiteSpace: 'pre-wrap' }}>{a.answerText}</div></Descriptions.Item> : null}
                  {a.ratingLabel ? <Descriptions.Item label="我的评价">{a.ratingLabel}</Descriptions.Item> : null}
                </Descriptions>
                {actions.length ? (
                  <Space wrap style={{ marginTop: 12 }}>
                    {actions.includes('rate') ? (
                      <ActionDialog
                        label="评价答复"
                        primary
                        fields={[
                          { kind: 'radio', name: 'rating', label: '评价', required: true, options: RATING_OPTIONS },
                          { kind: 'text', name: 'comment', label: '意见', max: 1000, placeholder: '不满意时请写明原因' },
                        ]}
                        requiredWhen={(name, v) => name === 'comment' && ratingNeedsComment(v.rating as 'unsatisfied' | undefined)}
                        submit={(v) => call(api.POST('/api/v1/appeals/{id}/feedback', { params: { path: { id } }, body: compact(v) as { rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied'; comment?: string } }))}
                      />
                    ) : null}
                    {actions.includes('withdraw') ? (
                      <ActionDialog
                        label="撤回诉求"
                        danger
                        fields={[{ kind: 'text', name: 'comment', label: '撤回原因（可不填）', max: 1000 }]}
                        submit={(v) => call(api.POST('/api/v1/appeals/{id}/withdraw', { params: { path: { id } }, body: compact(v) as { comment?: string } }))}
                      />
                    ) : null}
                  </Space>
                ) : null}
              </Card>
              {links.data?.length ? (
                <Card size="small" title="相关政策事项" style={{ marginBottom: 12 }}>
                  {links.data.map((l) => (
                    <div key={l.itemId} style={{ marginBottom: 4 }}>
                      {l.itemName} {l.notifiedAt ? <Tag color="green">已发布</Tag> : <Tag color="blue">制定中，发布后通知您</Tag>}
                    </div>
                  ))}
                </Card>
              ) : null}
              <Card size="small" title="办理进度">
                <AppealTimeline query={timeline} />
              </Card>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
