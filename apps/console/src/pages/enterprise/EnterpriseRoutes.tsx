import { GroupRoutes } from '../GroupRoutes';

/**
 * The enterprise pages, loaded as one chunk when a enterprise user first opens one. Add a built page here:
 * `pages={{ '<path from NAV_PAGES>': <YourPage /> }}` (see apps/console/README.md).
 */
export default function EnterpriseRoutes() {
  return <GroupRoutes group="enterprise" />;
}
