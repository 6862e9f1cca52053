import { Alert, Button, Card, Empty, Flex, InputNumber, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import type { CaseDocument, CaseView } from '../../api/types.ts';
import { useCan } from '../../components/session.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';
import { DocumentViewer } from './document-viewer.tsx';
import { DossierUploadButton } from './upload-button.tsx';

/** A file's size as B, KB or MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The dossier by volume: each document's kind, pages and SM3 digest, a viewer, and (for the holder) an upload. */
export function DossierSection({ view, onChanged }: { view: CaseView; onChanged: () => void }) {
  const { t, formatDateTime } = useI18n();
  const can = useCan();
  const names = useCaseNames();
  const [viewing, setViewing] = useState<CaseDocument | null>(null);
  const [kind, setKind] = useState('dossier');
  const [volume, setVolume] = useState(1);
  const text = t.cases.dossier;
  const mayUpload = view.youHold && can('case:update') && !view.onPaper;
  const volumes = [...new Set(view.documents.map((d) => d.volume))].sort((a, b) => a - b);

  const columns: TableColumnsType<CaseDocument> = [
    { key: 'kind', title: text.kind, render: (_, d) => names.documentKind(d.kind, d.kindName) },
    { key: 'name', title: text.name, dataIndex: 'name' },
    { key: 'pages', title: text.pages, dataIndex: 'pages', align: 'right' },
    { key: 'size', title: text.size, render: (_, d) => formatSize(d.sizeBytes), align: 'right' },
    {
      key: 'sm3',
      title: text.sm3,
      render: (_, d) => (
        <Typography.Text code copyable={{ text: d.sm3 }} style={{ fontSize: 12 }} data-testid="document-sm3">
          {`${d.sm3.slice(0, 16)}…`}
        </Typography.Text>
      ),
    },
    { key: 'uploadedAt', title: text.uploadedAt, render: (_, d) => formatDateTime(d.uploadedAt) },
    {
      key: 'view',
      title: '',
      render: (_, d) => (
        <Button type="link" size="small" onClick={() => setViewing(d)} data-testid="document-view">
          {text.view}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="case-dossier">
      {view.onPaper ? <Alert type="warning" showIcon title={text.onPaperNotice} /> : null}
      {mayUpload ? (
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong>{text.uploadTitle}</Typography.Text>
          <Select
            style={{ width: 300 }}
            value={kind}
            onChange={setKind}
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={text.kind}
            options={[...(names.flow?.rules.documents ?? []).map((d) => d.id), 'other'].map((value) => ({ value, label: names.documentKind(value) }))}
            data-testid="dossier-upload-kind"
          />
          <InputNumber
            min={1}
            max={999}
            value={volume}
            onChange={(v) => setVolume(v ?? 1)}
            prefix={text.volumeNo}
            style={{ width: 120 }}
          />
          <DossierUploadButton caseId={view.id} kind={kind} volume={volume} onUploaded={onChanged} testId="dossier-upload" />
        </Flex>
      ) : null}
      <Typography.Text type="secondary" data-testid="dossier-total">
        {text.total(view.documents.length, view.dossierPages)}
      </Typography.Text>
      {volumes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.empty} />
      ) : (
        volumes.map((v) => {
          const docs = view.documents.filter((d) => d.volume === v);
          return (
            <Card
              key={v}
              size="small"
              type="inner"
              title={text.volume(v)}
              extra={text.pagesOfVolume(docs.length, docs.reduce((n, d) => n + d.pages, 0))}
              data-testid="dossier-volume"
            >
              <Table<CaseDocument>
                rowKey="id"
                size="small"
                columns={columns}
                dataSource={docs}
                pagination={false}
                scroll={{ x: 'max-content' }}
              />
            </Card>
          );
        })
      )}
      {viewing ? <DocumentViewer caseId={view.id} document={viewing} onClose={() => setViewing(null)} /> : null}
    </Flex>
  );
}
