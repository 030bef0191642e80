import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { Button, Table, Typography } from 'antd';
import { api, type ApiPath } from '../../platform/api.ts';
import { useI18n, type Msg } from '../../platform/i18n.tsx';
import { formatBytes, formatDateTime } from '../../platform/format.ts';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import type { OrgDocument } from './api.ts';
import { m } from './messages.ts';

export function documentKindLabel(kind: string, t: (msg: Msg) => string): string {
  const msg = (m as Record<string, Msg>)[`documentKind_${kind}`];
  return msg ? t(msg) : kind;
}

/** An organisation's documents with downloads: own (`orgId` omitted) or, for operators, any. */
export function DocumentsTable({ documents, orgId }: { documents: readonly OrgDocument[]; orgId?: string }) {
  const { t, lang } = useI18n();
  const handleProblem = useProblemHandler();
  const download = (doc: OrgDocument) => {
    const path: ApiPath = orgId ? '/platform/organizations/{orgId}/documents/{documentId}' : '/organization/documents/{documentId}';
    api.download(path, orgId ? { orgId, documentId: doc.id } : { documentId: doc.id }, doc.filename).catch(handleProblem);
  };
  return (
    <Table<OrgDocument>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={[...documents]}
      locale={{ emptyText: t(m.noDocuments) }}
      columns={[
        {
          title: t(m.fileName),
          dataIndex: 'filename',
          render: (name: string, doc) => (
            <span>
              <FileTextOutlined style={{ marginRight: 6, color: '#8c8c8c' }} />
              <Typography.Text>{name}</Typography.Text>
              <div className="cell-sub mono" title={doc.sha256}>
                SHA-256 {doc.sha256.slice(0, 16)}…
              </div>
            </span>
          ),
        },
        { title: t(m.fileKind), dataIndex: 'kind', width: 130, render: (kind: string) => documentKindLabel(kind, t) },
        { title: t(m.fileSize), dataIndex: 'sizeBytes', width: 100, render: (n: number) => formatBytes(n, lang) },
        { title: t(m.uploadedAt), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
        {
          title: t(common.actions),
          width: 90,
          render: (_, doc) => (
            <Button size="small" type="link" icon={<DownloadOutlined />} onClick={() => download(doc)} data-testid={`download-${doc.id}`}>
              {t(common.download)}
            </Button>
          ),
        },
      ]}
    />
  );
}
