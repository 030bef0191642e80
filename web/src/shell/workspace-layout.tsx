import { ApiOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Dropdown, Layout, Menu, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../platform/i18n.tsx';
import { common } from '../platform/messages.ts';
import { partiesOf, useMe, useSession, type Party } from '../platform/session.tsx';
import { Brand } from './brand.tsx';
import { ErrorBoundary } from './error-boundary.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { shell } from './messages.ts';
import { menuFor, selectedMenuKey } from './nav.tsx';
import { PageLoading } from './page.tsx';
import { partyShortLabels } from './registry.ts';

export const WORKSPACE_KEY = 'cotrade.workspace';

/** The frame of every workspace page: header (brand, workspace switch, language, user) and side menu. */
export function WorkspaceLayout({ party }: { party: Party }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { can, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const parties = partiesOf(me.organization);
  const orgName = lang === 'en' && me.organization.nameEn ? me.organization.nameEn : me.organization.name;

  const switchTo = (next: Party) => {
    try {
      localStorage.setItem(WORKSPACE_KEY, next);
    } catch {
      // not remembered
    }
    navigate(`/${next}`);
  };

  return (
    <Layout className="app-root">
      <Layout.Header className="app-header">
        <Brand onClick={() => navigate(`/${party}`)} />
        {parties.length > 1 ? (
          <Tooltip title={t(shell.switchWorkspace)} placement="bottom">
            <Segmented<Party>
              className="workspace-switch"
              data-testid="workspace-switch"
              value={party}
              options={parties.map((p) => ({ value: p, label: t(partyShortLabels[p]) }))}
              onChange={switchTo}
            />
          </Tooltip>
        ) : (
          <Tag className="workspace-tag">{t(partyShortLabels[party])}</Tag>
        )}
        <div className="app-header-spacer" />
        <Typography.Text className="header-org" ellipsis title={orgName}>
          {orgName}
        </Typography.Text>
        <Tooltip title={t(shell.apiDocs)}>
          <a href="/api/docs" target="_blank" rel="noreferrer" className="header-icon-link" aria-label={t(shell.apiDocs)}>
            <ApiOutlined />
          </a>
        </Tooltip>
        <LanguageSwitch dark />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              {
                key: 'me',
                disabled: true,
                label: (
                  <div className="user-menu-card">
                    <div className="user-menu-name">{me.user.name}</div>
                    <div className="user-menu-email">{me.user.email}</div>
                  </div>
                ),
              },
              { type: 'divider' },
              { key: 'sign-out', icon: <LogoutOutlined />, label: <span data-testid="sign-out">{t(common.signOut)}</span> },
            ],
            onClick: ({ key }) => {
              if (key === 'sign-out') void signOut().then(() => navigate('/sign-in'));
            },
          }}
        >
          <Space className="header-user" data-testid="user-menu">
            <Avatar size="small" icon={<UserOutlined />} className="header-avatar" />
            <span className="header-user-name">{me.user.name}</span>
          </Space>
        </Dropdown>
      </Layout.Header>
      <Layout>
        <Layout.Sider className="app-sider" width={220} theme="light" collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg">
          <Menu
            mode="inline"
            className="app-menu"
            selectedKeys={[selectedMenuKey(party, location.pathname, can)]}
            items={menuFor(party, can, lang)}
            onClick={({ key }) => navigate(key)}
          />
        </Layout.Sider>
        <Layout.Content className="app-content">
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
