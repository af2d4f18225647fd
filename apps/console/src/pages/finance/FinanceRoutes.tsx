import { Route, Routes } from 'react-router';
import { RequirePage } from '../../auth/RequireAuth';
import { GroupRoutes } from '../GroupRoutes';
import BatchDetailPage from './BatchDetailPage';
import BatchesPage from './BatchesPage';
import LedgerPage from './LedgerPage';
import PoolDetailPage from './PoolDetailPage';
import PoolMovementsPage from './PoolMovementsPage';
import PoolsPage from './PoolsPage';
import ReadyPage from './ReadyPage';
import ReconciliationPage from './ReconciliationPage';
import ReportsPage from './ReportsPage';

/**
 * The finance pages (兑付中心), loaded as one chunk when a finance user first opens one. The batch
 * detail sits under the list's path and is guarded like the list.
 */
export default function FinanceRoutes() {
  return (
    <Routes>
      <Route
        path="batches/:id"
        element={
          <RequirePage path="/staff/finance/batches">
            <BatchDetailPage />
          </RequirePage>
        }
      />
      <Route
        path="pools/:id"
        element={
          <RequirePage path="/staff/finance/pools">
            <PoolDetailPage />
          </RequirePage>
        }
      />
      <Route
        path="*"
        element={
          <GroupRoutes
            group="finance"
            pages={{
              '/staff/finance/ready': <ReadyPage />,
              '/staff/finance/batches': <BatchesPage />,
              '/staff/finance/pools': <PoolsPage />,
              '/staff/finance/pool-movements': <PoolMovementsPage />,
              '/staff/finance/reconciliation': <ReconciliationPage />,
              '/staff/finance/ledger': <LedgerPage />,
              '/staff/finance/reports': <ReportsPage />,
            }}
          />
        }
      />
    </Routes>
  );
}
