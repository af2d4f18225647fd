import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Descriptions, Select, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { toApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen } from '../../lib/money';
import { saveBlob } from '../../lib/save-blob';
import { param } from './format';
import type { ReportGrouping } from '../../api/types';

const GROUPINGS: Array<{ value: ReportGrouping; label: string }> = [
  { value: 'item', label: '按事项' },
  { value: 'department', label: '按部门' },
  { value: 'district', label: '按区县' },
  { value: 'day', label: '按日' },
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 兑付报表: settled payouts grouped by item, department, district or day, with the XLSX download. */
export default function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const { pagination } = usePageParams(20);
  const groupBy = (GROUPINGS.find((g) => g.value === params.get('groupBy'))?.value ?? 'item') as ReportGrouping;
  const from = DATE.test(params.get('from') ?? '') ? param(params, 'from') : undefined;
  const to = DATE.test(params.get('to') ?? '') ? param(params, 'to') : undefined;
  const report = useQuery({
    queryKey: ['payouts', 'report', groupBy, from, to],
    queryFn: () => call(api.GET('/api/v1/payouts/reports/paid', { params: { query: { groupBy, from, to } } })),
  });
  // The file needs the bearer token: fetched through the client (its auth middleware), saved as a blob.
  const download = useMutation({
    mutationFn: async () => {
      const { data, response } = await api.GET('/api/v1/payouts/reports/paid.xlsx', { params: { query: { from, to } }, parseAs: 'blob' });
      if (!response.ok || !(data instanceof Blob)) throw toApiError(response.status, undefined);
      saveBlob(data, `兑付统计${from ? `-${from}` : ''}${to ? `-${to}` : ''}.xlsx`);
    },
  });
  const set = (entries: Record<string, string | undefined>) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(entries)) {
        if (v) p.set(k, v);
        else p.delete(k);
      }
      p.set('page', '1');
      return p;
    });
  return (
    <>
      <PageHeader
        title="兑付报表"
        description="已到账的兑付，按事项、部门、区县或日期汇总（到账日期，北京时间）。"
        extra={
          <Button type="primary" loading={download.isPending} onClick={() => download.mutate()}>
            下载 XLSX
          </Button>
        }
      />
      <ErrorAlert error={download.error} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label="汇总方式" style={{ width: 140 }} value={groupBy} onChange={(v: ReportGrouping) => set({ groupBy: v })} options={GROUPINGS} />
        <DatePicker.RangePicker
          aria-label="到账日期"
          value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
          onChange={(range) => set({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
          allowEmpty={[true, true]}
        />
      </Space>
      <QueryState query={report} isEmpty={(d) => d.rows.length === 0} emptyText="所选期间没有已到账的兑付">
        {(d) => (
          <>
            <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label="笔数">{d.count}</Descriptions.Item>
              <Descriptions.Item label="金额">{formatFen(d.totalFen)}</Descriptions.Item>
              {d.withoutDistrict ? <Descriptions.Item label="未记录区县（不计入）">{d.withoutDistrict} 笔</Descriptions.Item> : null}
            </Descriptions>
            <Table
              rowKey="key"
              dataSource={d.rows}
              pagination={pagination(d.rows.length)}
              columns={[
                { title: GROUPINGS.find((g) => g.value === groupBy)?.label.slice(1) ?? '分组', dataIndex: 'label' },
                { title: '代码', dataIndex: 'key' },
                { title: '笔数', dataIndex: 'count', align: 'right' },
                { title: '金额', dataIndex: 'totalFen', align: 'right', render: (v: number) => formatFen(v) },
              ]}
            />
          </>
        )}
      </QueryState>
    </>
  );
}
