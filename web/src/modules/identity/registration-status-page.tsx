import { InboxOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Space, Tag, Tooltip, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common, commonLabel } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useMe, useSession } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { homePath } from '../../shell/guards.tsx';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { StandaloneLayout } from '../../shell/standalone-layout.tsx';
import type { OrgProfile } from './api.ts';
import { DocumentsTable } from './documents-table.tsx';
import { m } from './messages.ts';
import { cleanProfile, OrgProfileFields, type OrgProfileValues } from './org-profile-fields.tsx';
import { OrgStatusTag } from './org-status-tag.tsx';
import { RegistrationSteps } from './registration-steps.tsx';

const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPTED = ['application/pdf', 'image/png', 'image/jpeg'];

/** The registration status page: edit details, upload the licence, (re)submit, see the review result. */
export default function RegistrationStatusPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { can, refresh } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const data = useApiData(() => api.get('/organization'), []);
  const [form] = Form.useForm<OrgProfileValues>();
  const [saving, setSaving] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    if ((location.state as { justRegistered?: boolean } | null)?.justRegistered) void message.success(t(m.registered));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const org = data.data?.organization;
  useEffect(() => {
    if (org) form.setFieldsValue(toValues(org));
  }, [org, form]);

  if (data.loading && !data.data) return <StandaloneLayout><PageLoading /></StandaloneLayout>;
  if (!data.data || !org) return <StandaloneLayout><LoadError error={data.error} onRetry={data.reload} /></StandaloneLayout>;

  const documents = data.data.documents;
  const hasLicence = documents.some((d) => d.kind === 'business_licence');
  const editable = ['draft', 'rejected'].includes(org.status) && can('org.profile.manage');
  const step = org.status === 'draft' ? (hasLicence ? 2 : 1) : org.status === 'rejected' ? 2 : org.status === 'pending_review' ? 3 : 4;

  const save = async (values: OrgProfileValues) => {
    setSaving(true);
    try {
      const updated = await api.patch('/organization', { body: { ...cleanProfile(values), version: org.version } });
      data.setData((current) => (current ? { ...current, organization: updated } : current));
      void message.success(t(m.profileSaved));
      void refresh();
    } catch (e) {
      if (isProblem(e) && (e.status === 409 || e.status === 412)) {
        void message.warning(t(m.conflictReloaded));
        data.reload();
      } else handleProblem(e, form);
    } finally {
      setSaving(false);
    }
  };

  const submit = async () => {
    setSubmitting(true);
    try {
      // Unsaved edits go in first, so what is reviewed is what is on screen.
      if (form.isFieldsTouched()) {
        const values = await form.validateFields();
        const updated = await api.patch('/organization', { body: { ...cleanProfile(values), version: org.version } });
        data.setData((current) => (current ? { ...current, organization: updated } : current));
      }
      const submitted = await api.post('/organization/submit');
      data.setData((current) => (current ? { ...current, organization: submitted } : current));
      void message.success(t(m.submitted));
      await refresh();
    } catch (e) {
      if (e && typeof e === 'object' && 'errorFields' in e) return; // client-side validation shows itself
      handleProblem(e, form);
    } finally {
      setSubmitting(false);
    }
  };

  const checkStatus = async () => {
    setChecking(true);
    try {
      const fresh = await refresh();
      data.reload();
      if (fresh?.organization.status === 'active') navigate(homePath(fresh), { replace: true });
    } finally {
      setChecking(false);
    }
  };

  const orgName = lang === 'en' && org.nameEn ? org.nameEn : org.name;

  return (
    <StandaloneLayout>
      <PageHeader title={t(m.statusTitle)} subtitle={orgName} extra={<OrgStatusTag status={org.status} />} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <RegistrationSteps current={step} failed={org.status === 'rejected'} />
        <StatusAlert org={org} />
        {org.status === 'pending_review' ? (
          <Button icon={<ReloadOutlined />} loading={checking} onClick={checkStatus} style={{ marginTop: 12 }} data-testid="check-status">
            {t(m.checkStatus)}
          </Button>
        ) : null}
        {org.status === 'active' ? (
          <Button type="primary" style={{ marginTop: 12 }} onClick={() => navigate(homePath(me))}>
            {t(m.goToWorkspace)}
          </Button>
        ) : null}
      </Card>

      <Card
        size="small"
        title={t(m.documents)}
        style={{ marginBottom: 16 }}
        extra={
          editable ? (
            <Upload
              accept=".pdf,.png,.jpg,.jpeg"
              showUploadList={false}
              beforeUpload={(file) => {
                if (file.size > MAX_BYTES) {
                  void message.error(t(m.uploadTooLarge));
                  return Upload.LIST_IGNORE;
                }
                if (file.type && !ACCEPTED.includes(file.type)) {
                  void message.error(t(m.uploadWrongType));
                  return Upload.LIST_IGNORE;
                }
                return true;
              }}
              customRequest={async ({ file, onSuccess, onError }) => {
                const body = new FormData();
                body.append('kind', 'business_licence');
                body.append('file', file as File);
                try {
                  const doc = await api.upload<(typeof documents)[number]>('/organization/documents', body);
                  onSuccess?.(doc);
                  data.setData((current) => (current ? { ...current, documents: [...current.documents, doc] } : current));
                  void message.success(t(m.uploaded, { name: doc.filename }));
                } catch (e) {
                  onError?.(e as Error);
                  handleProblem(e);
                }
              }}
            >
              <Button type={hasLicence ? 'default' : 'primary'} icon={<InboxOutlined />} data-testid="upload-licence">
                {t(m.uploadLicence)}
              </Button>
            </Upload>
          ) : null
        }
      >
        {editable ? <Alert type="info" showIcon title={t(m.uploadHint)} style={{ marginBottom: 12 }} /> : null}
        <DocumentsTable documents={documents} />
      </Card>

      <Card size="small" title={t(m.sectionOrg)}>
        {editable ? (
          <Form form={form} layout="vertical" onFinish={save} initialValues={toValues(org)}>
            <OrgProfileFields />
            <Space>
              <Button htmlType="submit" loading={saving} data-testid="save-profile">
                {t(common.save)}
              </Button>
              <Tooltip title={hasLicence ? null : t(m.submitNeedsLicence)}>
                <Button type="primary" icon={<SendOutlined />} disabled={!hasLicence} loading={submitting} onClick={() => void submit()} data-testid="submit-registration">
                  {org.status === 'rejected' ? t(m.resubmit) : t(m.submitForReview)}
                </Button>
              </Tooltip>
            </Space>
          </Form>
        ) : (
          <OrgDescriptions org={org} />
        )}
      </Card>
    </StandaloneLayout>
  );
}

function toValues(org: OrgProfile): OrgProfileValues {
  return {
    name: org.name,
    nameEn: org.nameEn,
    uscc: org.uscc,
    kinds: org.kinds.filter((k): k is OrgProfileValues['kinds'][number] => k === 'buyer' || k === 'supplier' || k === 'partner'),
    partnerType: org.partnerType as OrgProfileValues['partnerType'],
    region: org.region,
    address: org.address,
    contactName: org.contactName,
    contactPhone: org.contactPhone,
  };
}

function StatusAlert({ org }: { org: OrgProfile }) {
  const { t } = useI18n();
  switch (org.status) {
    case 'draft':
      return <Alert type="info" showIcon title={t(m.statusDraft)} data-testid="registration-status" />;
    case 'pending_review':
      return <Alert type="info" showIcon title={t(m.statusPending, { at: formatDateTime(org.submittedAt) })} data-testid="registration-status" />;
    case 'rejected':
      return <Alert type="error" showIcon title={t(m.statusRejectedTitle)} description={t(m.statusRejected, { reason: org.reviewNote ?? '—' })} data-testid="registration-status" />;
    case 'active':
      return <Alert type="success" showIcon title={t(m.statusActive)} data-testid="registration-status" />;
    default:
      return <Alert type="warning" showIcon title={t(m.statusSuspended, { reason: org.reviewNote ?? '—' })} data-testid="registration-status" />;
  }
}

/** Read-only organisation details (for review, and once submitted). */
export function OrgDescriptions({ org, column = 2 }: { org: OrgProfile; column?: number }) {
  const { t } = useI18n();
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: column }}
      bordered
      items={[
        { key: 'name', label: t(m.orgName), children: org.name },
        { key: 'nameEn', label: t(m.orgNameEn), children: org.nameEn || '—' },
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
        { key: 'address', label: t(m.address), children: org.address || '—' },
        { key: 'contactName', label: t(m.contactName), children: org.contactName || '—' },
        { key: 'contactPhone', label: t(m.contactPhone), children: org.contactPhone || '—' },
        { key: 'createdAt', label: t(m.registeredAt), children: formatDateTime(org.createdAt) },
        { key: 'submittedAt', label: t(m.submittedAt), children: formatDateTime(org.submittedAt) },
        { key: 'reviewedAt', label: t(m.reviewedAt), children: formatDateTime(org.reviewedAt) },
      ]}
    />
  );
}
