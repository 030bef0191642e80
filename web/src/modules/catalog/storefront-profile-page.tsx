import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useMe } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import type { OwnStorefront } from './api.ts';
import { m } from './messages.ts';
import { Rating, TierTag } from './parts.tsx';
import { useCatalogBase } from './search-results.tsx';
import { useCatalogProblemHandler } from './server-messages.ts';
import './catalog.css';

type Values = Pick<OwnStorefront, 'displayNameZh' | 'displayNameEn' | 'introZh' | 'introEn'>;

/** The supplier's storefront profile in both languages; tier and rating come from the platform. */
export default function StorefrontProfilePage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const base = useCatalogBase();
  const { message } = App.useApp();
  const handleProblem = useCatalogProblemHandler();
  const data = useApiData((signal) => api.get('/catalog/my/storefront', { signal }), []);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (data.data) form.setFieldsValue(data.data);
  }, [data.data, form]);
  if (data.loading && !data.data) return <PageLoading />;
  if (!data.data) return <LoadError error={data.error} onRetry={data.reload} />;
  const front = data.data;
  const text = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);

  const save = async (values: Values) => {
    setSaving(true);
    try {
      const saved = await api.patch('/catalog/my/storefront', {
        body: { displayNameZh: text(values.displayNameZh), displayNameEn: text(values.displayNameEn), introZh: text(values.introZh), introEn: text(values.introEn), version: front.version },
      });
      data.setData(saved);
      void message.success(t(m.storefrontSaved));
    } catch (e) {
      if (isProblem(e) && (e.status === 409 || e.status === 412)) {
        void message.warning(t(m.conflictReloaded));
        data.reload();
      }
      handleProblem(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page">
      <PageHeader
        title={t(m.storefrontTitle)}
        subtitle={t(m.storefrontSubtitle)}
        extra={
          <Button icon={<EyeOutlined />} onClick={() => navigate(`${base}/storefronts/${me.organization.id}`)}>
            {t(m.previewStorefront)}
          </Button>
        }
      />
      <Card size="small" className="section-card" title={t(m.tierAndRating)}>
        <Descriptions
          size="small"
          items={[
            { key: 'tier', label: t(m.tierAndRating), children: <Space><TierTag tier={front.tier ?? 'registered'} /><Rating value={front.rating} /></Space> },
          ]}
        />
        <Typography.Text type="secondary">{t(m.tierRatingHint)}</Typography.Text>
      </Card>
      <Card size="small">
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <div className="form-grid form-grid-2">
            <Form.Item name="displayNameZh" label={t(m.displayNameZh)} rules={[{ max: 100 }]}>
              <Input maxLength={100} placeholder={me.organization.name} data-testid="storefront-name-zh" />
            </Form.Item>
            <Form.Item name="displayNameEn" label={t(m.displayNameEn)} rules={[{ max: 100 }]}>
              <Input maxLength={100} placeholder={me.organization.nameEn ?? undefined} />
            </Form.Item>
            <Form.Item name="introZh" label={t(m.introZh)} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={6} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item name="introEn" label={t(m.introEn)} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={6} maxLength={2000} showCount />
            </Form.Item>
          </div>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="storefront-save">
            {t(common.save)}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
