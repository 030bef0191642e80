import { Button, Descriptions, Form, Input, Result, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { homePath } from '../../shell/guards.tsx';
import { PublicLayout } from '../../shell/public-layout.tsx';
import { roleLabel } from './api.ts';
import { m } from './messages.ts';

interface AcceptValues {
  name: string;
  password: string;
  confirm: string;
}

/** /invitations/:token, the link in the invitation e-mail: set a name and password, then signed in. */
export default function InvitationPage() {
  const { t, lang } = useI18n();
  const { token = '' } = useParams();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<AcceptValues>();
  const [busy, setBusy] = useState(false);
  const handleProblem = useProblemHandler();
  const invitation = useApiData(() => api.get('/invitations/{token}', { params: { token } }), [token, lang]);

  const accept = async (values: AcceptValues) => {
    setBusy(true);
    try {
      await api.post('/invitations/{token}/accept', { params: { token }, body: { name: values.name.trim(), password: values.password, lang } });
      const me = await refresh();
      navigate(me ? homePath(me) : '/sign-in', { replace: true });
    } catch (e) {
      handleProblem(e, form);
    } finally {
      setBusy(false);
    }
  };

  if (invitation.loading) {
    return (
      <PublicLayout>
        <Skeleton active />
      </PublicLayout>
    );
  }
  if (!invitation.data) {
    const e = invitation.error;
    return (
      <PublicLayout>
        <Result
          status="warning"
          title={isProblem(e) ? e.title : t(m.inviteInvalid)}
          subTitle={isProblem(e) ? e.detail : undefined}
          extra={
            <Link to="/sign-in">
              <Button type="primary">{t(m.signInLink)}</Button>
            </Link>
          }
        />
      </PublicLayout>
    );
  }
  const inv = invitation.data;
  return (
    <PublicLayout>
      <Typography.Title level={3}>{t(m.inviteTitle)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(m.inviteSubtitle, { org: inv.organizationName })}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginBottom: 20 }}
        items={[
          { key: 'email', label: t(common.email), children: inv.email },
          { key: 'roles', label: t(m.inviteRoles), children: inv.roles.map((r) => <Tag key={r}>{roleLabel(r, [], t)}</Tag>) },
          { key: 'expires', label: t(m.inviteExpires), children: formatDateTime(inv.expiresAt) },
        ]}
      />
      <Form form={form} layout="vertical" onFinish={accept} initialValues={{ name: inv.name ?? '' }} requiredMark={false}>
        <Form.Item name="name" label={t(m.adminName)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }]}>
          <Input autoComplete="name" data-testid="invite-accept-name" />
        </Form.Item>
        <Form.Item name="password" label={t(m.password)} extra={t(m.passwordHint)} rules={[{ required: true, message: t(common.fieldRequired) }, { min: 10, message: t(common.fieldMinLength, { n: 10 }) }]}>
          <Input.Password autoComplete="new-password" data-testid="invite-accept-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t(m.passwordConfirm)}
          dependencies={['password']}
          rules={[
            { required: true, message: t(common.fieldRequired) },
            ({ getFieldValue }) => ({
              validator: async (_, value: string) => {
                if (value && value !== getFieldValue('password')) throw new Error(t(m.passwordMismatch));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="invite-accept-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="invite-accept-submit">
          {t(m.inviteAccept)}
        </Button>
      </Form>
    </PublicLayout>
  );
}
