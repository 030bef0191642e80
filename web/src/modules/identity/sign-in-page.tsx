import { LockOutlined, MailOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, QRCode, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api, isProblem, type ApiResponse } from '../../platform/api.ts';
import { useT } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { FullPageSpin, homePath } from '../../shell/guards.tsx';
import { PublicLayout } from '../../shell/public-layout.tsx';
import { m } from './messages.ts';

type Enrollment = ApiResponse<'/auth/mfa/enrollment', 'post'>;

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

/** Sign-in: password, then the TOTP step (verify, or enrol first for platform users). */
export default function SignInPage() {
  const { status, me, refresh, ready } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  if (status === 'loading') return <FullPageSpin />;
  if (ready && me) return <Navigate to={next ?? homePath(me)} replace />;

  const afterSignIn = async () => {
    const fresh = await refresh();
    if (fresh?.mfa.passed) navigate(next ?? homePath(fresh), { replace: true });
  };

  return (
    <PublicLayout>
      {me && !me.mfa.passed ? (
        me.mfa.enabled ? (
          <MfaStep onDone={afterSignIn} />
        ) : (
          <EnrollStep onDone={afterSignIn} />
        )
      ) : (
        <PasswordStep onDone={afterSignIn} />
      )}
    </PublicLayout>
  );
}

function PasswordStep({ onDone }: { onDone: () => Promise<void> }) {
  const t = useT();
  const [form] = Form.useForm<{ email: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);
  const handleProblem = useProblemHandler();

  const submit = async (values: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/sign-in', { body: { email: values.email.trim(), password: values.password } });
      await onDone();
    } catch (e) {
      // Wrong password, lockout and throttling are shown in place: they are the expected failures here.
      if (isProblem(e) && !e.errors.length) setError({ title: e.title, detail: e.detail });
      else handleProblem(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={3}>{t(m.signInTitle)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(m.signInSubtitle)}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error.title} description={error.detail || undefined} style={{ marginBottom: 16 }} data-testid="sign-in-error" /> : null}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
        <Form.Item name="email" label={t(common.email)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
          <Input prefix={<MailOutlined />} autoComplete="username" autoFocus data-testid="sign-in-email" />
        </Form.Item>
        <Form.Item name="password" label={t(m.password)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="sign-in-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in-submit">
          {t(m.signInButton)}
        </Button>
      </Form>
      <div className="public-switch">
        {t(m.noAccount)} <Link to="/register">{t(m.registerLink)}</Link>
      </div>
    </>
  );
}

function CodeForm({ onSubmit, submitLabel }: { onSubmit: (code: string) => Promise<void>; submitLabel: string }) {
  const t = useT();
  const [form] = Form.useForm<{ code: string }>();
  const [busy, setBusy] = useState(false);
  const handleProblem = useProblemHandler();
  const submit = async ({ code }: { code: string }) => {
    setBusy(true);
    try {
      await onSubmit(code.replace(/\s/g, ''));
    } catch (e) {
      if (isProblem(e) && !e.errors.length) form.setFields([{ name: 'code', errors: [e.detail || e.title], value: '' }]);
      else handleProblem(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
      <Form.Item name="code" label={t(m.mfaCode)} rules={[{ required: true, pattern: /^\d{6}$/, message: t(m.codeSixDigits) }]}>
        <Input.OTP length={6} autoFocus data-testid="mfa-code" onChange={(value) => value.length === 6 && form.submit()} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="mfa-submit">
        {submitLabel}
      </Button>
    </Form>
  );
}

function OtherAccount() {
  const t = useT();
  const { signOut } = useSession();
  return (
    <div className="public-switch">
      <Button type="link" onClick={() => void signOut()}>
        {t(m.useOtherAccount)}
      </Button>
    </div>
  );
}

function MfaStep({ onDone }: { onDone: () => Promise<void> }) {
  const t = useT();
  return (
    <>
      <Space align="center" style={{ marginBottom: 8 }}>
        <SafetyOutlined style={{ fontSize: 24, color: '#1456c8' }} />
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t(m.mfaTitle)}
        </Typography.Title>
      </Space>
      <Typography.Paragraph type="secondary">{t(m.mfaSubtitle)}</Typography.Paragraph>
      <CodeForm
        submitLabel={t(m.verify)}
        onSubmit={async (code) => {
          await api.post('/auth/mfa/verify', { body: { code } });
          await onDone();
        }}
      />
      <OtherAccount />
    </>
  );
}

function EnrollStep({ onDone }: { onDone: () => Promise<void> }) {
  const t = useT();
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Each start makes a new secret: start once, also under StrictMode's double effects.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api.post('/auth/mfa/enrollment').then(setEnrollment, setError);
  }, []);
  return (
    <>
      <Space align="center" style={{ marginBottom: 8 }}>
        <SafetyOutlined style={{ fontSize: 24, color: '#1456c8' }} />
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t(m.enrollTitle)}
        </Typography.Title>
      </Space>
      <Typography.Paragraph type="secondary">{t(m.enrollSubtitle)}</Typography.Paragraph>
      {error ? (
        <Alert type="error" showIcon title={isProblem(error) ? error.title : t(common.unexpectedTitle)} description={isProblem(error) ? error.detail : undefined} />
      ) : !enrollment ? (
        <Spin />
      ) : (
        <>
          <div className="enroll-box">
            <QRCode value={enrollment.otpauthUri} size={160} bordered={false} data-testid="mfa-qr" />
            <div>
              <Typography.Text type="secondary">{t(m.enrollSecret)}</Typography.Text>
              <Typography.Paragraph copyable={{ text: enrollment.secret }} className="mono enroll-secret" data-testid="mfa-secret">
                {enrollment.secret.replace(/(.{4})/g, '$1 ').trim()}
              </Typography.Paragraph>
            </div>
          </div>
          <CodeForm
            submitLabel={t(m.enrollConfirm)}
            onSubmit={async (code) => {
              await api.post('/auth/mfa/enrollment/confirm', { body: { code } });
              await onDone();
            }}
          />
        </>
      )}
      <OtherAccount />
    </>
  );
}
