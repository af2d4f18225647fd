import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { AppealsTable } from './AppealsTable';
import { RecordAppealDialog } from './RecordAppealDialog';

/** 诉求台账: every appeal in the viewer's scope, filtered and paged, exportable as XLSX; supervisors also record appeals heard offline. */
export default function LedgerPage() {
  const { user } = useAuth();
  return (
    <>
      <PageHeader title="诉求台账" description="点击编号进入预研、交办与督办。" extra={user?.role === 'supervisor' ? <RecordAppealDialog detailBase="/staff/appeals/ledger" /> : null} />
      <AppealsTable detailBase="/staff/appeals/ledger" exportable />
    </>
  );
}
