import { PageHeader } from '../../components/PageHeader';
import { AppealsTable } from './AppealsTable';

/** 诉求台账: every appeal in the viewer's scope, filtered and paged, exportable as XLSX. */
export default function LedgerPage() {
  return (
    <>
      <PageHeader title="诉求台账" description="点击编号进入预研、交办与督办。" />
      <AppealsTable detailBase="/staff/appeals/ledger" exportable />
    </>
  );
}
