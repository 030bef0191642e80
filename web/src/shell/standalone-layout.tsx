import { LogoutOutlined } from '@ant-design/icons';
import { Button, Layout, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../platform/i18n.tsx';
import { common } from '../platform/messages.ts';
import { useSession } from '../platform/session.tsx';
import { Brand } from './brand.tsx';
import { LanguageSwitch } from './language-switch.tsx';

/** A page for a signed-in user outside any workspace (registration status): header and a centred column. */
export function StandaloneLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <Layout className="app-root">
      <Layout.Header className="app-header">
        <Brand />
        <div className="app-header-spacer" />
        {me ? (
          <Typography.Text className="header-org" ellipsis>
            {me.user.name} · {me.user.email}
          </Typography.Text>
        ) : null}
        <LanguageSwitch dark />
        <Button type="text" className="header-button-dark" icon={<LogoutOutlined />} onClick={() => void signOut().then(() => navigate('/sign-in'))} data-testid="sign-out">
          {t(common.signOut)}
        </Button>
      </Layout.Header>
      <Layout.Content className="standalone-content">{children}</Layout.Content>
    </Layout>
  );
}
