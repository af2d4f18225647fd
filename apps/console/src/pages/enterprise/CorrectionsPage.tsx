import { useQuery } from '@tanstack/react-query';
import { List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { enteredValueText, storedValueText } from '../../lib/data-corrections';
import { useFacts } from '../public/usePublicData';
import { listPagination } from './entApi';

export const CORRECTION_STATE_COLORS: Record<string, string> = { pending: 'processing', accepted: 'success', rejected: 'default' };
const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

/** 我的数据异议: the firm's correction requests with their state and the department's answer. */
export default function CorrectionsPage() {
  const { page, pageSize, pagination } = usePageParams(10);
  const facts = useFacts();
  const list = useQuery({
    queryKey: ['data-corrections', 'mine', page, pageSize],
    queryFn: () => call(api.GET('/api/v1/data-corrections', { params: { query: { page, pageSize } } })),
  });
  const def = (key: string) => facts.data?.find((f) => f.key === key);
  return (
    <>
      <PageHeader title="数据异议" description={<>对企业档案中来自部门数据来源的数据提出的异议及核实结果。在 <Link to="/ent/profile">企业档案</Link> 中对某项数据提出新的异议。</>} />
      <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText="暂无数据异议">
        {(d) => (
          <List
            dataSource={d.items}
            pagination={listPagination(pagination(d.total))}
            renderItem={(c) => (
              <List.Item key={c.id} data-testid="correction">
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      <span>{c.factLabel}</span>
                      <Tag color={CORRECTION_STATE_COLORS[c.state]}>{c.stateLabel}</Tag>
                    </Space>
                  }
                  description={`${c.departmentName} 核实 · 提交于 ${time(c.createdAt)}`}
                />
                <div>
                  <div>原值：{storedValueText(c.currentValue, def(c.fact))}</div>
                  <div>主张值：{enteredValueText(c.claimedValue, def(c.fact))}</div>
                  <div>理由：{c.evidence}</div>
                  {c.attachmentName ? <div>证明材料：{c.attachmentName}</div> : null}
                  {c.state === 'accepted' ? <div>更正后：{storedValueText(c.correctedValue, def(c.fact))}</div> : null}
                  {c.resolution ? (
                    <Typography.Text type={c.state === 'rejected' ? 'warning' : 'secondary'}>
                      处理意见：{c.resolution}
                      {c.resolvedAt ? `（${time(c.resolvedAt)}）` : ''}
                    </Typography.Text>
                  ) : null}
                </div>
              </List.Item>
            )}
          />
        )}
      </QueryState>
    </>
  );
}
