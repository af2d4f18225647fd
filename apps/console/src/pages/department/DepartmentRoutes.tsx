import { GroupRoutes } from '../GroupRoutes';

/**
 * The department pages, loaded as one chunk when a department user first opens one. Add a built page here:
 * `pages={{ '<path from NAV_PAGES>': <YourPage /> }}` (see apps/console/README.md).
 */
export default function DepartmentRoutes() {
  return <GroupRoutes group="department" />;
}
