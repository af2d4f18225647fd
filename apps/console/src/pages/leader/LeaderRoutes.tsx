import { GroupRoutes } from '../GroupRoutes';

/**
 * The leader pages, loaded as one chunk when a leader user first opens one. Add a built page here:
 * `pages={{ '<path from NAV_PAGES>': <YourPage /> }}` (see apps/console/README.md).
 */
export default function LeaderRoutes() {
  return <GroupRoutes group="leader" />;
}
