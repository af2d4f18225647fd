import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { NAV_PAGES, type PageGroup } from '../app/navigation';
import { RequirePage } from '../auth/RequireAuth';
import { NotFoundPage } from './NotFoundPage';
import { PlaceholderPage } from './PlaceholderPage';

export const GROUP_BASE: Record<PageGroup, string> = {
  enterprise: '/ent',
  department: '/staff/dept',
  finance: '/staff/finance',
  leader: '/staff/leader',
  audit: '/staff/audit',
  appeals: '/staff/appeals',
};

/**
 * The routes of one code-split group, from NAV_PAGES: each page guarded by its roles; a page with
 * no component yet shows its placeholder. A group module passes the pages it has built:
 *
 *   <GroupRoutes group="finance" pages={{ '/staff/finance/batches': <BatchesPage /> }} />
 */
export function GroupRoutes({ group, pages = {} }: { group: PageGroup; pages?: Record<string, ReactNode> }) {
  const base = GROUP_BASE[group];
  return (
    <Routes>
      {NAV_PAGES.filter((p) => p.group === group).map((p) => {
        const relative = p.path.slice(base.length).replace(/^\//, '');
        const element = <RequirePage path={p.path}>{pages[p.path] ?? <PlaceholderPage page={p} />}</RequirePage>;
        return relative ? <Route key={p.path} path={relative} element={element} /> : <Route key={p.path} index element={element} />;
      })}
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
