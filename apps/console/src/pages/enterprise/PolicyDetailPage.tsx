import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { conditionSummary, parseCondition } from '../../lib/conditions';
import { provenanceText } from '../../lib/data-corrections';
import { formatFen } from '../../lib/money';
import { MODE_HELP, useIdempotencyKey } from './entApi';
import type { MyPolicyDetail } from '../../api/types';

/** Where the firm's value of a condition came from (数据来源), when the platform knows. */
function ConditionSource({ source }: { source: MyPolicyDetail['reasons'][number]['source'] }) {
  if (!source) return null;
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="condition-source">
        {provenanceText({ ...source, fact: '', label: '', version: null })}
      </Typography.Text>
    </div>
  );
}

/** One of my policies: every condition ✔/✘ with the firm's value and the requirement, the estimate, and how to get it. */
export default function MyPolicyDetailPage() {
  const { itemId = '' } = useParams();
  const navigate = useNavigate();
  const idem = useIdempotencyKey();
  const q = useQuery({
    queryKey: ['me', 'policy', itemId],
    queryFn: () => call(api.GET('/api/v1/me/policies/{itemId}', { params: { path: { itemId } } })),
  });
  // the firm's applications for this item (a 免申即享 one is created by the platform)
  const apps = useQuery({
    queryKey: ['applications', 'item', itemId],
    queryFn: () => call(api.GET('/api/v1/applications', { params: { query: { itemId, page: 1, pageSize: 20 } } })),
  });
  const apply = useMutation({
    mutationFn: () => call(api.POST('/api/v1/applications', { body: { itemId }, headers: idem.headers() })),
    onSettled: idem.renew,
    onSuccess: (a) => navigate(`/ent/applications/${a.id}`),
  });
  const open = apps.data?.items.find((a) => !['withdrawn', 'expired', 'rejected'].includes(a.state));

  return (
    <QueryState query={q}>
      {(d) => {
        const lines = d.reasons.map(parseCondition);
        const { met, total } = conditionSummary(lines);
        return (
          <>
            <PageHeader title={d.itemName} description={d.policyTitle} />
            <Card size="small" style={{ marginBottom: 12 }}>
              <Space wrap style={{ marginBottom: 8 }}>
                <Tag color={d.outcome === 'eligible' ? 'green' : 'orange'}>{d.outcome === 'eligible' ? '符合条件' : '差一点符合'}</Tag>
                <Tag>{d.modeLabel}</Tag>
              </Space>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="预计可享受">{d.outcome === 'eligible' ? formatFen(d.estimateFen) : '—'}</Descriptions.Item>
                <Descriptions.Item label="兑现方式">{MODE_HELP[d.mode] ?? d.modeLabel}</Descriptions.Item>
                {d.applyFrom || d.applyTo ? <Descriptions.Item label="申报时间">{d.applyFrom ?? '不限'} 至 {d.applyTo ?? '不限'}</Descriptions.Item> : null}
                {d.docNumber ? <Descriptions.Item label="政策文号">{d.docNumber}</Descriptions.Item> : null}
                {d.clause ? <Descriptions.Item label="政策条款">{d.clause}</Descriptions.Item> : null}
                {d.contact ? <Descriptions.Item label="咨询电话">{d.contact}</Descriptions.Item> : null}
                {d.materials.length ? <Descriptions.Item label="申报材料">{d.materials.join('、')}</Descriptions.Item> : null}
              </Descriptions>
              <Link to={`/items/${d.itemId}`}>查看政策原文</Link>
            </Card>

            <Card size="small" title={`申报条件（满足 ${met} / ${total} 项）`} style={{ marginBottom: 12 }} styles={{ body: { padding: '0 12px' } }}>
              {d.outcome === 'near_miss' && d.lacking ? <Alert type="warning" showIcon title={`还差：${d.lacking}`} style={{ margin: '12px 0' }} /> : null}
              <List
                dataSource={lines}
                locale={{ emptyText: '无条件说明' }}
                renderItem={(l, i) => (
                  <List.Item key={i} data-testid="condition">
                    <Space align="start">
                      <span aria-label={l.passed ? '满足' : '不满足'} style={{ color: l.passed ? '#52c41a' : '#ff4d4f', fontWeight: 700, fontSize: 16 }}>{l.passed ? '✔' : '✘'}</span>
                      {l.label ? (
                        <div>
                          <Typography.Text strong>{l.label}</Typography.Text>
                          {l.exclusion ? <Tag color="red" style={{ marginLeft: 4 }}>排除条件</Tag> : null}
                          <div>本企业：{l.own}</div>
                          <div><Typography.Text type="secondary">{l.required}</Typography.Text></div>
                          <ConditionSource source={d.reasons[i]?.source} />
                        </div>
                      ) : (
                        <div>
                          <span>{l.text}</span>
                          <ConditionSource source={d.reasons[i]?.source} />
                        </div>
                      )}
                    </Space>
                  </List.Item>
                )}
              />
            </Card>

            <ErrorAlert error={apply.error} />
            {open ? (
              <Alert
                type="info"
                showIcon
                title={`已有申请：${open.stateLabel}`}
                action={<Link to={`/ent/applications/${open.id}`}>{d.mode === 'no_application' ? '查看免申即享申请' : '查看申请'}</Link>}
              />
            ) : d.mode === 'no_application' ? (
              <Alert type="info" showIcon title="免申即享：无需申请。系统预审通过后将在“我的申请”中生成申请，请留意办理通知。" action={<Link to="/ent/applications">我的申请</Link>} />
            ) : d.outcome === 'eligible' ? (
              <Button type="primary" block size="large" loading={apply.isPending} onClick={() => apply.mutate()}>
                {d.mode === 'commitment' ? '承诺申报' : '申请'}
              </Button>
            ) : null}
          </>
        );
      }}
    </QueryState>
  );
}
