import { Route, Routes } from 'react-router';
import { RequirePage } from '../../../auth/RequireAuth';
import { NotFoundPage } from '../../NotFoundPage';
import MyAppealDetailPage from './MyAppealDetailPage';
import MyAppealNoticesPage from './MyAppealNoticesPage';
import MyAppealsPage from './MyAppealsPage';
import SubmitAppealPage from './SubmitAppealPage';

/** 我的诉求 (enterprise, 375 px first): list, submit form, detail with the timeline. Its own chunk, mounted at /ent/appeals/*. */
export default function EnterpriseAppealsRoutes() {
  return (
    <Routes>
      <Route index element={<RequirePage path="/ent/appeals"><MyAppealsPage /></RequirePage>} />
      <Route path="new" element={<RequirePage path="/ent/appeals/new"><SubmitAppealPage /></RequirePage>} />
      <Route path="notices" element={<RequirePage path="/ent/appeals/notices"><MyAppealNoticesPage /></RequirePage>} />
      <Route path=":id" element={<RequirePage path="/ent/appeals"><MyAppealDetailPage /></RequirePage>} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
