import { useQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import { api, call } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { formatFen } from '../../lib/money';
import { dateTime } from './format';
import { ACCOUNT_LABELS, JOURNAL_KIND_LABELS } from './labels';

/** 记账分录 of one instruction: each posting with its debit (+) and credit (−) lines. */
export function JournalTable({ instructionId }: { instructionId: string }) {
  const journal = useQuery({
    queryKey: ['payouts', 'journal', instructionId],
    queryFn: () => call(api.GET('/api/v1/payouts/instructions/{id}/journal', { params: { path: { id: instructionId } } })),
  });
  return (
    <QueryState query={journal} rows={2} isEmpty={(d) => d.length === 0} emptyText="尚无记账分录（复核通过后占用预算）">
      {(d) => (
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.kind}-${r.postedAt}-${r.account}`}
          dataSource={d.flatMap((e) => e.lines.map((l) => ({ kind: e.kind, postedAt: e.postedAt, ...l })))}
          columns={[
            { title: '分录', dataIndex: 'kind', render: (v: string) => JOURNAL_KIND_LABELS[v] ?? v },
            { title: '记账时间', dataIndex: 'postedAt', render: dateTime },
            { title: '科目', dataIndex: 'account', render: (v: string) => ACCOUNT_LABELS[v] ?? v },
            { title: '借方', dataIndex: 'amountFen', align: 'right', render: (v: number) => (v > 0 ? formatFen(v) : '') },
            { title: '贷方', key: 'credit', align: 'right', render: (_, r) => (r.amountFen < 0 ? formatFen(-r.amountFen) : '') },
          ]}
        />
      )}
    </QueryState>
  );
}
