import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Form, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useMe, useSession } from '../../platform/session.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { useColleagues, type Colleague, type Delegation } from './api.ts';
import { m } from './messages.ts';

function stateOf(d: Delegation): { msg: (typeof m)[keyof typeof m]; color: string } {
  if (d.revokedAt) return { msg: m.delegationRevoked, color: 'default' };
  if (d.active) return { msg: m.delegationActive, color: 'green' };
  return dayjs(d.startsAt).isAfter(dayjs()) ? { msg: m.delegationScheduled, color: 'blue' } : { msg: m.delegationEnded, color: 'default' };
}

/** Delegations while away: mine (given and received); admins may see and create everyone's. */
export default function DelegationsPage() {
  const { t } = useI18n();
  const me = useMe();
  const { can } = useSession();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const admin = can('procurement.rules.manage');
  const [showPast, setShowPast] = useState(false);
  const [all, setAll] = useState(false);
  const [creating, setCreating] = useState(false);
  const colleagues = useColleagues();
  const list = useCursorList((cursor, signal) => api.get('/procurement/approval-delegations', { query: { cursor, limit: 50, includePast: showPast || undefined, all: all || undefined }, signal }), [showPast, all]);

  const revoke = async (d: Delegation) => {
    try {
      const updated = await api.post('/procurement/approval-delegations/{delegationId}/revoke', { params: { delegationId: d.id } });
      list.replace((x) => x.id === d.id, updated);
      void message.success(t(common.saved));
    } catch (error) {
      onProblem(error);
      list.reload();
    }
  };

  return (
    <div className="page">
      <PageHeader
        title={t(m.delegationsTitle)}
        subtitle={t(m.delegationsSubtitle)}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-delegation">
            {t(m.newDelegation)}
          </Button>
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <Checkbox checked={showPast} onChange={(e) => setShowPast(e.target.checked)}>
            {t(m.showPast)}
          </Checkbox>
          {admin ? (
            <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)}>
              {t(m.showAll)}
            </Checkbox>
          ) : null}
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Delegation>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              data-testid="delegations-table"
              columns={[
                { title: t(m.from), key: 'from', render: (_, d) => d.fromUserName ?? d.fromUserId },
                { title: t(m.to), key: 'to', render: (_, d) => d.toUserName ?? d.toUserId },
                { title: t(m.delegationPeriod), key: 'period', render: (_, d) => `${formatDateTime(d.startsAt)} ~ ${formatDateTime(d.endsAt)}` },
                {
                  title: t(common.status),
                  key: 'state',
                  width: 100,
                  render: (_, d) => {
                    const s = stateOf(d);
                    return <Tag color={s.color}>{t(s.msg)}</Tag>;
                  },
                },
                {
                  title: t(common.actions),
                  key: 'actions',
                  width: 90,
                  render: (_, d) =>
                    !d.revokedAt && dayjs(d.endsAt).isAfter(dayjs()) && (d.fromUserId === me.user.id || admin) ? (
                      <Popconfirm title={t(m.revokeConfirm)} onConfirm={() => revoke(d)} okText={t(common.confirm)} cancelText={t(common.cancel)}>
                        <Button size="small" type="link" danger>
                          {t(common.revoke)}
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
      <NewDelegationModal
        open={creating}
        admin={admin}
        meId={me.user.id}
        colleagues={colleagues.data ?? []}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          list.reload();
        }}
      />
    </div>
  );
}

interface Values {
  fromUserId: string;
  toUserId: string;
  period: [dayjs.Dayjs, dayjs.Dayjs];
}

function NewDelegationModal({ open, admin, meId, colleagues, onClose, onCreated }: { open: boolean; admin: boolean; meId: string; colleagues: Colleague[]; onClose: () => void; onCreated: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const onProblem = useProblemHandler();
  const options = colleagues.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  const submit = async (v: Values) => {
    setSaving(true);
    try {
      await api.post('/procurement/approval-delegations', {
        body: { fromUserId: v.fromUserId, toUserId: v.toUserId, startsAt: v.period[0].toISOString(), endsAt: v.period[1].toISOString() },
      });
      onCreated();
    } catch (error) {
      onProblem(error, form, { rename: { '/startsAt': ['period'], '/endsAt': ['period'] } });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t(m.newDelegation)} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t(common.save)} cancelText={t(common.cancel)} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ fromUserId: meId, period: [dayjs(), dayjs().add(7, 'day').endOf('day')] }}>
        <Form.Item name="fromUserId" label={t(m.from)} rules={[{ required: true }]}>
          <Select disabled={!admin} options={options} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="toUserId" label={t(m.to)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
          <Select options={options} showSearch optionFilterProp="label" data-testid="delegation-to" />
        </Form.Item>
        <Form.Item name="period" label={t(m.delegationPeriod)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Space />
      </Form>
    </Modal>
  );
}
