import { PageHeader } from '../../components/PageHeader';
import { useAuth } from '../../auth/AuthProvider';
import { AppealsTable } from './AppealsTable';

/** 交办诉求: appeals assigned to the signed-in department, as lead or co-unit. */
export default function HandlingPage() {
  const { user } = useAuth();
  const department = user?.departmentCode ?? undefined;
  return (
    <>
      <PageHeader title="交办诉求" description="交办给本部门（牵头或协办）的诉求：签收后报送进展并按时答复企业。" />
      <AppealsTable detailBase="/staff/appeals/handling" fixed={department ? { department } : {}} filters={['state', 'overdue', 'q']} exportable emptyText="暂无交办给本部门的诉求" />
    </>
  );
}
