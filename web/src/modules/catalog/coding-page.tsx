import { CloudUploadOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Form, Input, InputNumber, Modal, Row, Select, Space, Spin, Switch, Table, Tag, Tree, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useApiData } from '../../platform/use-api.ts';
import { PageHeader } from '../../shell/page.tsx';
import { useCategoryTree, type Attribute, type CategoryNode, type CategoryTree, type ImportReport } from './api.ts';
import { ancestorKeys, toTreeData } from './category-tree-panel.tsx';
import { ImportReportView } from './import-report.tsx';
import { label, m } from './messages.ts';
import { uomLabel } from './parts.tsx';
import { UOM_CODES } from './product-form.tsx';
import { useCatalogProblemHandler } from './server-messages.ts';
import './catalog.css';

const TYPES = ['number', 'enum', 'text', 'boolean'] as const;

interface AttributeValues {
  key: string;
  nameZh: string;
  nameEn: string;
  type: (typeof TYPES)[number];
  unit?: string | null;
  options?: Array<{ code: string; zh: string; en: string }> | null;
  required?: boolean;
  filterable?: boolean;
  variant?: boolean;
}

/** The nodes matching a search, with their ancestors so the tree still reads as a tree. */
function filterTree(nodes: CategoryNode[], q: string): CategoryNode[] {
  if (!q) return nodes;
  const needle = q.toLowerCase();
  const walk = (list: CategoryNode[]): CategoryNode[] =>
    list.flatMap((n) => {
      const children = walk(n.children);
      const hit = n.code.startsWith(needle) || n.name.toLowerCase().includes(needle) || n.category.nameZh.includes(q) || n.category.nameEn.toLowerCase().includes(needle);
      return hit || children.length ? [{ ...n, children: hit && !children.length ? n.children : children }] : [];
    });
  return walk(nodes);
}

/** The next free two-digit code under a parent (`0101` → `010109`). */
function nextCode(tree: CategoryTree, parent: string | null): string {
  const siblings = parent ? (tree.byCode.get(parent)?.children ?? []) : tree.roots;
  const used = new Set(siblings.map((s) => s.code.slice(-2)));
  for (let i = 1; i < 100; i++) {
    const two = String(i).padStart(2, '0');
    if (!used.has(two)) return `${parent ?? ''}${two}`;
  }
  return `${parent ?? ''}99`;
}

function AttributeEditor({ code, own, inherited, inheritedNames, onSaved }: { code: string; own: Attribute[]; inherited: Attribute[]; inheritedNames: Map<string, string>; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useCatalogProblemHandler();
  const [form] = Form.useForm<{ attributes: AttributeValues[] }>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    form.setFieldsValue({ attributes: own.map((a) => ({ ...a, type: a.type as AttributeValues['type'] })) });
  }, [own, form]);
  const save = async (values: { attributes?: AttributeValues[] }) => {
    setSaving(true);
    try {
      await api.put('/catalog/categories/{code}/attributes', {
        params: { code },
        body: {
          attributes: (values.attributes ?? []).map((a) => ({
            key: a.key.trim(),
            nameZh: a.nameZh.trim(),
            nameEn: a.nameEn.trim(),
            type: a.type,
            unit: a.type === 'number' ? (a.unit ?? null) : null,
            options: a.type === 'enum' ? (a.options ?? []).map((o) => ({ code: o.code.trim(), zh: o.zh.trim(), en: o.en.trim() })) : null,
            required: Boolean(a.required),
            filterable: Boolean(a.filterable),
            variant: Boolean(a.variant),
          })),
        },
      });
      void message.success(t(m.templateSaved));
      onSaved();
    } catch (e) {
      handleProblem(e, form);
    } finally {
      setSaving(false);
    }
  };
  const required = [{ required: true, whitespace: true, message: t(common.fieldRequired) }];
  return (
    <>
      <Alert type="info" showIcon className="page-alert" title={t(m.templateHint)} />
      <Typography.Title level={5}>{t(m.inheritedAttributes)}</Typography.Title>
      <Table<Attribute>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={inherited}
        data-testid="inherited-attributes"
        locale={{ emptyText: '—' }}
        className="section-gap-table"
        columns={[
          { title: t(m.attrKey), dataIndex: 'key', render: (v: string) => <span className="mono">{v}</span> },
          { title: t(m.attrName), key: 'name', render: (_, a) => (lang === 'en' ? a.nameEn : a.nameZh) },
          { title: t(m.attrType), dataIndex: 'type', render: (v: string) => t(label('attrType_', v)) },
          { title: t(m.attrUnit), dataIndex: 'unit', render: (u: string | null) => u ?? '—' },
          { title: t(m.attrOptions), key: 'options', render: (_, a) => (a.options?.length ? a.options.map((o) => <Tag key={o.code}>{lang === 'en' ? o.en : o.zh}</Tag>) : '—') },
          {
            title: t(m.attrRequired),
            key: 'flags',
            render: (_, a) => (
              <Space size={2} wrap>
                {a.required ? <Tag color="red">{t(m.attrRequired)}</Tag> : null}
                {a.filterable ? <Tag color="blue">{t(m.attrFilterable)}</Tag> : null}
                {a.variant ? <Tag color="purple">{t(m.attrVariant)}</Tag> : null}
              </Space>
            ),
          },
          { title: t(m.attrDefinedIn), dataIndex: 'definedIn', render: (d: string) => <Tag>{`${d} ${inheritedNames.get(d) ?? ''}`}</Tag> },
        ]}
      />
      <Typography.Title level={5}>{t(m.ownAttributes)}</Typography.Title>
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.List name="attributes">
          {(fields, { add, remove }) => (
            <>
              {!fields.length ? <Typography.Paragraph type="secondary">{t(m.noOwnAttributes)}</Typography.Paragraph> : null}
              {fields.map((f) => (
                <Card key={f.key} size="small" type="inner" className="attr-card" data-testid={`own-attribute-${f.name}`} extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t(m.deleteFile)} />}>
                  <div className="attr-grid">
                    <Form.Item name={[f.name, 'key']} label={t(m.attrKey)} rules={[...required, { pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t(m.attrKeyHint) }]}>
                      <Input className="mono" maxLength={40} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'nameZh']} label={t(m.categoryNameZh)} rules={required}>
                      <Input maxLength={60} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'nameEn']} label={t(m.categoryNameEn)} rules={required}>
                      <Input maxLength={60} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'type']} label={t(m.attrType)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
                      <Select options={TYPES.map((x) => ({ value: x, label: t(label('attrType_', x)) }))} />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate>
                      {({ getFieldValue }) =>
                        getFieldValue(['attributes', f.name, 'type']) === 'number' ? (
                          <Form.Item name={[f.name, 'unit']} label={t(m.attrUnit)}>
                            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={UOM_CODES.map((u) => ({ value: u, label: `${u} · ${uomLabel(u, lang)}` }))} />
                          </Form.Item>
                        ) : null
                      }
                    </Form.Item>
                  </div>
                  <Space wrap>
                    <Form.Item name={[f.name, 'required']} valuePropName="checked" noStyle>
                      <Checkbox>{t(m.attrRequired)}</Checkbox>
                    </Form.Item>
                    <Form.Item name={[f.name, 'filterable']} valuePropName="checked" noStyle>
                      <Checkbox>{t(m.attrFilterable)}</Checkbox>
                    </Form.Item>
                    <Form.Item name={[f.name, 'variant']} valuePropName="checked" noStyle>
                      <Checkbox>{t(m.attrVariant)}</Checkbox>
                    </Form.Item>
                  </Space>
                  <Form.Item noStyle shouldUpdate>
                    {({ getFieldValue }) =>
                      getFieldValue(['attributes', f.name, 'type']) === 'enum' ? (
                        <Form.Item label={t(m.attrOptions)} className="attr-options">
                          <Form.List name={[f.name, 'options']}>
                            {(opts, ops) => (
                              <>
                                {opts.map((o) => (
                                  <Space key={o.key} align="start" className="option-row">
                                    <Form.Item name={[o.name, 'code']} rules={required} noStyle>
                                      <Input placeholder={t(m.optionCode)} className="mono" style={{ width: 130 }} maxLength={40} />
                                    </Form.Item>
                                    <Form.Item name={[o.name, 'zh']} rules={required} noStyle>
                                      <Input placeholder={t(m.categoryNameZh)} style={{ width: 150 }} maxLength={60} />
                                    </Form.Item>
                                    <Form.Item name={[o.name, 'en']} rules={required} noStyle>
                                      <Input placeholder={t(m.categoryNameEn)} style={{ width: 150 }} maxLength={60} />
                                    </Form.Item>
                                    <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => ops.remove(o.name)} aria-label={t(m.deleteFile)} />
                                  </Space>
                                ))}
                                <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => ops.add({})}>
                                  {t(m.addOption)}
                                </Button>
                              </>
                            )}
                          </Form.List>
                        </Form.Item>
                      ) : null
                    }
                  </Form.Item>
                </Card>
              ))}
              <Space className="form-actions">
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'text', required: false, filterable: true, variant: false })} data-testid="add-attribute">
                  {t(m.addAttribute)}
                </Button>
                <Button type="primary" htmlType="submit" loading={saving} data-testid="save-template">
                  {t(m.saveTemplate)}
                </Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </>
  );
}

function CategoryPanel({ code, tree, onChanged, onAddChild }: { code: string; tree: CategoryTree; onChanged: () => void; onAddChild: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useCatalogProblemHandler();
  const data = useApiData((signal) => api.get('/catalog/categories/{code}', { params: { code }, signal }), [code, lang]);
  const [form] = Form.useForm<{ nameZh: string; nameEn: string; sortOrder: number; active: boolean }>();
  const [saving, setSaving] = useState(false);
  const category = data.data?.category;
  useEffect(() => {
    if (category) form.setFieldsValue({ nameZh: category.nameZh, nameEn: category.nameEn, sortOrder: category.sortOrder, active: category.status === 'active' });
  }, [category, form]);
  const inheritedNames = useMemo(() => new Map((data.data?.path ?? []).map((c) => [c.code, c.name])), [data.data]);
  if (data.loading && !data.data) return <Spin />;
  if (!data.data || !category) return <Empty />;
  const own = data.data.attributes.filter((a) => a.definedIn === code);
  const inherited = data.data.attributes.filter((a) => a.definedIn !== code);

  const save = async (values: { nameZh: string; nameEn: string; sortOrder: number; active: boolean }) => {
    setSaving(true);
    try {
      await api.patch('/catalog/categories/{code}', { params: { code }, body: { nameZh: values.nameZh.trim(), nameEn: values.nameEn.trim(), sortOrder: values.sortOrder, status: values.active ? 'active' : 'retired', version: category.version } });
      void message.success(t(m.categorySaved));
      data.reload();
      onChanged();
    } catch (e) {
      if (isProblem(e) && e.status === 409) data.reload();
      handleProblem(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Card
        size="small"
        className="section-card"
        title={
          <Space>
            <span className="mono">{code}</span>
            <span data-testid="category-title">{category.name}</span>
            <Tag color={category.status === 'active' ? 'green' : 'default'}>{t(label('categoryStatus_', category.status))}</Tag>
          </Space>
        }
        extra={
          <Button icon={<PlusOutlined />} onClick={onAddChild} disabled={code.length >= 12 || category.status !== 'active'} data-testid="add-child">
            {t(m.addChild)}
          </Button>
        }
      >
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'path', label: t(m.category), children: tree.pathName(code), span: 3 },
            { key: 'level', label: t(m.level), children: category.level },
            { key: 'children', label: t(m.subcategories), children: data.data.children.length },
          ]}
        />
        <Form form={form} layout="inline" onFinish={(v) => void save(v)} className="category-form">
          <Form.Item name="nameZh" label={t(m.categoryNameZh)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }]}>
            <Input maxLength={100} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="nameEn" label={t(m.categoryNameEn)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }]}>
            <Input maxLength={100} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="sortOrder" label={t(m.sortOrder)}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="active" label={t(m.categoryStatus_active)} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t(common.save)}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" title={t(m.template)}>
        <AttributeEditor code={code} own={own} inherited={inherited} inheritedNames={inheritedNames} onSaved={data.reload} />
      </Card>
    </>
  );
}

/** The operator's coding tree editor: categories, their attribute templates, and the coding import. */
export default function CodingPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useCatalogProblemHandler();
  const [params, setParams] = useSearchParams();
  const selected = params.get('code') ?? undefined;
  const [showRetired, setShowRetired] = useState(false);
  const { tree, loading, reload } = useCategoryTree({ includeRetired: showRetired });
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<string[]>(ancestorKeys(selected));
  const filtered = useMemo(() => filterTree(tree.roots, q.trim()), [tree, q]);
  const data = useMemo(() => toTreeData(filtered, { showCode: true, retiredLabel: t(m.categoryStatus_retired) }), [filtered, t]);
  const [adding, setAdding] = useState<{ parent: string | null } | null>(null);
  const [addForm] = Form.useForm<{ code: string; nameZh: string; nameEn: string; sortOrder?: number }>();
  const [importing, setImporting] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);

  const openAdd = (parent: string | null) => {
    setAdding({ parent });
    addForm.setFieldsValue({ code: nextCode(tree, parent), nameZh: '', nameEn: '', sortOrder: undefined });
  };
  const create = async (values: { code: string; nameZh: string; nameEn: string; sortOrder?: number }) => {
    try {
      const created = await api.post('/catalog/categories', { body: { code: values.code.trim(), nameZh: values.nameZh.trim(), nameEn: values.nameEn.trim(), sortOrder: values.sortOrder ?? undefined } });
      void message.success(t(m.categoryCreated));
      setAdding(null);
      reload();
      setParams({ code: created.code }, { replace: true });
      setExpanded((e) => [...new Set([...e, ...ancestorKeys(created.code)])]);
    } catch (e) {
      handleProblem(e, addForm);
    }
  };
  const importTable = async (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    setImporting(true);
    try {
      const result = await api.upload<ImportReport>('/catalog/coding/import', form);
      setReport(result);
      reload();
    } catch (e) {
      handleProblem(e);
    } finally {
      setImporting(false);
    }
  };

  return (
    <div className="page">
      <PageHeader
        title={t(m.codingTitle)}
        subtitle={t(m.codingSubtitle)}
        extra={
          <Space>
            <Button icon={<CloudUploadOutlined />} onClick={() => (setReport(null), setImportOpen(true))}>
              {t(m.importCoding)}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openAdd(null)}>
              {t(m.addRoot)}
            </Button>
          </Space>
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={8} xl={7}>
          <Card size="small" className="coding-tree-card">
            <Input.Search allowClear placeholder={t(m.searchTree)} value={q} onChange={(e) => setQ(e.target.value)} data-testid="tree-search" />
            <div className="tree-options">
              <Switch size="small" checked={showRetired} onChange={setShowRetired} /> <span>{t(m.showRetired)}</span>
            </div>
            {loading && !tree.roots.length ? (
              <Spin />
            ) : (
              <Tree
                blockNode
                treeData={data}
                selectedKeys={selected ? [selected] : []}
                expandedKeys={q.trim() ? undefined : expanded}
                defaultExpandAll={Boolean(q.trim())}
                key={q.trim() ? `search:${q.trim()}` : 'tree'}
                onExpand={(keys) => setExpanded(keys.map(String))}
                onSelect={(keys, info) => setParams({ code: String(info.node.key) }, { replace: true })}
                height={620}
                data-testid="coding-tree"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16} xl={17}>
          {selected ? <CategoryPanel key={selected} code={selected} tree={tree} onChanged={reload} onAddChild={() => openAdd(selected)} /> : <Card><Empty description={t(m.selectCategory)} /></Card>}
        </Col>
      </Row>

      <Modal open={Boolean(adding)} title={adding?.parent ? `${t(m.addChild)} · ${tree.pathName(adding.parent)}` : t(m.addRoot)} onCancel={() => setAdding(null)} onOk={() => addForm.submit()} okText={t(common.save)} cancelText={t(common.cancel)} destroyOnHidden>
        <Form form={addForm} layout="vertical" onFinish={(v) => void create(v)}>
          <Form.Item name="code" label={t(m.code)} extra={t(m.codeHint)} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: new RegExp(`^${adding?.parent ?? ''}\\d{2}$`), message: t(m.codeHint) }]}>
            <Input className="mono" maxLength={12} data-testid="new-category-code" />
          </Form.Item>
          <Form.Item name="nameZh" label={t(m.categoryNameZh)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }]}>
            <Input maxLength={100} data-testid="new-category-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t(m.categoryNameEn)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }]}>
            <Input maxLength={100} data-testid="new-category-en" />
          </Form.Item>
          <Form.Item name="sortOrder" label={t(m.sortOrder)}>
            <InputNumber min={0} max={100000} precision={0} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={importOpen} title={t(m.importCoding)} onCancel={() => setImportOpen(false)} footer={null} width={report ? 900 : 560} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t(m.importCodingHint)}</Typography.Paragraph>
        <Spin spinning={importing}>
          <Upload.Dragger accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => (void importTable(file), false)}>
            <p className="ant-upload-drag-icon">
              <CloudUploadOutlined />
            </p>
            <p className="ant-upload-text">{t(m.importDrop)}</p>
          </Upload.Dragger>
        </Spin>
        {report ? <ImportReportView report={report} /> : null}
      </Modal>
    </div>
  );
}
