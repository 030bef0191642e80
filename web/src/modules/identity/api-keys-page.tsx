import { KeyOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Modal, Popconfirm, Popover, Row, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type ApiResponse } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n, type Msg } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useMe } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { codeLabel } from '../../shell/labels.ts';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import type { ApiKey } from './api.ts';
import { m } from './messages.ts';

type Created = ApiResponse<'/organization/api-keys', 'post'>;

export function permissionLabel(code: string, t: (msg: Msg) => string): string {
  const label = codeLabel('permissions', code);
  return label ? t(label) : code;
}

function keyState(key: ApiKey): 'active' | 'revoked' | 'expired' {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && new Date(key.expiresAt).getTime() < Date.now()) return 'expired';
  return 'active';
}

/** API keys: list, create (permissions limited to the creator's; secret shown once), revoke. */
export default function ApiKeysPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const keys = useApiData(() => api.get('/organization/api-keys').then((r) => r.items), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);

  const revoke = async (key: ApiKey) => {
    try {
      const updated = await api.post('/organization/api-keys/{apiKeyId}/revoke', { params: { apiKeyId: key.id } });
      keys.setData((current) => current?.map((k) => (k.id === key.id ? updated : k)));
      void message.success(t(m.keyRevoked2));
    } catch (e) {
      handleProblem(e);
    }
  };

  return (
    <div className="page">
      <PageHeader
        title={t(m.apiKeysTitle)}
        subtitle={t(m.apiKeysSubtitle)}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-api-key">
            {t(m.createKey)}
          </Button>
        }
      />
      <Card size="small">
        {keys.error && !keys.data ? (
          <LoadError error={keys.error} onRetry={keys.reload} />
        ) : (
          <Table<ApiKey>
            size="small"
            rowKey="id"
            loading={keys.loading}
            dataSource={keys.data ?? []}
            pagination={false}
            data-testid="api-keys-table"
            columns={[
              {
                title: t(m.keyName),
                dataIndex: 'name',
                render: (name: string, key) => (
                  <div>
                    <Typography.Text strong>{name}</Typography.Text>
                    <div className="cell-sub mono">{key.prefix}…</div>
                  </div>
                ),
              },
              {
                title: t(m.permissions),
                dataIndex: 'permissions',
                render: (perms: string[]) => (
                  <Popover
                    content={
                      <div className="perm-popover">
                        {perms.map((p) => (
                          <div key={p}>
                            {permissionLabel(p, t)} <Typography.Text type="secondary" className="mono">{p}</Typography.Text>
                          </div>
                        ))}
                      </div>
                    }
                  >
                    <span>
                      {perms.slice(0, 2).map((p) => (
                        <Tag key={p}>{permissionLabel(p, t)}</Tag>
                      ))}
                      {perms.length > 2 ? <Tag>+{perms.length - 2}</Tag> : null}
                    </span>
                  </Popover>
                ),
              },
              {
                title: t(common.status),
                key: 'status',
                width: 90,
                render: (_, key) => {
                  const state = keyState(key);
                  return state === 'active' ? <Tag color="green">{t(m.keyActive)}</Tag> : state === 'revoked' ? <Tag>{t(m.keyRevoked)}</Tag> : <Tag color="orange">{t(m.keyExpired)}</Tag>;
                },
              },
              { title: t(common.createdAt), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
              { title: t(m.lastUsed), dataIndex: 'lastUsedAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : t(m.never)) },
              { title: t(m.expiresAt), dataIndex: 'expiresAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : t(m.noExpiry)) },
              {
                title: t(common.actions),
                key: 'actions',
                width: 80,
                render: (_, key) =>
                  keyState(key) === 'active' ? (
                    <Popconfirm title={t(m.revokeKeyConfirm, { name: key.name })} okText={t(common.revoke)} cancelText={t(common.cancel)} okButtonProps={{ danger: true }} onConfirm={() => revoke(key)}>
                      <Button size="small" type="link" danger data-testid={`revoke-key-${key.name}`}>
                        {t(common.revoke)}
                      </Button>
                    </Popconfirm>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>
      <CreateKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(result) => {
          setCreating(false);
          setCreated(result);
          keys.setData((current) => [result.apiKey, ...(current ?? [])]);
        }}
      />
      <SecretModal created={created} onClose={() => setCreated(null)} />
    </div>
  );
}

interface CreateValues {
  name: string;
  permissions: string[];
  expiresInDays: number | 0;
}

function CreateKeyModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: Created) => void }) {
  const { t } = useI18n();
  const me = useMe();
  const handleProblem = useProblemHandler();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const mine = [...me.permissions].sort();
  const create = async (values: CreateValues) => {
    setBusy(true);
    try {
      const result = await api.post('/organization/api-keys', {
        body: { name: values.name.trim(), permissions: values.permissions, ...(values.expiresInDays ? { expiresInDays: values.expiresInDays } : {}) },
      });
      form.resetFields();
      onCreated(result);
    } catch (e) {
      handleProblem(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t(m.createKey)} onCancel={onClose} onOk={() => form.submit()} okText={t(m.createKey)} cancelText={t(common.cancel)} confirmLoading={busy} width={640} forceRender>
      <Form form={form} layout="vertical" onFinish={create} initialValues={{ expiresInDays: 365, permissions: [] }}>
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <Form.Item name="name" label={t(m.keyName)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 100, message: t(common.fieldMaxLength, { n: 100 }) }]}>
              <Input placeholder={t(m.keyNamePlaceholder)} data-testid="api-key-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="expiresInDays" label={t(m.expiresIn)}>
              <Select
                options={[
                  ...[30, 90, 180, 365].map((n) => ({ value: n, label: t(m.days, { n }) })),
                  { value: 0, label: t(m.noExpiry) },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="permissions" label={t(m.permissions)} extra={t(m.permissionsHint)} rules={[{ required: true, type: 'array', min: 1, message: t(common.fieldMinItems, { n: 1 }) }]}>
          <Checkbox.Group style={{ width: '100%' }}>
            <Row gutter={[8, 8]}>
              {mine.map((p) => (
                <Col key={p} xs={24} sm={12}>
                  <Checkbox value={p} data-testid={`perm-${p}`}>
                    {permissionLabel(p, t)}
                    <div className="cell-sub mono">{p}</div>
                  </Checkbox>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SecretModal({ created, onClose }: { created: Created | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={Boolean(created)}
      title={
        <span>
          <KeyOutlined /> {t(m.secretTitle)}
        </span>
      }
      closable={false}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-saved">
          {t(m.secretSaved)}
        </Button>
      }
      width={640}
    >
      {created ? (
        <>
          <Alert type="warning" showIcon icon={<WarningOutlined />} title={t(m.secretWarning)} style={{ marginBottom: 16 }} />
          <Typography.Text type="secondary">{created.apiKey.name}</Typography.Text>
          <Typography.Paragraph copyable={{ text: created.secret, tooltips: [t(common.copy), t(common.copied)] }} className="secret-box mono" data-testid="api-key-secret">
            {created.secret}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t(m.secretUsage)}</Typography.Text>
        </>
      ) : null}
    </Modal>
  );
}
