import { PauseCircleOutlined, PlayCircleOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table } from 'antd';
import { useMemo, useState } from 'react';
import { api, isProblem } from '../../platform/api.ts';
import { formatCount, formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { newIdempotencyKey, productName, useCategoryTree, type AdBid } from './api.ts';
import { CategorySelect } from './category-tree-panel.tsx';
import { label, m } from './messages.ts';
import { AdStatusTag } from './parts.tsx';
import { useCatalogProblemHandler } from './server-messages.ts';
import './catalog.css';

interface NewBid {
  productId: string;
  targetType: 'keyword' | 'category';
  target: string;
  bidAmount: string;
  dailyBudget?: string | null;
}

/** Paid ranking (竞价排名): bids on keywords or categories, with impressions and clicks. */
export default function AdBidsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useCatalogProblemHandler();
  const { tree } = useCategoryTree();
  const bids = useApiData((signal) => api.get('/catalog/my/ad-bids', { signal }).then((r) => r.items), []);
  const products = useApiData((signal) => api.get('/catalog/my/products', { query: { reviewStatus: 'approved', limit: 100 }, signal }).then((r) => r.items), []);
  const names = useMemo(() => new Map((products.data ?? []).map((p) => [p.id, productName(p, lang)])), [products.data, lang]);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [editing, setEditing] = useState<AdBid | null>(null);
  const [amount, setAmount] = useState<string | null>(null);
  const [form] = Form.useForm<NewBid>();

  const replace = (bid: AdBid) => bids.setData((current) => (current ?? []).map((b) => (b.id === bid.id ? bid : b)));
  const patch = async (bid: AdBid, body: { status?: 'active' | 'paused' | 'ended'; bidAmount?: string }) => {
    try {
      replace(await api.patch('/catalog/my/ad-bids/{bidId}', { params: { bidId: bid.id }, body: { ...body, version: bid.version } }));
      void message.success(t(m.bidSaved));
      return true;
    } catch (e) {
      if (isProblem(e) && e.status === 409) bids.reload();
      handleProblem(e);
      return false;
    }
  };
  const create = async (values: NewBid) => {
    setSaving(true);
    try {
      const bid = await api.post('/catalog/my/ad-bids', { body: { ...values, dailyBudget: values.dailyBudget || null }, idempotencyKey: newIdempotencyKey() });
      bids.setData((current) => [bid, ...(current ?? [])]);
      setCreating(false);
      form.resetFields();
      void message.success(t(m.bidSaved));
    } catch (e) {
      handleProblem(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page">
      <PageHeader
        title={t(m.adsTitle2)}
        subtitle={t(m.adsSubtitle)}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-ad-bid">
            {t(m.newAdBid)}
          </Button>
        }
      />
      <Alert className="page-alert" type="info" showIcon title={t(m.chargingLater)} />
      <Card size="small">
        {bids.error && !bids.data ? (
          <LoadError error={bids.error} onRetry={bids.reload} />
        ) : (
          <Table<AdBid>
            size="small"
            rowKey="id"
            loading={bids.loading}
            dataSource={bids.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            data-testid="ad-bids"
            scroll={{ x: 1400 }}
            columns={[
              { title: t(m.product), dataIndex: 'productId', width: 280, render: (id: string) => names.get(id) ?? <span className="mono">{id}</span> },
              { title: t(m.targetType), dataIndex: 'targetType', width: 90, render: (v: string) => t(label('targetType_', v)) },
              { title: t(m.target), dataIndex: 'target', width: 160, render: (v: string, b) => (b.targetType === 'category' ? tree.pathName(v) : v) },
              { title: t(m.bidAmountShort), dataIndex: 'bidAmount', align: 'right', width: 110, render: (v: string) => formatMoney(v, 'CNY', lang) },
              { title: t(m.dailyBudget), dataIndex: 'dailyBudget', align: 'right', width: 120, render: (v: string | null) => (v ? formatMoney(v, 'CNY', lang) : '—') },
              { title: t(m.impressions), dataIndex: 'impressions', align: 'right', width: 90, render: (v: number) => formatCount(v, lang) },
              { title: t(m.clicks), dataIndex: 'clicks', align: 'right', width: 80, render: (v: number) => formatCount(v, lang) },
              { title: t(m.ctr), key: 'ctr', align: 'right', width: 80, render: (_, b) => (b.impressions ? `${((b.clicks / b.impressions) * 100).toFixed(1)}%` : '—') },
              { title: t(common.status), dataIndex: 'status', width: 90, render: (s: string) => <AdStatusTag status={s} /> },
              { title: t(common.createdAt), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
              {
                title: t(common.actions),
                key: 'a',
                width: 210,
                render: (_, b) =>
                  b.status === 'ended' ? null : (
                    <Space size={0}>
                      <Button size="small" type="link" onClick={() => (setEditing(b), setAmount(b.bidAmount))}>
                        {t(m.changeBid)}
                      </Button>
                      {b.status === 'active' ? (
                        <Button size="small" type="link" icon={<PauseCircleOutlined />} onClick={() => void patch(b, { status: 'paused' })}>
                          {t(m.pause)}
                        </Button>
                      ) : (
                        <Button size="small" type="link" icon={<PlayCircleOutlined />} onClick={() => void patch(b, { status: 'active' })}>
                          {t(m.resume)}
                        </Button>
                      )}
                      <Popconfirm title={t(m.endConfirm)} onConfirm={() => patch(b, { status: 'ended' })} okText={t(m.end)} cancelText={t(common.cancel)}>
                        <Button size="small" type="link" danger icon={<StopOutlined />}>
                          {t(m.end)}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>

      <Modal open={creating} title={t(m.newAdBid)} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t(common.save)} cancelText={t(common.cancel)} confirmLoading={saving} destroyOnHidden>
        <Form<NewBid> form={form} layout="vertical" initialValues={{ targetType: 'keyword' }} onFinish={(v) => void create(v)}>
          <Form.Item name="productId" label={t(m.product)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t(m.approvedProductPlaceholder)} loading={products.loading} options={(products.data ?? []).map((p) => ({ value: p.id, label: productName(p, lang) }))} />
          </Form.Item>
          <Form.Item name="targetType" label={t(m.targetType)}>
            <Radio.Group optionType="button" options={(['keyword', 'category'] as const).map((v) => ({ value: v, label: t(label('targetType_', v)) }))} onChange={() => form.setFieldValue('target', undefined)} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.targetType !== b.targetType}>
            {({ getFieldValue }) => (
              <Form.Item name="target" label={t(m.target)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
                {getFieldValue('targetType') === 'category' ? <CategorySelect tree={tree} placeholder={t(m.categoryPlaceholder)} /> : <Input maxLength={100} placeholder={t(m.keywordPlaceholder)} />}
              </Form.Item>
            )}
          </Form.Item>
          <div className="form-grid form-grid-2">
            <Form.Item name="bidAmount" label={t(m.bidAmount)} rules={[{ required: true, message: t(common.fieldRequired) }]} extra={t(m.minBidHint)}>
              <InputNumber<string> stringMode min="0.10" precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="dailyBudget" label={t(m.dailyBudget)}>
              <InputNumber<string> stringMode min="0" precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </div>
        </Form>
      </Modal>

      <Modal
        open={Boolean(editing)}
        title={t(m.changeBid)}
        onCancel={() => setEditing(null)}
        okText={t(common.save)}
        cancelText={t(common.cancel)}
        onOk={async () => {
          if (editing && amount && (await patch(editing, { bidAmount: amount }))) setEditing(null);
        }}
        destroyOnHidden
      >
        <InputNumber<string> stringMode min="0.10" precision={2} prefix="¥" value={amount} onChange={setAmount} style={{ width: 200 }} />
      </Modal>
    </div>
  );
}
