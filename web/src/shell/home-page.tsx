import { Card, Col, Empty, Row } from 'antd';
import { Suspense } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../platform/i18n.tsx';
import { useMe, useSession, type Party } from '../platform/session.tsx';
import { ErrorBoundary } from './error-boundary.tsx';
import { shell } from './messages.ts';
import { pagesFor, widgetsFor } from './nav.tsx';
import { PageHeader } from './page.tsx';
import { groupLabels, partyLabels } from './registry.ts';

/** A workspace's home: the modules' dashboard cards, then shortcuts to every page in the menu. */
export function HomePage({ party }: { party: Party }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { can } = useSession();
  const widgets = widgetsFor(party, can);
  const links = pagesFor(party, can).filter((p) => p.menu);
  const org = lang === 'en' && me.organization.nameEn ? me.organization.nameEn : me.organization.name;
  return (
    <div className="page">
      <PageHeader title={t(shell.welcome, { name: me.user.name })} subtitle={t(shell.homeSubtitle, { org, workspace: t(partyLabels[party]) })} />
      <Row gutter={[16, 16]}>
        {widgets.map((w) => {
          const Widget = w.component;
          return (
            <Col key={w.key} xs={24} xl={w.span ?? 12}>
              <ErrorBoundary compact>
                <Suspense fallback={<Card loading />}>
                  <Widget />
                </Suspense>
              </ErrorBoundary>
            </Col>
          );
        })}
        <Col xs={24}>
          <Card title={t(shell.quickLinks)} size="small">
            {links.length ? (
              <div className="quick-links">
                {links.map((p) => (
                  <Link key={p.path} to={`/${party}/${p.path}`} className="quick-link">
                    <span className="quick-link-icon">{p.menu!.icon}</span>
                    <span>
                      <span className="quick-link-label">{t(p.menu!.label)}</span>
                      <span className="quick-link-group">{t(groupLabels[p.menu!.group])}</span>
                    </span>
                  </Link>
                ))}
              </div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(shell.quickLinksEmpty)} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
