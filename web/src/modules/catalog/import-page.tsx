import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Row, Space, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { PageHeader } from '../../shell/page.tsx';
import { downloadWithQuery, type ImportReport } from './api.ts';
import { ImportReportView } from './import-report.tsx';
import { m } from './messages.ts';
import { useCatalogProblemHandler } from './server-messages.ts';
import './catalog.css';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Bulk import and export of the supplier's products (CSV / XLSX) with the row-by-row report. */
export default function ImportPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useCatalogProblemHandler();
  const [submit, setSubmit] = useState(false);
  const [importing, setImporting] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);

  const download = (path: '/catalog/my/products/import-template' | '/catalog/my/products/export', format: 'csv' | 'xlsx') =>
    downloadWithQuery(path, { format }, `${path.endsWith('export') ? 'products' : 'import-template'}.${format}`, lang).catch(handleProblem);

  const upload = async (file: File) => {
    const form = new FormData();
    form.append('submit', String(submit));
    form.append('file', file, file.name);
    setImporting(true);
    setReport(null);
    try {
      const result = await api.upload<ImportReport>('/catalog/my/products/import', form);
      setReport(result);
      const text = t(m.importDone, { created: result.created, updated: result.updated, failed: result.failed });
      if (result.failed) void message.warning(text);
      else void message.success(text);
    } catch (e) {
      handleProblem(e);
    } finally {
      setImporting(false);
    }
  };

  return (
    <div className="page">
      <PageHeader title={t(m.importTitle)} subtitle={t(m.importSubtitle)} />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" className="section-card" title={t(m.importFile)}>
            <Spin spinning={importing} tip={t(m.importing)}>
              <Upload.Dragger accept={ACCEPT} showUploadList={false} multiple={false} beforeUpload={(file) => (void upload(file), false)} data-testid="import-upload">
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t(m.importDrop)}</p>
              </Upload.Dragger>
            </Spin>
            <Checkbox checked={submit} onChange={(e) => setSubmit(e.target.checked)} className="import-submit">
              {t(m.importSubmit)}
            </Checkbox>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" className="section-card" title={t(m.downloadTemplate)}>
            <Space wrap>
              <Button icon={<DownloadOutlined />} onClick={() => void download('/catalog/my/products/import-template', 'xlsx')}>
                {t(m.downloadTemplate)} · XLSX
              </Button>
              <Button icon={<DownloadOutlined />} onClick={() => void download('/catalog/my/products/import-template', 'csv')}>
                {t(m.downloadTemplate)} · CSV
              </Button>
            </Space>
            <div className="section-gap" />
            <Space wrap>
              <Button type="primary" ghost icon={<DownloadOutlined />} onClick={() => void download('/catalog/my/products/export', 'xlsx')} data-testid="export-xlsx">
                {t(m.exportProducts)} · XLSX
              </Button>
              <Button type="primary" ghost icon={<DownloadOutlined />} onClick={() => void download('/catalog/my/products/export', 'csv')}>
                {t(m.exportProducts)} · CSV
              </Button>
            </Space>
            <Typography.Paragraph type="secondary" className="columns-guide">
              <Typography.Text strong>{t(m.labelled, { label: t(m.columnsGuide), value: '' })}</Typography.Text>
              {t(m.columnsGuideText)}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      {report ? <ImportReportView report={report} /> : null}
    </div>
  );
}
