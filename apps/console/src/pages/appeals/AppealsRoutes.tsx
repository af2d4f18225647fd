import { Route, Routes } from 'react-router';
import { RequirePage } from '../../auth/RequireAuth';
import { GroupRoutes } from '../GroupRoutes';
import AppealDetailPage from './AppealDetailPage';
import CategoriesPage from './CategoriesPage';
import FollowUpsPage from './FollowUpsPage';
import HandlingPage from './HandlingPage';
import LedgerPage from './LedgerPage';
import NoticesPage from './NoticesPage';
import { OfficerFirmsPage, OfficerTasksPage, OfficerVisitsPage } from './OfficerPages';
import OverduePage from './OverduePage';
import PolicyFlagsPage from './PolicyFlagsPage';
import PolicyThemesPage from './PolicyThemesPage';
import RankingPage from './RankingPage';
import { ReceptionDayPage, ReceptionDaysPage } from './ReceptionPages';

const PAGES = {
  '/staff/appeals/ledger': <LedgerPage />,
  '/staff/appeals/reception': <ReceptionDaysPage />,
  '/staff/appeals/overdue': <OverduePage />,
  '/staff/appeals/follow-ups': <FollowUpsPage />,
  '/staff/appeals/ranking': <RankingPage />,
  '/staff/appeals/themes': <PolicyThemesPage />,
  '/staff/appeals/handling': <HandlingPage />,
  '/staff/appeals/flags': <PolicyFlagsPage />,
  '/staff/appeals/officer/tasks': <OfficerTasksPage />,
  '/staff/appeals/officer/firms': <OfficerFirmsPage />,
  '/staff/appeals/officer/visits': <OfficerVisitsPage />,
  '/staff/appeals/categories': <CategoriesPage />,
  '/staff/appeals/notices': <NoticesPage />,
};

/** One appeal opened from a list: guarded by the list's roles, back link to it. */
const detail = (list: string, title: string) => (
  <RequirePage path={list}>
    <AppealDetailPage backTo={list} backTitle={title} />
  </RequirePage>
);

/**
 * The appeals (诉求) staff pages — supervisors, department handlers, officers, leaders and
 * auditors — loaded as one chunk. Detail routes sit under their lists.
 */
export default function AppealsRoutes() {
  return (
    <Routes>
      <Route path="ledger/:id" element={detail('/staff/appeals/ledger', '诉求台账')} />
      <Route path="reception/:id" element={<RequirePage path="/staff/appeals/reception"><ReceptionDayPage /></RequirePage>} />
      <Route path="overdue/:id" element={detail('/staff/appeals/overdue', '超期与督办')} />
      <Route path="handling/:id" element={detail('/staff/appeals/handling', '交办诉求')} />
      <Route path="officer/tasks/:id" element={detail('/staff/appeals/officer/tasks', '任务清单')} />
      <Route path="*" element={<GroupRoutes group="appeals" pages={PAGES} />} />
    </Routes>
  );
}
