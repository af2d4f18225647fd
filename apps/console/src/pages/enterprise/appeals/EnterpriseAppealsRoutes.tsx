import { Route, Routes } from 'react-router';
import { RequirePage } from '../../../auth/RequireAuth';
import { NotFoundPage } from '../../NotFoundPage';

/** 我的诉求 (enterprise, 375 px first): list, submit form, detail with the timeline. Its own chunk, mounted at /ent/appeals/*. */
export default function EnterpriseAppealsRoutes() {
  return (
    <Routes>
      <Route index element={<RequirePage path="/ent/appeals">{null}</RequirePage>} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
