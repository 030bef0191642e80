import { Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { PARTIES, useSession } from '../platform/session.tsx';
import { MODULES } from '../modules.ts';
import { FullPageSpin, NoWorkspace, RequireParty, RequireSession, RootRedirect } from './guards.tsx';
import { HomePage } from './home-page.tsx';
import { Forbidden, NotFound } from './page.tsx';
import type { PageDef } from './registry.ts';
import { WorkspaceLayout } from './workspace-layout.tsx';

function GuardedPage({ page }: { page: PageDef }) {
  const { can } = useSession();
  if (!can(page.permission)) return <Forbidden />;
  const Component = page.component;
  return <Component />;
}

/** All routes, built from the module registry: public pages, then one subtree per workspace. */
export function AppRoutes() {
  const routes = MODULES.flatMap((m) => m.routes ?? []);
  const pages = MODULES.flatMap((m) => m.pages);
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Routes>
        <Route path="/" element={<RootRedirect />} />
        {routes.map((r) => {
          const Component = r.component;
          return (
            <Route
              key={r.path}
              path={r.path}
              element={
                r.access === 'public' ? (
                  <Component />
                ) : (
                  <RequireSession anyOrgStatus>
                    <Component />
                  </RequireSession>
                )
              }
            />
          );
        })}
        <Route
          path="/no-workspace"
          element={
            <RequireSession>
              <NoWorkspace />
            </RequireSession>
          }
        />
        {PARTIES.map((party) => (
          <Route
            key={party}
            path={`/${party}`}
            element={
              <RequireSession>
                <RequireParty party={party}>
                  <WorkspaceLayout party={party} />
                </RequireParty>
              </RequireSession>
            }
          >
            <Route index element={<HomePage party={party} />} />
            {pages
              .filter((p) => p.parties.includes(party))
              .map((p) => (
                <Route key={p.path} path={p.path} element={<GuardedPage page={p} />} />
              ))}
            <Route path="*" element={<NotFound />} />
          </Route>
        ))}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}
