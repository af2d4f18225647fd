import { GroupRoutes } from '../GroupRoutes';

/**
 * The finance pages, loaded as one chunk when a finance user first opens one. Add a built page here:
 * `pages={{ '<path from NAV_PAGES>': <YourPage /> }}` (see apps/console/README.md).
 */
export default function FinanceRoutes() {
  return <GroupRoutes group="finance" />;
}
