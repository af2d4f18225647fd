import { Route, Routes } from 'react-router';
import { RequirePage } from '../../auth/RequireAuth';
import { GroupRoutes } from '../GroupRoutes';
import ApplicationsPage from './ApplicationsPage';
import BatchesPage from './BatchesPage';
import CorrectionsPage from './CorrectionsPage';
import DataSourcesPage from './DataSourcesPage';
import DisclosuresPage from './DisclosuresPage';
import ItemEditorPage from './ItemEditorPage';
import PoliciesPage from './PoliciesPage';
import PolicyDetailPage from './PolicyDetailPage';
import ReviewPage from './ReviewPage';
import SupervisionPage from './SupervisionPage';
import TagsPage from './TagsPage';

const POLICIES = '/staff/dept/policies';

/**
 * The department pages, loaded as one chunk when a department user first opens one. The pages of
 * NAV_PAGES go through GroupRoutes; the detail routes under 政策与事项 are guarded like their list.
 */
export default function DepartmentRoutes() {
  return (
    <Routes>
      <Route path="policies/:policyId" element={<RequirePage path={POLICIES}><PolicyDetailPage /></RequirePage>} />
      <Route path="policies/:policyId/items/new" element={<RequirePage path={POLICIES}><ItemEditorPage /></RequirePage>} />
      <Route path="policies/:policyId/items/:itemId" element={<RequirePage path={POLICIES}><ItemEditorPage /></RequirePage>} />
      <Route
        path="*"
        element={
          <GroupRoutes
            group="department"
            pages={{
              [POLICIES]: <PoliciesPage />,
              '/staff/dept/review': <ReviewPage />,
              '/staff/dept/tags': <TagsPage />,
              '/staff/dept/applications': <ApplicationsPage />,
              '/staff/dept/batches': <BatchesPage />,
              '/staff/dept/disclosures': <DisclosuresPage />,
              '/staff/dept/supervision': <SupervisionPage />,
              '/staff/dept/corrections': <CorrectionsPage />,
              '/staff/dept/data-sources': <DataSourcesPage />,
            }}
          />
        }
      />
    </Routes>
  );
}
