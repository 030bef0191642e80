import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, HistoryOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { DocumentsTable } from './documents-table.tsx';
import { m } from './messages.ts';
import { OrgStatusTag } from './org-status-tag.tsx';
import { OrgDescriptions } from './registration-status-page.tsx';

type Command = 'approve' | 'reject' | 'suspend' | 'reinstate';
const NEEDS_REASON: Record<Command, boolean> = { approve: false, reject: true, suspend: true, reinstate: false };
const TITLES = { approve: m.approveTitle, reject: m.rejectTitle, suspend: m.suspendTitle, reinstate: m.reinstateTitle } as const;

/** One organisation for the operator: details, licence download, approve / reject / suspend / reinstate. */
export default function OrgReviewPage() {
  const { t, lang } = useI18n();
  const { orgId = '' } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const data = useApiData(() => api.get('/platform/organizations/{orgId}', { params: { orgId } }), [orgId]);
  const [command, setCommand] = useState<Command | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ text?: string }>();

  if (data.loading && !data.data) return <PageLoading />;
  if (!data.data) return <LoadError error={data.error} onRetry={data.reload} />;
  const { organization: org, documents } = data.data;
  const orgName = lang === 'en' && org.nameEn ? org.nameEn : org.name;
  const review = can('platform.orgs.review');

  const run = async (values: { text?: string }) => {
    if (!command) return;
    setBusy(true);
    try {
      const text = values.text?.trim();
      const params = { orgId };
      const updated =
        command === 'reject' || command === 'suspend'
          ? await api.post(`/platform/organizations/{orgId}/${command}`, { params, body: { reason: text ?? '' } })
          : await api.post(`/platform/organizations/{orgId}/${command}`, { params, body: text ? { note: text } : {} });
      data.setData((current) => (current ? { ...current, organization: updated } : current));
      void message.success(t(m[`reviewDone_${command}`]));
      setCommand(null);
      form.resetFields();
    } catch (e) {
      if (isProblem(e) && e.status === 409) data.reload();
      handleProblem(e, form, { rename: { '/reason': ['text'], '/note': ['text'] } });
    } finally {
      setBusy(false);
    }
  };

  const actions: Array<{ command: Command; icon: React.ReactNode; danger?: boolean; primary?: boolean }> = [];
  if (org.status === 'pending_review') actions.push({ command: 'reject', icon: <CloseOutlined />, danger: true }, { command: 'approve', icon: <CheckOutlined />, primary: true });
  if (org.status === 'active') actions.push({ command: 'suspend', icon: <PauseCircleOutlined />, danger: true });
  if (org.status === 'suspended') actions.push({ command: 'reinstate', icon: <PlayCircleOutlined />, primary: true });

  return (
    <div className="page">
      <PageHeader
        back={
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('..', { relative: 'path' })} aria-label={t(m.backToList)} />
        }
        title={
          <Space>
            {orgName}
            <OrgStatusTag status={org.status} />
          </Space>
        }
        subtitle={<span className="mono">{org.uscc}</span>}
        extra={
          <Space wrap>
            {can(['org.audit.read', 'platform.audit.read']) ? (
              <Link to={`../../audit?targetId=${encodeURIComponent(org.id)}`} relative="path">
                <Button icon={<HistoryOutlined />}>{t(m.auditTrail)}</Button>
              </Link>
            ) : null}
            {review
              ? actions.map((a) => (
                  <Button key={a.command} icon={a.icon} danger={a.danger} type={a.primary ? 'primary' : 'default'} onClick={() => setCommand(a.command)} data-testid={`org-${a.command}`}>
                    {t(m[a.command])}
                  </Button>
                ))
              : null}
          </Space>
        }
      />
      {org.reviewNote ? (
        <Alert
          type={org.status === 'rejected' ? 'error' : org.status === 'suspended' ? 'warning' : 'info'}
          showIcon
          title={t(m.lastReviewNote)}
          description={`${org.reviewNote}${org.reviewedAt ? ` · ${formatDateTime(org.reviewedAt)}` : ''}`}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Card size="small" title={t(m.documents)} style={{ marginBottom: 16 }}>
        <DocumentsTable documents={documents} orgId={org.id} />
      </Card>
      <Card size="small" title={t(m.orgDetails)}>
        <OrgDescriptions org={org} />
      </Card>
      <Modal
        open={Boolean(command)}
        title={command ? t(TITLES[command]) : ''}
        onCancel={() => setCommand(null)}
        onOk={() => form.submit()}
        okText={command ? t(m[command]) : t(common.confirm)}
        okButtonProps={{ danger: command === 'reject' || command === 'suspend', 'data-testid': 'review-confirm' }}
        cancelText={t(common.cancel)}
        confirmLoading={busy}
        forceRender
      >
        {command === 'approve' ? <p>{t(m.approveConfirm, { org: orgName })}</p> : null}
        <Form form={form} layout="vertical" onFinish={run}>
          <Form.Item
            name="text"
            label={command && NEEDS_REASON[command] ? t(m.reason) : t(common.optionalLabel, { label: t(m.reviewNote) })}
            rules={command && NEEDS_REASON[command] ? [{ required: true, whitespace: true, message: t(m.reasonRequired) }] : []}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="review-text" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
