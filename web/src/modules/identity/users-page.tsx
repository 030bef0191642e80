import { MailOutlined, UserAddOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Form, Input, Modal, Popconfirm, Radio, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, isProblem } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common, commonLabel } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useMe, useSession } from '../../platform/session.tsx';
import { useCursorList, type CursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { roleLabel, useRoles, type Invitation, type OrgUser, type Role } from './api.ts';
import { m } from './messages.ts';
import { RoleCheckboxes } from './role-checkboxes.tsx';

/** Users & roles: the organisation's users (edit roles and status) and its invitations. */
export default function UsersPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { roles } = useRoles();
  const [tab, setTab] = useState('users');
  const [inviting, setInviting] = useState(false);
  const users = useCursorList((cursor, signal) => api.get('/organization/users', { query: { cursor, limit: 50 }, signal }), []);
  const invitations = useCursorList((cursor, signal) => api.get('/organization/invitations', { query: { cursor, limit: 50 }, signal }), []);
  const manage = can('org.users.manage');

  return (
    <div className="page">
      <PageHeader
        title={t(m.usersTitle)}
        subtitle={t(m.usersSubtitle)}
        extra={
          manage ? (
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setInviting(true)} data-testid="invite-user">
              {t(m.inviteUser)}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'users', label: <span data-testid="tab-users">{t(m.usersTab)}</span>, children: <UsersTable list={users} roles={roles} manage={manage} /> },
            { key: 'invitations', label: <span data-testid="tab-invitations">{t(m.invitationsTab)}</span>, children: <InvitationsTable list={invitations} roles={roles} manage={manage} /> },
          ]}
        />
      </Card>
      <InviteModal
        open={inviting}
        roles={roles}
        onClose={() => setInviting(false)}
        onInvited={() => {
          setInviting(false);
          setTab('invitations');
          invitations.reload();
        }}
      />
    </div>
  );
}

function UsersTable({ list, roles, manage }: { list: CursorList<OrgUser>; roles: Role[]; manage: boolean }) {
  const { t } = useI18n();
  const me = useMe();
  const [editing, setEditing] = useState<OrgUser | null>(null);
  if (list.error && !list.items.length) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Table<OrgUser>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="users-table"
        columns={[
          {
            title: t(m.user),
            key: 'user',
            render: (_, u) => (
              <div>
                <Typography.Text strong>{u.name}</Typography.Text>
                {u.id === me.user.id ? <Typography.Text type="secondary"> {t(m.you)}</Typography.Text> : null}
                <div className="cell-sub">{u.email}</div>
              </div>
            ),
          },
          {
            title: t(m.roles),
            dataIndex: 'roles',
            render: (keys: string[]) => keys.map((k) => <Tag key={k}>{roleLabel(k, roles, t)}</Tag>),
          },
          {
            title: t(common.status),
            dataIndex: 'status',
            width: 100,
            render: (s: string) => <Badge status={s === 'active' ? 'success' : 'default'} text={t(commonLabel('userStatus_', s))} />,
          },
          {
            title: t(m.mfa),
            dataIndex: 'mfaEnabled',
            width: 100,
            render: (on: boolean) => (on ? <Tag color="green">{t(m.mfaOn)}</Tag> : <Tag>{t(m.mfaOff)}</Tag>),
          },
          { title: t(m.lastLogin), dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : t(m.never)) },
          ...(manage
            ? [
                {
                  title: t(common.actions),
                  key: 'actions',
                  width: 80,
                  render: (_: unknown, u: OrgUser) => (
                    <Button size="small" type="link" onClick={() => setEditing(u)} data-testid={`edit-user-${u.email}`}>
                      {t(common.edit)}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore list={list} />
      <EditUserModal
        user={editing}
        roles={roles}
        onClose={() => setEditing(null)}
        onSaved={(updated) => {
          list.replace((u) => u.id === updated.id, updated);
          setEditing(null);
        }}
        onConflict={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </>
  );
}

interface EditValues {
  name: string;
  roles: string[];
  status: 'active' | 'disabled';
}

function EditUserModal({ user, roles, onClose, onSaved, onConflict }: { user: OrgUser | null; roles: Role[]; onClose: () => void; onSaved: (u: OrgUser) => void; onConflict: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);

  const save = async (values: EditValues) => {
    if (!user) return;
    setBusy(true);
    try {
      const updated = await api.patch('/organization/users/{userId}', {
        params: { userId: user.id },
        body: { name: values.name.trim(), roles: values.roles, status: values.status, version: user.version },
      });
      void message.success(t(m.userUpdated));
      onSaved(updated);
    } catch (e) {
      if (isProblem(e) && (e.status === 409 || e.status === 412)) {
        void message.warning(t(m.conflictReloaded));
        onConflict();
      } else handleProblem(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={Boolean(user)}
      title={user ? `${t(m.editUser)} · ${user.email}` : t(m.editUser)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(common.save)}
      cancelText={t(common.cancel)}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      {user ? (
        <Form form={form} layout="vertical" onFinish={save} initialValues={{ name: user.name, roles: user.roles, status: user.status === 'disabled' ? 'disabled' : 'active' }} preserve={false}>
          <Form.Item name="name" label={t(m.adminName)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }]}>
            <Input />
          </Form.Item>
          <Form.Item name="roles" label={t(m.roles)} rules={[{ required: true, type: 'array', min: 1, message: t(m.rolesRequired) }]}>
            <RoleCheckboxes roles={roles} />
          </Form.Item>
          <Form.Item name="status" label={t(common.status)}>
            <Radio.Group
              options={[
                { value: 'active', label: t(common.userStatus_active) },
                { value: 'disabled', label: t(common.userStatus_disabled) },
              ]}
            />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}

interface InviteValues {
  email: string;
  name?: string;
  roles: string[];
}

function InviteModal({ open, roles, onClose, onInvited }: { open: boolean; roles: Role[]; onClose: () => void; onInvited: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const [form] = Form.useForm<InviteValues>();
  const [busy, setBusy] = useState(false);
  const send = async (values: InviteValues) => {
    setBusy(true);
    try {
      const invitation = await api.post('/organization/invitations', {
        body: { email: values.email.trim(), name: values.name?.trim() || null, roles: values.roles },
      });
      void message.success(t(m.invitationSent, { email: invitation.email }));
      form.resetFields();
      onInvited();
    } catch (e) {
      handleProblem(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t(m.inviteUser)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(m.inviteSend)}
      cancelText={t(common.cancel)}
      okButtonProps={{ 'data-testid': 'invite-send' }}
      confirmLoading={busy}
      width={640}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={send}>
        <Form.Item name="email" label={t(common.email)} extra={t(m.inviteEmailHelp)} rules={[{ required: true, message: t(common.fieldRequired) }, { type: 'email', message: t(common.fieldEmail) }]}>
          <Input prefix={<MailOutlined />} data-testid="invite-email" />
        </Form.Item>
        <Form.Item name="name" label={t(common.optionalLabel, { label: t(m.inviteName) })}>
          <Input data-testid="invite-name" />
        </Form.Item>
        <Form.Item name="roles" label={t(m.roles)} rules={[{ required: true, type: 'array', min: 1, message: t(m.rolesRequired) }]}>
          <RoleCheckboxes roles={roles} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const INVITATION_COLORS: Record<string, string> = { pending: 'processing', accepted: 'success', revoked: 'default', expired: 'warning' };

function InvitationsTable({ list, roles, manage }: { list: CursorList<Invitation>; roles: Role[]; manage: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const revoke = async (inv: Invitation) => {
    try {
      const updated = await api.post('/organization/invitations/{invitationId}/revoke', { params: { invitationId: inv.id } });
      list.replace((i) => i.id === inv.id, updated);
      void message.success(t(m.invitationRevoked));
    } catch (e) {
      handleProblem(e);
    }
  };
  if (list.error && !list.items.length) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Table<Invitation>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="invitations-table"
        columns={[
          {
            title: t(common.email),
            dataIndex: 'email',
            render: (email: string, inv) => (
              <div>
                <Typography.Text>{email}</Typography.Text>
                {inv.name ? <div className="cell-sub">{inv.name}</div> : null}
              </div>
            ),
          },
          { title: t(m.roles), dataIndex: 'roles', render: (keys: string[]) => keys.map((k) => <Tag key={k}>{roleLabel(k, roles, t)}</Tag>) },
          {
            title: t(common.status),
            dataIndex: 'status',
            width: 100,
            render: (s: string) => <Tag color={INVITATION_COLORS[s] ?? 'default'}>{t(commonLabel('invitationStatus_', s))}</Tag>,
          },
          { title: t(m.invitedAt), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t(m.expiresAt), dataIndex: 'expiresAt', width: 150, render: (v: string) => formatDateTime(v) },
          ...(manage
            ? [
                {
                  title: t(common.actions),
                  key: 'actions',
                  width: 80,
                  render: (_: unknown, inv: Invitation) =>
                    inv.status === 'pending' ? (
                      <Popconfirm title={t(m.revokeInvitationConfirm, { email: inv.email })} okText={t(common.revoke)} cancelText={t(common.cancel)} okButtonProps={{ danger: true }} onConfirm={() => revoke(inv)}>
                        <Button size="small" type="link" danger>
                          {t(common.revoke)}
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <LoadMore list={list} />
    </>
  );
}
