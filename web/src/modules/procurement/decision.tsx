import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { api } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { m } from './messages.ts';

type Decision = 'approve' | 'reject';

/**
 * Approve / reject buttons for one task, each asking for a comment (required to reject). A refused
 * approval (the budget would be overspent) shows the server's problem: line, requested, remaining.
 */
export function DecisionButtons({ taskId, onDecided, size }: { taskId: string; onDecided: (outcome: string) => void; size?: 'small' | 'middle' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ comment?: string }>();

  const submit = async ({ comment }: { comment?: string }) => {
    if (!deciding) return;
    setSaving(true);
    try {
      const result =
        deciding === 'approve'
          ? await api.post('/procurement/approval-tasks/{taskId}/approve', { params: { taskId }, body: { comment: comment?.trim() || null } })
          : await api.post('/procurement/approval-tasks/{taskId}/reject', { params: { taskId }, body: { comment: comment!.trim() } });
      void message.success(t(result.outcome === 'approved' ? m.approvedDone : result.outcome === 'rejected' ? m.rejectedDone : m.approvedNext));
      setDeciding(null);
      form.resetFields();
      onDecided(result.outcome);
    } catch (error) {
      onProblem(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Space size={8}>
        <Button type="primary" size={size} icon={<CheckOutlined />} onClick={() => setDeciding('approve')} data-testid={`approve-${taskId}`}>
          {t(m.approve)}
        </Button>
        <Button danger size={size} icon={<CloseOutlined />} onClick={() => setDeciding('reject')} data-testid={`reject-${taskId}`}>
          {t(m.reject)}
        </Button>
      </Space>
      <Modal
        open={deciding !== null}
        title={deciding === 'reject' ? t(m.reject) : t(m.approve)}
        onCancel={() => setDeciding(null)}
        onOk={() => form.submit()}
        okText={deciding === 'reject' ? t(m.reject) : t(m.approve)}
        okButtonProps={{ danger: deciding === 'reject', 'data-testid': 'decision-ok' } as never}
        cancelText={t(common.cancel)}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="comment"
            label={deciding === 'reject' ? t(m.comment) : t(common.optionalLabel, { label: t(m.comment) })}
            rules={[{ required: deciding === 'reject', whitespace: true, message: t(m.rejectReasonRequired) }, { max: 1000 }]}
          >
            <Input.TextArea rows={3} autoFocus data-testid="decision-comment" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
