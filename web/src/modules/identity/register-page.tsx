import { Button, Col, Divider, Form, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { homePath } from '../../shell/guards.tsx';
import { PublicLayout } from '../../shell/public-layout.tsx';
import { m } from './messages.ts';
import { cleanProfile, OrgProfileFields, type OrgProfileValues } from './org-profile-fields.tsx';
import { RegistrationSteps } from './registration-steps.tsx';

interface RegisterValues {
  organization: OrgProfileValues;
  admin: { name: string; email: string; password: string; confirm: string };
}

/** Step 1 of registration: the organisation and its first admin. Licence and submit follow on /registration. */
export default function RegisterPage() {
  const { t, lang } = useI18n();
  const { me, ready, refresh } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterValues>();
  const [busy, setBusy] = useState(false);
  const handleProblem = useProblemHandler();

  if (ready && me) return <Navigate to={homePath(me)} replace />;

  const submit = async (values: RegisterValues) => {
    setBusy(true);
    try {
      await api.post('/registrations', {
        body: {
          organization: cleanProfile(values.organization),
          admin: { name: values.admin.name.trim(), email: values.admin.email.trim(), password: values.admin.password, lang },
        },
      });
      await refresh();
      navigate('/registration', { replace: true, state: { justRegistered: true } });
    } catch (e) {
      handleProblem(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout wide>
      <Typography.Title level={3}>{t(m.registerTitle)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(m.registerSubtitle)}</Typography.Paragraph>
      <RegistrationSteps current={0} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ organization: { kinds: ['buyer'] } }} scrollToFirstError>
        <Divider titlePlacement="start" plain>
          <Typography.Text strong>{t(m.sectionOrg)}</Typography.Text>
        </Divider>
        <OrgProfileFields prefix={['organization']} />
        <Divider titlePlacement="start" plain>
          <Typography.Text strong>{t(m.sectionAdmin)}</Typography.Text>
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={['admin', 'name']} label={t(m.adminName)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 100, message: t(common.fieldMaxLength, { n: 100 }) }]}>
              <Input autoComplete="name" data-testid="admin-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['admin', 'email']} label={t(m.adminEmail)} rules={[{ required: true, message: t(common.fieldRequired) }, { type: 'email', message: t(common.fieldEmail) }]}>
              <Input autoComplete="email" data-testid="admin-email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['admin', 'password']} label={t(m.password)} extra={t(m.passwordHint)} rules={[{ required: true, message: t(common.fieldRequired) }, { min: 10, message: t(common.fieldMinLength, { n: 10 }) }]}>
              <Input.Password autoComplete="new-password" data-testid="admin-password" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={['admin', 'confirm']}
              label={t(m.passwordConfirm)}
              dependencies={[['admin', 'password']]}
              rules={[
                { required: true, message: t(common.fieldRequired) },
                ({ getFieldValue }) => ({
                  validator: async (_, value: string) => {
                    if (value && value !== getFieldValue(['admin', 'password'])) throw new Error(t(m.passwordMismatch));
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="admin-password-confirm" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="register-submit">
          {t(m.registerButton)}
        </Button>
        <span className="public-inline-switch">
          {t(m.haveAccount)} <Link to="/sign-in">{t(m.signInLink)}</Link>
        </span>
      </Form>
    </PublicLayout>
  );
}
