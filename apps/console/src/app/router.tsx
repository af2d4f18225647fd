import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, useRouteError } from 'react-router';
import { AuthProvider } from '../auth/AuthProvider';
import { RequireAuth } from '../auth/RequireAuth';
import { ErrorResult } from '../components/ErrorResult';
import { PageSpinner } from '../components/PageSpinner';
import { PublicLayout } from '../layouts/PublicLayout';
import { NotFoundPage } from '../pages/NotFoundPage';

// Code-split: each public page is its own chunk; each signed-in role group is one chunk, fetched
// the first time someone of that group opens a page (bench:console measures them).
const SearchPage = lazy(() => import('../pages/public/SearchPage'));
const PolicyDetailPage = lazy(() => import('../pages/public/PolicyDetailPage'));
const ItemPolicyPage = lazy(() => import('../pages/public/PolicyDetailPage').then((m) => ({ default: m.ItemPolicyPage })));
const CalculatorPage = lazy(() => import('../pages/public/CalculatorPage'));
const DisclosuresPage = lazy(() => import('../pages/public/DisclosuresPage'));
const DisclosureRoundPage = lazy(() => import('../pages/public/DisclosureRoundPage'));
const ReceptionNoticesPage = lazy(() => import('../pages/public/ReceptionNoticesPage'));
const LoginPage = lazy(() => import('../pages/LoginPage'));
// The signed-in layouts (menus, drawer) load with the first signed-in page, not with the portal.
const EnterpriseLayout = lazy(() => import('../layouts/EnterpriseLayout').then((m) => ({ default: m.EnterpriseLayout })));
const StaffLayout = lazy(() => import('../layouts/StaffLayout').then((m) => ({ default: m.StaffLayout })));
const EnterpriseRoutes = lazy(() => import('../pages/enterprise/EnterpriseRoutes'));
const DepartmentRoutes = lazy(() => import('../pages/department/DepartmentRoutes'));
const FinanceRoutes = lazy(() => import('../pages/finance/FinanceRoutes'));
const LeaderRoutes = lazy(() => import('../pages/leader/LeaderRoutes'));
const AuditRoutes = lazy(() => import('../pages/audit/AuditRoutes'));
const AppealsRoutes = lazy(() => import('../pages/appeals/AppealsRoutes'));
const EnterpriseAppealsRoutes = lazy(() => import('../pages/enterprise/appeals/EnterpriseAppealsRoutes'));

const page = (node: ReactNode) => <Suspense fallback={<PageSpinner />}>{node}</Suspense>;

function Root() {
  return (
    <AuthProvider>
      <Outlet />
    </AuthProvider>
  );
}

function RouteError() {
  return <ErrorResult error={useRouteError()} onRetry={() => window.location.reload()} />;
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { index: true, element: page(<SearchPage />) },
          { path: 'policies', element: page(<SearchPage />) },
          { path: 'policies/:policyId', element: page(<PolicyDetailPage />) },
          { path: 'items/:itemId', element: page(<ItemPolicyPage />) },
          { path: 'calculator', element: page(<CalculatorPage />) },
          { path: 'disclosures', element: page(<DisclosuresPage />) },
          { path: 'disclosures/:roundId', element: page(<DisclosureRoundPage />) },
          { path: 'reception-days', element: page(<ReceptionNoticesPage />) },
          { path: 'login', element: page(<LoginPage />) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
      {
        path: 'ent',
        element: <RequireAuth area="enterprise">{page(<EnterpriseLayout />)}</RequireAuth>,
        children: [
          { index: true, element: page(<EnterpriseRoutes />) },
          { path: 'appeals/*', element: page(<EnterpriseAppealsRoutes />) },
          { path: '*', element: page(<EnterpriseRoutes />) },
        ],
      },
      {
        path: 'staff',
        element: <RequireAuth area="staff">{page(<StaffLayout />)}</RequireAuth>,
        children: [
          { index: true, element: <Navigate to="/login" replace /> },
          { path: 'dept/*', element: page(<DepartmentRoutes />) },
          { path: 'finance/*', element: page(<FinanceRoutes />) },
          { path: 'leader/*', element: page(<LeaderRoutes />) },
          { path: 'audit/*', element: page(<AuditRoutes />) },
          { path: 'appeals/*', element: page(<AppealsRoutes />) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
