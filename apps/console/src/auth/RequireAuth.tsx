import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { canOpen } from '../app/navigation';
import { useAuth } from './AuthProvider';
import { sessionExpired } from './session';
import { StatusPanel } from '../components/StatusPanel';

/**
 * Signed-in pages: without a session → the login page (saying so when the session ran out), and
 * back here afterwards; with the wrong role → a 403 page, never another role's screen.
 */
export function RequireAuth({ area, children }: { area: 'enterprise' | 'staff'; children: ReactNode }) {
  const { user, ended } = useAuth();
  const location = useLocation();
  if (!user) {
    if (ended === 'loggedOut') return <Navigate to="/login?loggedOut=1" replace />;
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/login?${ended === 'expired' || sessionExpired() ? 'expired=1&' : ''}next=${next}`} replace />;
  }
  if ((area === 'enterprise') !== (user.role === 'enterprise')) return <Forbidden />;
  return children;
}

/** One page of a group: the role must be allowed to open it. */
export function RequirePage({ path, children }: { path: string; children: ReactNode }) {
  const { user } = useAuth();
  if (!user || !canOpen(user.role, path)) return <Forbidden />;
  return children;
}

export function Forbidden() {
  return <StatusPanel kind="403" title="无权访问" subTitle="当前账号的角色不能打开此页面。" />;
}
