import { useQuery } from '@tanstack/react-query';
import { Table, Typography } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import type { DisclosureRound } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { namesOf, usePublicCatalogue } from './usePublicData';

/** 兑现公示: every 公示 list now open; the public may object within the period. */
export default function DisclosuresPage() {
  const rounds = useQuery({ queryKey: ['public', 'disclosures'], queryFn: () => call(api.GET('/api/v1/disclosures')) });
  const departments = namesOf(usePublicCatalogue().data?.departments);
  const { pagination } = usePageParams(20);
  useEffect(() => {
    document.title = '兑现公示 · 亲清在线';
  }, []);
  return (
    <>
      <PageHeader title="惠企政策兑现公示" description="以下为公示期内的拟兑现名单。对名单有异议的，可在公示期内实名提出，主管部门将核查处理。" />
      <QueryState query={rounds} isEmpty={(d) => d.length === 0} emptyText="当前没有公示中的名单">
        {(d) => (
          <Table<DisclosureRound>
            rowKey="id"
            dataSource={d}
            pagination={pagination(d.length)}
            scroll={{ x: 600 }}
            columns={[
              { title: '兑现事项', dataIndex: 'itemName', render: (v: string, r) => <Link to={`/disclosures/${r.id}`}>{v}</Link> },
              { title: '主管部门', dataIndex: 'departmentCode', render: (v: string) => departments.get(v) ?? v },
              { title: '企业数', dataIndex: 'entries', align: 'right' },
              { title: '公示期', key: 'period', render: (_, r) => <Typography.Text>{r.openedAt.slice(0, 10)} 至 {r.endsAt.slice(0, 10)}</Typography.Text> },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
