import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useI18n } from '../platform/i18n.tsx';
import { common } from '../platform/messages.ts';
import { partiesOf, useSession, type Me, type Party } from '../platform/session.tsx';
import { shell } from './messages.ts';
import { PublicLayout } from './public-layout.tsx';
import { WORKSPACE_KEY } from './workspace-layout.tsx';

export function FullPageSpin() {
  return (
    <div className="full-page-spin">
      <Spin size="large" />
    </div>
  );
}

/** Organisations still in registration can only use the registration status page. */
export function isInRegistration(me: Me): boolean {
  return ['draft', 'pending_review', 'rejected'].includes(me.organization.status);
}

/** Where a signed-in user lands: the last workspace used, else the first the organisation has. */
export function homePath(me: Me): string {
  if (isInRegistration(me)) return '/registration';
  const parties = partiesOf(me.organization);
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(WORKSPACE_KEY);
  } catch {
    // none remembered
  }
  const party = parties.find((p) => p === stored) ?? parties[0];
  return party ? `/${party}` : '/no-workspace';
}

function signInPath(pathname: string, search: string): string {
  const next = pathname + search;
  return next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
}

/**
 * Lets through a session that has passed MFA. `anyOrgStatus` also lets organisations still in
 * registration (or suspended) through; otherwise they go to the registration page or the notice.
 */
export function RequireSession({ children, anyOrgStatus = false }: { children: ReactNode; anyOrgStatus?: boolean }) {
  const { status, me } = useSession();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpin />;
  if (!me) return <Navigate to={signInPath(location.pathname, location.search)} replace />;
  if (!me.mfa.passed) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!anyOrgStatus) {
    if (isInRegistration(me)) return <Navigate to="/registration" replace />;
    if (me.organization.status === 'suspended') return <SuspendedNotice me={me} />;
  }
  return <>{children}</>;
}

/** A workspace the organisation does not have (a buyer opening /supplier) goes home instead. */
export function RequireParty({ party, children }: { party: Party; children: ReactNode }) {
  const { me } = useSession();
  if (me && !partiesOf(me.organization).includes(party)) return <Navigate to={homePath(me)} replace />;
  return <>{children}</>;
}

export function RootRedirect() {
  const { status, me } = useSession();
  if (status === 'loading') return <FullPageSpin />;
  if (!me || !me.mfa.passed) return <Navigate to="/sign-in" replace />;
  return <Navigate to={homePath(me)} replace />;
}

export function SuspendedNotice({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const { signOut } = useSession();
  const org = lang === 'en' && me.organization.nameEn ? me.organization.nameEn : me.organization.name;
  return (
    <PublicLayout>
      <Result
        status="warning"
        title={t(shell.suspendedTitle)}
        subTitle={t(shell.suspendedDetail, { org, reason: me.organization.reviewNote || t(shell.noReason) })}
        extra={<Button onClick={() => void signOut()}>{t(common.signOut)}</Button>}
      />
    </PublicLayout>
  );
}

export function NoWorkspace() {
  const { t } = useI18n();
  const { signOut } = useSession();
  return (
    <PublicLayout>
      <Result status="info" title={t(shell.noWorkspaceTitle)} subTitle={t(shell.noWorkspaceDetail)} extra={<Button onClick={() => void signOut()}>{t(common.signOut)}</Button>} />
    </PublicLayout>
  );
}
