import { GroupRoutes } from '../GroupRoutes';

/**
 * The audit pages, loaded as one chunk when a audit user first opens one. Add a built page here:
 * `pages={{ '<path from NAV_PAGES>': <YourPage /> }}` (see apps/console/README.md).
 */
export default function AuditRoutes() {
  return <GroupRoutes group="audit" />;
}
