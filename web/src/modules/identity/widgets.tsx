import { SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Descriptions, Tag, Typography } from 'antd';
import { Link, useLocation } from 'react-router-dom';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { commonLabel } from '../../platform/messages.ts';
import { useMe, useSession } from '../../platform/session.tsx';
import { roleLabel, useRoles } from './api.ts';
import { m } from './messages.ts';
import { OrgStatusTag } from './org-status-tag.tsx';

/** Home card: the organisation, its certification and kinds. */
export function OrgCardWidget() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { can } = useSession();
  const org = me.organization;
  const party = useLocation().pathname.split('/')[1] ?? '';
  return (
    <Card
      size="small"
      title={
        <span>
          <SafetyCertificateOutlined /> {t(m.orgCard)}
        </span>
      }
      extra={can('org.users.read') ? <Link to={`/${party}/settings/users`}>{t(m.manageUsers)}</Link> : null}
      data-testid="org-card"
      className="widget-card"
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {lang === 'en' && org.nameEn ? org.nameEn : org.name}
      </Typography.Title>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'status', label: t(m.certified), children: <OrgStatusTag status={org.status} /> },
          { key: 'uscc', label: t(m.uscc), children: <span className="mono">{org.uscc}</span> },
          {
            key: 'kinds',
            label: t(m.kinds),
            children: org.kinds.map((k) => (
              <Tag key={k} color="blue">
                {t(commonLabel('kind_', k))}
              </Tag>
            )),
          },
          ...(org.partnerType ? [{ key: 'partnerType', label: t(m.partnerType), children: t(commonLabel('partnerType_', org.partnerType)) }] : []),
          { key: 'region', label: t(m.region), children: org.region || '—' },
          { key: 'registered', label: t(m.registeredAt), children: formatDateTime(org.createdAt) },
        ]}
      />
    </Card>
  );
}


/** Home card: who is signed in, with which roles, and whether MFA is on. */
export function AccountCardWidget() {
  const { t } = useI18n();
  const me = useMe();
  const { roles } = useRoles();
  return (
    <Card
      size="small"
      title={
        <span>
          <TeamOutlined /> {t(m.accountCard)}
        </span>
      }
      className="widget-card"
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {me.user.name}
      </Typography.Title>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'email', label: t(m.adminEmail), children: me.user.email },
          { key: 'roles', label: t(m.roles), children: me.user.roles.map((r) => <Tag key={r}>{roleLabel(r, roles, t)}</Tag>) },
          { key: 'mfa', label: t(m.mfa), children: me.user.mfaEnabled ? <Tag color="green">{t(m.mfaEnabledLong)}</Tag> : <Tag>{t(m.mfaDisabledLong)}</Tag> },
          { key: 'last', label: t(m.lastLogin), children: formatDateTime(me.user.lastLoginAt) },
        ]}
      />
    </Card>
  );
}

