import { Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatFen } from '../../lib/money';
import type { PolicyItemRef, PolicyView } from '../../api/types';
import { PolicyInfoEditor } from './PolicyInfoEditor';
import { CATEGORY_LABELS, ITEM_STATUS_COLORS, ITEM_STATUS_LABELS, LEVEL_LABELS, MODE_LABELS } from './labels';
import { usePolicy } from './useDeptData';

/** 政策详情: the policy and its items, each with its online and open versions; its editors edit the policy's information. */
export default function PolicyDetailPage() {
  const { policyId } = useParams();
  const policy = usePolicy(policyId);
  const { user } = useAuth();
  // the policy as read when the form opened: a later refetch does not move the form under the editor (a save then is stale, 409)
  const [editing, setEditing] = useState<PolicyView | null>(null);
  const mayEdit = user?.role === 'dept_editor' || user?.role === 'admin';
  return (
    <QueryState query={policy}>
      {(p) => (
        <>
          <PageHeader
            title={p.title}
            description={<Link to="/staff/dept/policies">返回政策列表</Link>}
            extra={
              mayEdit ? (
                <Space>
                  <Button onClick={() => setEditing(p)}>编辑政策信息</Button>
                  {user?.role === 'dept_editor' ? <Link to={`/staff/dept/policies/${p.id}/items/new`}><Button type="primary">新增事项</Button></Link> : null}
                </Space>
              ) : null
            }
          />
          {editing ? <PolicyInfoEditor policy={editing} onClose={() => setEditing(null)} /> : null}
          <Card style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="编码">{p.code}</Descriptions.Item>
              <Descriptions.Item label="文号">{p.docNumber ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="层级 / 类别">{`${LEVEL_LABELS[p.level] ?? p.level} / ${CATEGORY_LABELS[p.category] ?? p.category}`}</Descriptions.Item>
              <Descriptions.Item label="有效期">{`${p.effectiveFrom} 至 ${p.effectiveTo ?? '长期'}`}</Descriptions.Item>
              <Descriptions.Item label="关键词">{p.tags.length ? p.tags.join('、') : '—'}</Descriptions.Item>
              <Descriptions.Item label="发布日期">{p.publishDate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="来源">{p.sourceUrl ? <a href={p.sourceUrl} target="_blank" rel="noreferrer">{p.sourceUrl}</a> : '—'}</Descriptions.Item>
              <Descriptions.Item label="常见问题">{p.faq?.length ? `${p.faq.length} 条` : '—'}</Descriptions.Item>
              <Descriptions.Item label="信息版本">{`第 ${p.revision} 版`}</Descriptions.Item>
              <Descriptions.Item label="政策解读" span={3}>
                {p.interpretation ? <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ marginBottom: 0 }}>{p.interpretation}</Typography.Paragraph> : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title="兑现事项">
            <Table<PolicyItemRef>
              rowKey="id"
              dataSource={p.items}
              pagination={p.items.length > 20 ? { pageSize: 20 } : false}
              locale={{ emptyText: '暂无事项，请新增' }}
              columns={[
                { title: '事项', render: (_, it) => <Link to={`/staff/dept/policies/${p.id}/items/${it.id}`}>{it.latest.name}</Link> },
                { title: '编码', dataIndex: 'code', width: 160 },
                { title: '兑现方式', width: 100, render: (_, it) => MODE_LABELS[it.latest.mode] },
                { title: '资金池', width: 130, render: (_, it) => formatFen(it.latest.fundPoolFen) },
                {
                  title: '版本状态',
                  width: 260,
                  render: (_, it) => (
                    <Space wrap>
                      {it.current ? <Tag color="success">{`线上 第${it.current.version}版`}</Tag> : null}
                      {it.open ? <Tag color={ITEM_STATUS_COLORS[it.open.status]}>{`第${it.open.version}版 ${ITEM_STATUS_LABELS[it.open.status]}`}</Tag> : null}
                      {!it.current && !it.open ? <Tag color={ITEM_STATUS_COLORS[it.latest.status]}>{ITEM_STATUS_LABELS[it.latest.status]}</Tag> : null}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </>
      )}
    </QueryState>
  );
}
