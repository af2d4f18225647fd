import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Breadcrumb, Card, Col, Collapse, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, call } from '../../api/client';
import type { PublicItem, PublicPolicy } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { AppealThemesCard } from './AppealThemesCard';

/** 政策详情: the original text, and each published item's conditions, amounts, mode and dates. */
export default function PolicyDetailPage() {
  const { policyId = '' } = useParams();
  const policy = useQuery({
    queryKey: ['public', 'policy', policyId],
    queryFn: () => call(api.GET('/api/v1/public/policies/{policyId}', { params: { path: { policyId } } })),
  });
  return <QueryState query={policy} rows={10}>{(p) => <PolicyDetail policy={p} />}</QueryState>;
}

/** Deep link by item (calculator results, pushes): finds its policy and shows the item. */
export function ItemPolicyPage() {
  const { itemId = '' } = useParams();
  const policy = useQuery({
    queryKey: ['public', 'item-policy', itemId],
    queryFn: () => call(api.GET('/api/v1/public/items/{itemId}/policy', { params: { path: { itemId } } })),
  });
  return <QueryState query={policy} rows={10}>{(p) => <PolicyDetail policy={p} focusItemId={itemId} />}</QueryState>;
}

function PolicyDetail({ policy: p, focusItemId }: { policy: PublicPolicy; focusItemId?: string }) {
  const { hash } = useLocation();
  const target = focusItemId ? `item-${focusItemId}` : hash.slice(1);
  useEffect(() => {
    document.title = `${p.title} · 亲清在线`;
    if (target) document.getElementById(target)?.scrollIntoView({ block: 'start' });
  }, [p.title, target]);
  return (
    <>
      <Breadcrumb items={[{ title: <Link to="/policies">政策查询</Link> }, { title: '政策详情' }]} style={{ marginBottom: 8 }} />
      <PageHeader title={p.title} description={p.docNumber ?? undefined} />
      {p.isDemo ? <Alert type="warning" showIcon title="演示数据：本政策为虚构，仅用于功能演示，不作为申报或兑现依据。" style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={17}>
          <Card title="基本信息" size="small" style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label="发布部门">{p.departmentName}</Descriptions.Item>
              <Descriptions.Item label="政策层级">{p.levelLabel}级</Descriptions.Item>
              <Descriptions.Item label="政策类别">{p.categoryLabel}</Descriptions.Item>
              <Descriptions.Item label="发布日期">{p.publishDate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="有效期">{p.effectiveFrom} 至 {p.effectiveTo ?? '长期有效'}</Descriptions.Item>
              <Descriptions.Item label="兑现事项">{p.items.length} 项</Descriptions.Item>
              {p.sourceUrl ? <Descriptions.Item label="原文链接"><a href={p.sourceUrl} target="_blank" rel="noreferrer noopener">{p.sourceUrl}</a></Descriptions.Item> : null}
            </Descriptions>
            {p.tags.length ? <Space wrap size={4} style={{ marginTop: 8 }}>{p.tags.map((t) => <Tag key={t}>{t}</Tag>)}</Space> : null}
          </Card>
          <AppealThemesCard themes={p.appealThemes ?? []} items={p.items} />
          {p.interpretation ? (
            <Card title="政策解读" size="small" id="interpretation" style={{ marginBottom: 16 }}>
              <Typography.Paragraph className="full-text" style={{ marginBottom: 0 }}>{p.interpretation}</Typography.Paragraph>
            </Card>
          ) : null}
          {p.items.map((it) => <ItemCard key={it.itemId} item={it} focused={target === `item-${it.itemId}`} />)}
          {p.faq.length ? (
            <Card title="常见问题" size="small" id="faq" style={{ marginBottom: 16 }}>
              <Collapse ghost items={p.faq.map((f, i) => ({ key: String(i), label: f.question, children: <Typography.Paragraph style={{ marginBottom: 0 }}>{f.answer}</Typography.Paragraph> }))} />
            </Card>
          ) : null}
          <Card title="政策原文" size="small" id="full-text">
            <Typography.Paragraph className="full-text">{p.fullText}</Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={0} lg={7}>
          <Anchor
            offsetTop={16}
            items={[
              ...(p.interpretation ? [{ key: 'interpretation', href: '#interpretation', title: '政策解读' }] : []),
              ...p.items.map((it) => ({ key: it.itemId, href: `#item-${it.itemId}`, title: it.name })),
              ...(p.faq.length ? [{ key: 'faq', href: '#faq', title: '常见问题' }] : []),
              { key: 'text', href: '#full-text', title: '政策原文' },
            ]}
          />
          <Card size="small" style={{ marginTop: 16 }}>
            <Typography.Paragraph style={{ marginBottom: 8 }}>想知道本企业能享受哪些政策、能拿多少？</Typography.Paragraph>
            <Link to="/calculator">使用政策计算器 →</Link>
          </Card>
        </Col>
      </Row>
    </>
  );
}

function ItemCard({ item: it, focused }: { item: PublicItem; focused: boolean }) {
  return (
    <Card
      id={`item-${it.itemId}`}
      size="small"
      className={focused ? 'item-card item-card-focused' : 'item-card'}
      title={<Space wrap><span>{it.name}</span><Tag color="blue">{it.modeLabel}</Tag></Space>}
      style={{ marginBottom: 16 }}
      data-testid="policy-item"
    >
      <Typography.Title level={5}>申报条件</Typography.Title>
      <ul className="conditions">
        {it.conditions.map((c, i) => (
          <li key={i} style={{ marginLeft: c.depth * 20 }} className={c.kind === 'condition' ? 'condition' : 'condition-group'}>{c.text}</li>
        ))}
      </ul>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="支持标准">{it.formulaText}</Descriptions.Item>
        <Descriptions.Item label="兑现方式">{it.modeLabel}</Descriptions.Item>
        <Descriptions.Item label="申报时间">{it.applyFrom || it.applyTo ? `${it.applyFrom ?? '即日起'} 至 ${it.applyTo ?? '长期'}` : '常年受理'}</Descriptions.Item>
        <Descriptions.Item label="有效期">{it.effectiveFrom} 至 {it.effectiveTo ?? '长期有效'}</Descriptions.Item>
        {it.materials.length ? <Descriptions.Item label="申报材料"><ol style={{ margin: 0, paddingLeft: 20 }}>{it.materials.map((m) => <li key={m}>{m}</li>)}</ol></Descriptions.Item> : null}
        {it.clause ? <Descriptions.Item label="政策条款">{it.clause}</Descriptions.Item> : null}
        {it.exclusionGroup ? <Descriptions.Item label="不重复享受">与同组（{it.exclusionGroup}）事项不重复享受，按就高原则执行</Descriptions.Item> : null}
        {it.contact ? <Descriptions.Item label="咨询电话">{it.contact}</Descriptions.Item> : null}
      </Descriptions>
    </Card>
  );
}
