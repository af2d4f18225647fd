import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, List, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { currentNodeStep, flowPosition, flowStages, stateColor } from '../../lib/application-flow';
import { formatFen } from '../../lib/money';
import { ApplicationActions } from './ApplicationActions';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

/** One application: where it is on the main path, what the firm can do now, and the full timeline (全程透明). */
export default function ApplicationDetailPage() {
  const { id = '' } = useParams();
  const app = useQuery({
    queryKey: ['applications', id],
    queryFn: () => call(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
  });
  const timeline = useQuery({
    queryKey: ['applications', id, 'timeline'],
    queryFn: () => call(api.GET('/api/v1/applications/{id}/timeline', { params: { path: { id } } })),
  });
  const materials = useQuery({
    queryKey: ['applications', id, 'materials'],
    queryFn: () => call(api.GET('/api/v1/applications/{id}/materials', { params: { path: { id } } })),
  });
  const notices = useQuery({
    queryKey: ['me', 'notices', id],
    queryFn: () => call(api.GET('/api/v1/me/notices', { params: { query: { applicationId: id, page: 1, pageSize: 20 } } })),
  });

  return (
    <QueryState query={app}>
      {(a) => {
        const stages = flowStages(a.mode);
        const pos = flowPosition(a);
        const nodes = timeline.data ?? [];
        const current = currentNodeStep(nodes);
        const committed = nodes.some((n) => n.outcome === 'commitment_signed');
        return (
          <>
            <PageHeader title={a.itemName} description={`${a.modeLabel} · ${a.period}`} extra={<Tag color={stateColor(a.state)}>{a.stateLabel}</Tag>} />
            <Card size="small" style={{ marginBottom: 12 }}>
              <Steps size="small" current={pos.current} status={pos.status} items={stages.map((title) => ({ title }))} responsive />
            </Card>
            <Card size="small" style={{ marginBottom: 12 }}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="金额">{a.amountFen > 0 ? formatFen(a.amountFen) : (a.estimateText ?? '—')}</Descriptions.Item>
                <Descriptions.Item label="当前状态">{a.stateLabel}（自 {time(a.stateSince)}）</Descriptions.Item>
                {a.confirmBy ? <Descriptions.Item label="确认截止">{a.confirmBy}</Descriptions.Item> : null}
                {a.reopenUntil ? <Descriptions.Item label="恢复办理截止">{a.reopenUntil}</Descriptions.Item> : null}
                {a.payeeAccountMasked ? <Descriptions.Item label="收款账户">{a.payeeName} {a.payeeAccountMasked}（{a.payeeBankName ?? '开户行未填'}）</Descriptions.Item> : null}
                {a.submittedAt ? <Descriptions.Item label="提交时间">{time(a.submittedAt)}</Descriptions.Item> : null}
                {a.paidAt ? <Descriptions.Item label="到账时间">{time(a.paidAt)}</Descriptions.Item> : null}
              </Descriptions>
              <Link to={`/ent/policies/${a.itemId}`}>查看事项条件</Link>
            </Card>

            <ApplicationActions app={a} materials={materials.data ?? []} committed={committed} />

            <Card size="small" title="申报材料" style={{ marginBottom: 12 }} styles={{ body: { padding: '0 12px' } }}>
              <QueryState query={materials} isEmpty={(m) => m.length === 0} emptyText="尚未上传材料" rows={2}>
                {(m) => (
                  <List
                    dataSource={m}
                    renderItem={(x) => (
                      <List.Item key={x.id}>
                        <List.Item.Meta title={x.materialName} description={`${x.fileName} · ${(x.sizeBytes / 1024).toFixed(1)} KB · ${time(x.uploadedAt)}`} />
                      </List.Item>
                    )}
                  />
                )}
              </QueryState>
            </Card>

            <Card size="small" title="办理进度" style={{ marginBottom: 12 }}>
              <QueryState query={timeline} isEmpty={(t) => t.length === 0} emptyText="暂无办理记录">
                {(t) => (
                  <Timeline
                    items={t.map((n) => {
                      const now = n.step === current;
                      return {
                        key: n.step,
                        color: now ? 'blue' : n.command === 'note' ? 'gray' : 'green',
                        content: (
                          <div data-testid={now ? 'timeline-current' : 'timeline-node'} style={now ? { fontWeight: 600 } : undefined}>
                            <Space size={4} wrap>
                              <span>{n.commandLabel}</span>
                              {n.command !== 'note' ? <Tag color={now ? 'blue' : undefined}>{n.stateLabel}</Tag> : null}
                              {now ? <Tag color="processing">当前环节</Tag> : null}
                            </Space>
                            <div><Typography.Text type="secondary">{time(n.at)} · {n.actorRoleLabel}{n.departmentCode ? `（${n.departmentCode}）` : ''}</Typography.Text></div>
                            {n.comment ? <div style={{ fontWeight: 400 }}>{n.comment}</div> : null}
                          </div>
                        ),
                      };
                    })}
                  />
                )}
              </QueryState>
            </Card>

            <Card size="small" title="办理通知" styles={{ body: { padding: '0 12px' } }}>
              <QueryState query={notices} isEmpty={(d) => d.items.length === 0} emptyText="暂无通知" rows={2}>
                {(d) => (
                  <List
                    dataSource={d.items}
                    renderItem={(n) => (
                      <List.Item key={n.id}>
                        <List.Item.Meta title={n.title} description={<><div>{n.body}</div><Typography.Text type="secondary">{time(n.createdAt)}</Typography.Text></>} />
                      </List.Item>
                    )}
                  />
                )}
              </QueryState>
            </Card>
          </>
        );
      }}
    </QueryState>
  );
}
