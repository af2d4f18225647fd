import { Route, Routes } from 'react-router';
import { RequirePage } from '../../auth/RequireAuth';
import { GroupRoutes } from '../GroupRoutes';
import ApplicationDetailPage from './ApplicationDetailPage';
import CorrectionsPage from './CorrectionsPage';
import MyApplicationsPage from './ApplicationsPage';
import EnterpriseHomePage from './HomePage';
import MyPoliciesPage from './PoliciesPage';
import MyPolicyDetailPage from './PolicyDetailPage';
import ProfilePage from './ProfilePage';
import ReceptionPage from './ReceptionPage';

/**
 * The enterprise pages, loaded as one chunk when an enterprise user first opens one: the NAV_PAGES
 * pages through GroupRoutes, and the detail pages under their lists (guarded as the list).
 */
export default function EnterpriseRoutes() {
  return (
    <Routes>
      <Route path="policies/:itemId" element={<RequirePage path="/ent/policies"><MyPolicyDetailPage /></RequirePage>} />
      <Route path="applications/:id" element={<RequirePage path="/ent/applications"><ApplicationDetailPage /></RequirePage>} />
      <Route
        path="*"
        element={
          <GroupRoutes
            group="enterprise"
            pages={{
              '/ent': <EnterpriseHomePage />,
              '/ent/policies': <MyPoliciesPage />,
              '/ent/applications': <MyApplicationsPage />,
              '/ent/reception': <ReceptionPage />,
              '/ent/profile': <ProfilePage />,
              '/ent/corrections': <CorrectionsPage />,
            }}
          />
        }
      />
    </Routes>
  );
}
