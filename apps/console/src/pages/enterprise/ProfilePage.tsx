import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { describeFacts } from '../../lib/calculator-facts';
import { disputable, provenanceText, type FactProvenance } from '../../lib/data-corrections';
import { CorrectionDialog } from './CorrectionDialog';
import { namesOf, useFacts, usePublicCatalogue } from '../public/usePublicData';
import { listPagination } from './entApi';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

/** 企业档案 (一企一档): the firm's data as the platform matches on it, read-only, and every change to it. */
export default function ProfilePage() {
  const me = useQuery({ queryKey: ['enterprise', 'me'], queryFn: () => call(api.GET('/api/v1/enterprises/me')) });
  const facts = useFacts();
  const catalogue = usePublicCatalogue();
  const names = useMemo(
    () => ({ tags: namesOf(catalogue.data?.tags), codes: new Map([...namesOf(catalogue.data?.districts), ...namesOf(catalogue.data?.industries)]) }),
    [catalogue.data],
  );
  const registry = facts.data ?? [];
  const [disputing, setDisputing] = useState<{ provenance: FactProvenance; text: string } | null>(null);
  return (
    <>
      <PageHeader
        title="企业档案"
        description={
          <>
            一企一档：政策匹配所依据的本企业数据（只读），每项注明数据来源。来自部门数据来源的数据有误，可提出数据异议，由来源部门核实更正（
            <Link to="/ent/corrections">我的数据异议</Link>）。
          </>
        }
      />
      <QueryState query={me}>
        {(e) => (
          <>
            <Card size="small" title={e.name} style={{ marginBottom: 12 }}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="统一社会信用代码">{e.creditCode}</Descriptions.Item>
                {registry
                  .filter((f) => f.key !== 'name' && f.key !== 'tags')
                  .flatMap((f) => describeFacts(e, [f], names).map(([label, text]) => ({ f, label, text })))
                  .map(({ f, label, text }) => {
                    const prov = e.provenance?.find((p) => p.fact === f.key);
                    return (
                      <Descriptions.Item key={label} label={label}>
                        <div data-testid={`fact-${f.key}`}>
                          <div>{text}</div>
                          {prov ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {provenanceText(prov)}
                            </Typography.Text>
                          ) : null}
                          {disputable(prov) ? (
                            <div>
                              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setDisputing({ provenance: prov!, text })}>
                                数据有误？提出异议
                              </Button>
                            </div>
                          ) : null}
                        </div>
                      </Descriptions.Item>
                    );
                  })}
                <Descriptions.Item label="收款账户">{e.bankAccountMasked ? `${e.bankAccountMasked}（${e.bankName ?? '开户行未填'}）` : '未登记'}</Descriptions.Item>
                <Descriptions.Item label="联系人">{e.contactName ?? '—'} {e.contactPhoneMasked ?? ''}</Descriptions.Item>
                <Descriptions.Item label="档案版本">第 {e.version} 版，更新于 {time(e.updatedAt)}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title="企业标签" style={{ marginBottom: 12 }}>
              {e.tags.length ? (
                <Space size={[4, 8]} wrap>
                  {e.tags.map((t) => <Tag key={t} color="blue">{names.tags.get(t) ?? t}</Tag>)}
                </Space>
              ) : (
                <Typography.Text type="secondary">暂无标签</Typography.Text>
              )}
            </Card>
            <History id={e.id} registry={registry} names={names} />
            {disputing ? (
              <CorrectionDialog
                provenance={disputing.provenance}
                def={registry.find((f) => f.key === disputing.provenance.fact)}
                currentText={disputing.text}
                onClose={() => setDisputing(null)}
              />
            ) : null}
          </>
        )}
      </QueryState>
    </>
  );
}

function History({ id, registry, names }: { id: string; registry: Parameters<typeof describeFacts>[1]; names: Parameters<typeof describeFacts>[2] }) {
  const { pagination } = usePageParams(10);
  const history = useQuery({
    queryKey: ['enterprise', id, 'history'],
    queryFn: () => call(api.GET('/api/v1/enterprises/{id}/history', { params: { path: { id } } })),
  });
  return (
    <Card size="small" title="变更历史" styles={{ body: { padding: '0 12px' } }}>
      <QueryState query={history} isEmpty={(h) => h.length === 0} emptyText="暂无变更记录">
        {(h) => (
          <List
            dataSource={h}
            pagination={listPagination(pagination(h.length))}
            renderItem={(v) => {
              const facts: Record<string, unknown> = v.facts;
              const changed = v.changedFacts.length && v.version > 1 ? Object.fromEntries(v.changedFacts.map((k) => [k, facts[k]])) : {};
              const rows = describeFacts(changed, registry, names);
              return (
                <List.Item key={v.version} data-testid="profile-version">
                  <List.Item.Meta
                    title={
                      <Space size={4} wrap>
                        <span>第 {v.version} 版</span>
                        <Tag color={v.changedBy === 'person' ? 'orange' : 'default'}>{v.changedBy === 'person' ? '人工修改' : '数据来源'}</Tag>
                      </Space>
                    }
                    description={`${time(v.validFrom)}${v.actorName ? ` · ${v.actorName}` : ''}${v.reason ? ` · ${v.reason}` : ''}`}
                  />
                  {rows.length ? (
                    <div>{rows.map(([label, text]) => <div key={label}>{label}：{text}</div>)}</div>
                  ) : (
                    <Typography.Text type="secondary">{v.version === 1 ? '建档（初始数据）' : v.changedFacts.join('、') || '无字段变化'}</Typography.Text>
                  )}
                </List.Item>
              );
            }}
          />
        )}
      </QueryState>
    </Card>
  );
}
