import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Table } from 'antd';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { formatFen } from '../../lib/money';
import type { LedgerBalance } from '../../api/types';

/** Roles the API lets run the ledger check. */
const CHECKERS = new Set(['finance_checker', 'auditor', 'leader', 'admin']);

function CheckResult() {
  const check = useQuery({ queryKey: ['payouts', 'ledger-check'], queryFn: () => call(api.GET('/api/v1/payouts/ledger/check')) });
  return (
    <QueryState query={check} rows={3}>
      {(c) => (
        <>
          <Alert
            type={c.ok ? 'success' : 'error'}
            showIcon
            title={c.ok ? '校验通过：借贷平衡，账实相符' : '校验未通过：请核查下列差异'}
            style={{ marginBottom: 16 }}
          />
          <Descriptions column={3} size="small" bordered>
            <Descriptions.Item label="分录数">{c.entries}</Descriptions.Item>
            <Descriptions.Item label="分录行数">{c.lines}</Descriptions.Item>
            <Descriptions.Item label="借贷合计（应为 0）">{formatFen(c.totalFen)}</Descriptions.Item>
            <Descriptions.Item label="不平衡分录">{c.unbalancedEntries.length}</Descriptions.Item>
            <Descriptions.Item label="余额与指令状态不符">{c.balanceMismatches.length}</Descriptions.Item>
            <Descriptions.Item label="资金池占用不符">{c.poolMismatches.length}</Descriptions.Item>
            <Descriptions.Item label="重复记账">{c.duplicatePostings}</Descriptions.Item>
            <Descriptions.Item label="重复支付">{c.doublePayments.length}</Descriptions.Item>
            <Descriptions.Item label="未经银行确认的退回">{c.unconfirmedLateReturns.length}</Descriptions.Item>
            <Descriptions.Item label="银行清算余额">{formatFen(c.bankClearingFen)}</Descriptions.Item>
          </Descriptions>
          {c.balanceMismatches.length ? (
            <Table
              style={{ marginTop: 16 }}
              size="small"
              rowKey={(r) => `${r.fundPoolId}-${r.account}`}
              pagination={false}
              dataSource={c.balanceMismatches}
              columns={[
                { title: '资金池', dataIndex: 'fundPoolId' },
                { title: '科目', dataIndex: 'account' },
                { title: '账面', dataIndex: 'ledgerFen', align: 'right', render: (v: number) => formatFen(v) },
                { title: '应为', dataIndex: 'expectedFen', align: 'right', render: (v: number) => formatFen(v) },
              ]}
            />
          ) : null}
        </>
      )}
    </QueryState>
  );
}

/** 账务余额: double-entry balances per fund pool and account, and the invariant check. */
export default function LedgerPage() {
  const { user } = useAuth();
  const { pagination } = usePageParams(20);
  const balances = useQuery({
    queryKey: ['payouts', 'ledger-balances'],
    // fundPoolId is optional in the controller (all pools when absent); the document marks it required
    queryFn: () => call(api.GET('/api/v1/payouts/ledger/balances', { params: { query: {} as { fundPoolId: string } } })),
  });
  return (
    <>
      <PageHeader title="账务余额" description="复式记账：各资金池各科目余额（借方为正），以及总账校验结果。" />
      <Card title="总账校验" style={{ marginBottom: 16 }}>
        {user && CHECKERS.has(user.role) ? <CheckResult /> : <Alert type="info" showIcon title="总账校验由财政复核、审计或领导执行" />}
      </Card>
      <Card title="科目余额">
        <QueryState query={balances} isEmpty={(d) => d.items.length === 0} emptyText="尚无记账分录">
          {(d) => (
            <Table<LedgerBalance>
              rowKey={(r) => `${r.fundPoolId}-${r.account}`}
              dataSource={d.items}
              pagination={pagination(d.items.length)}
              columns={[
                { title: '资金池', dataIndex: 'fundPoolId' },
                { title: '科目', dataIndex: 'accountLabel' },
                { title: '余额', dataIndex: 'balanceFen', align: 'right', render: (v: number) => formatFen(v) },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
