import { EditOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Space, Spin, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { newIdempotencyKey, useCategoryTree, type SpecValue, type StandardItem } from './api.ts';
import { CategorySelect } from './category-tree-panel.tsx';
import { label, m } from './messages.ts';
import { specDisplay, uomLabel } from './parts.tsx';
import { UOM_CODES, useTemplate } from './product-form.tsx';
import { useCatalogBase } from './search-results.tsx';
import { useCatalogProblemHandler } from './server-messages.ts';
import { SpecFields, specsToApi } from './spec-fields.tsx';
import './catalog.css';

interface Values {
  categoryCode: string;
  code?: string;
  nameZh: string;
  nameEn: string;
  uom: string;
  status?: 'active' | 'retired';
  specs?: Record<string, SpecValue | undefined>;
}

/** Creates or edits a standard item: its category's template gives the defining-spec inputs. */
function ItemModal({ item, open, onClose, onSaved, defaultCategory }: { item: StandardItem | null; open: boolean; onClose: () => void; onSaved: (i: StandardItem) => void; defaultCategory?: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useCatalogProblemHandler();
  const { tree } = useCategoryTree();
  const [form] = Form.useForm<Values>();
  const categoryCode = Form.useWatch('categoryCode', form) ?? item?.categoryCode;
  const template = useTemplate(categoryCode);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (item) form.setFieldsValue({ categoryCode: item.categoryCode, nameZh: item.nameZh, nameEn: item.nameEn, uom: item.uom, status: item.status as Values['status'], specs: item.specs });
    else form.setFieldsValue({ categoryCode: defaultCategory, uom: 'piece' });
  }, [open, item, form, defaultCategory]);

  const save = async (values: Values) => {
    setSaving(true);
    try {
      const specs = specsToApi(values.specs, template.attributes);
      const saved = item
        ? await api.patch('/catalog/standard-items/{itemId}', { params: { itemId: item.id }, body: { nameZh: values.nameZh.trim(), nameEn: values.nameEn.trim(), specs, status: values.status, version: item.version } })
        : await api.post('/catalog/standard-items', { body: { categoryCode: values.categoryCode, nameZh: values.nameZh.trim(), nameEn: values.nameEn.trim(), uom: values.uom, specs, code: values.code?.trim() || undefined }, idempotencyKey: newIdempotencyKey() });
      void message.success(t(item ? m.itemSaved : m.itemCreated));
      onSaved(saved);
      onClose();
    } catch (e) {
      if (isProblem(e) && e.status === 409 && item) void message.warning(t(m.conflictReloaded));
      handleProblem(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} width={760} title={item ? `${t(m.editStandardItem)} · ${item.code}` : t(m.newStandardItem)} onCancel={onClose} onOk={() => form.submit()} okText={t(common.save)} cancelText={t(common.cancel)} confirmLoading={saving} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)} onValuesChange={(c: Partial<Values>) => 'categoryCode' in c && form.setFieldValue('specs', {})}>
        <div className="form-grid form-grid-2">
          <Form.Item name="categoryCode" label={t(m.category)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
            <CategorySelect tree={tree} disabled={Boolean(item)} placeholder={t(m.categoryPlaceholder)} allowClear={false} />
          </Form.Item>
          {item ? (
            <Form.Item name="status" label={t(common.status)}>
              <Select options={(['active', 'retired'] as const).map((s) => ({ value: s, label: t(label('itemStatus_', s)) }))} />
            </Form.Item>
          ) : (
            <Form.Item name="code" label={t(m.itemCode)} extra={t(m.itemCodeHint)} rules={[{ pattern: /^(\d{2}){1,6}-\d{4,6}$/, message: t(m.itemCodeHint) }]}>
              <Input className="mono" maxLength={20} placeholder={categoryCode ? `${categoryCode}-0001` : undefined} />
            </Form.Item>
          )}
          <Form.Item name="nameZh" label={t(m.itemNameZh)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="nameEn" label={t(m.itemNameEn)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="uom" label={t(m.uom)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
            <Select disabled={Boolean(item)} showSearch={{ optionFilterProp: 'label' }} options={UOM_CODES.map((u) => ({ value: u, label: `${uomLabel(u, lang)} (${u})` }))} />
          </Form.Item>
        </div>
        <Card size="small" type="inner" title={t(m.definingSpecs)}>
          {!categoryCode ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.chooseCategoryFirst)} /> : template.loading ? <Spin /> : <SpecFields attributes={template.attributes.map((a) => ({ ...a, required: false }))} name="specs" inheritedNames={template.inheritedNames} compact />}
        </Card>
      </Form>
    </Modal>
  );
}

/** The operator's standard items (标准物料): coded master entries suppliers attach offers to. */
export default function StandardItemsAdminPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const base = useCatalogBase();
  const { tree } = useCategoryTree();
  const [params, setParams] = useSearchParams();
  const category = params.get('category') ?? undefined;
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const [editing, setEditing] = useState<StandardItem | null>(null);
  const [open, setOpen] = useState(false);
  const update = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged, { replace: true });
  };
  const list = useCursorList((cursor, signal) => api.get('/catalog/standard-items', { query: { category, q: q || undefined, cursor, limit: 50 }, signal }), [category, q, lang]);
  // Spec values are shown through each item's category template (enum labels, units).
  const [templates, setTemplates] = useState<Map<string, Awaited<ReturnType<typeof fetchTemplate>>>>(new Map());
  const fetchTemplate = (code: string) => api.get('/catalog/categories/{code}', { params: { code } }).then((r) => r.attributes);
  useEffect(() => {
    const missing = [...new Set(list.items.map((i) => i.categoryCode))].filter((c) => !templates.has(c));
    if (!missing.length) return;
    void Promise.all(missing.map(async (c) => [c, await fetchTemplate(c).catch(() => [])] as const)).then((pairs) => setTemplates((cur) => new Map([...cur, ...pairs])));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list.items]);
  useEffect(() => setTemplates(new Map()), [lang]);

  return (
    <div className="page">
      <PageHeader
        title={t(m.standardItemsAdminTitle)}
        subtitle={t(m.standardItemsAdminSubtitle)}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => (setEditing(null), setOpen(true))} data-testid="new-standard-item">
            {t(m.newStandardItem)}
          </Button>
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <Space wrap>
            <CategorySelect tree={tree} style={{ width: 320 }} placeholder={t(m.categoryPlaceholder)} value={category} onChange={(v) => update({ category: v })} />
            <Input.Search allowClear placeholder={t(m.standardItemSearch)} value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })} style={{ width: 260 }} />
          </Space>
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<StandardItem>
              size="small"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              data-testid="standard-items"
              columns={[
                { title: t(m.itemCode), dataIndex: 'code', width: 140, render: (v: string) => <span className="mono">{v}</span> },
                { title: t(m.itemName), key: 'name', render: (_, i) => <div>{i.name}<div className="cell-sub">{lang === 'en' ? i.nameZh : i.nameEn}</div></div> },
                { title: t(m.category), dataIndex: 'categoryCode', width: 240, render: (c: string) => <span className="cell-sub-inline">{tree.pathName(c)}</span> },
                { title: t(m.uom), dataIndex: 'uom', width: 70, render: (u: string) => uomLabel(u, lang) },
                {
                  title: t(m.definingSpecs),
                  key: 'specs',
                  render: (_, i) => {
                    const attrs = templates.get(i.categoryCode) ?? [];
                    return Object.entries(i.specs).map(([k, v]) => {
                      const a = attrs.find((x) => x.key === k);
                      return <Tag key={k}>{a ? `${lang === 'en' ? a.nameEn : a.nameZh} ${specDisplay(a, v, lang)}` : String(v)}</Tag>;
                    });
                  },
                },
                { title: t(common.status), dataIndex: 'status', width: 80, render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(label('itemStatus_', s))}</Tag> },
                {
                  title: t(common.actions),
                  key: 'a',
                  width: 160,
                  render: (_, i) => (
                    <Space size={0}>
                      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => (setEditing(i), setOpen(true))}>
                        {t(common.edit)}
                      </Button>
                      <Button size="small" type="link" icon={<SwapOutlined />} onClick={() => navigate(`${base}/compare/${i.id}`)}>
                        {t(m.compare)}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
      <ItemModal item={editing} open={open} onClose={() => setOpen(false)} defaultCategory={category} onSaved={(saved) => (editing ? list.replace((x) => x.id === saved.id, saved) : list.reload())} />
    </div>
  );
}
