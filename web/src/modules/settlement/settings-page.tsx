import { Alert, App, Button, Card, Form, Input, InputNumber } from 'antd';
import { api } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { moneyInput } from './api.ts';
import { m } from './messages.ts';

interface Values {
  pricePercent: string;
  priceAmount: string;
  totalAmount: string;
  reminderDaysBefore: number;
}

/** Buyer finance (or platform finance, for the default): three-way match tolerance and reminder timing. */
export default function SettingsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const settings = useApiData((signal) => api.get('/settlement/settings', { signal }), []);
  if (settings.loading && !settings.data) return <PageLoading />;
  if (settings.error || !settings.data) return <LoadError error={settings.error} onRetry={settings.reload} />;
  const current = settings.data;

  const submit = async (values: Values) => {
    try {
      const saved = await api.put('/settlement/settings', {
        body: { pricePercent: String(values.pricePercent).trim(), priceAmount: moneyInput(values.priceAmount), totalAmount: moneyInput(values.totalAmount), reminderDaysBefore: values.reminderDaysBefore, version: current.version },
      });
      settings.setData(saved);
      void message.success(t(common.saved));
    } catch (error) {
      onProblem(error, form);
    }
  };
  const money = /^\d{1,15}(\.\d{1,2})?$/;

  return (
    <div className="page">
      <PageHeader title={t(m.settingsTitle)} subtitle={t(m.settingsSubtitle)} />
      <Card size="small" style={{ maxWidth: 640 }}>
        {!current.own ? <Alert type="info" showIcon message={t(m.inherited)} style={{ marginBottom: 16 }} /> : null}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ pricePercent: String(Number(current.pricePercent)), priceAmount: current.priceAmount, totalAmount: current.totalAmount, reminderDaysBefore: current.reminderDaysBefore }}
        >
          <Form.Item name="pricePercent" label={t(m.pricePercent)} rules={[{ required: true }, { pattern: /^\d{1,2}(\.\d{1,4})?$/, message: t(common.fieldFormat) }]}>
            <Input suffix="%" style={{ width: 200 }} data-testid="settings-percent" />
          </Form.Item>
          <Form.Item name="priceAmount" label={t(m.priceAmount)} rules={[{ required: true }, { pattern: money, message: t(common.fieldFormat) }]}>
            <Input prefix="¥" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="totalAmount" label={t(m.totalAmount)} rules={[{ required: true }, { pattern: money, message: t(common.fieldFormat) }]}>
            <Input prefix="¥" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="reminderDaysBefore" label={t(m.reminderDaysBefore)} rules={[{ required: true }]}>
            <InputNumber min={0} max={60} precision={0} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="settings-save">
            {t(common.save)}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
