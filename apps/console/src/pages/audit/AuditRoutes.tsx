import { GroupRoutes } from '../GroupRoutes';
import AuditLogPage from './AuditLogPage';

/** The audit pages, loaded as one chunk when an auditor first opens one. */
export default function AuditRoutes() {
  return <GroupRoutes group="audit" pages={{ '/staff/audit/log': <AuditLogPage /> }} />;
}
