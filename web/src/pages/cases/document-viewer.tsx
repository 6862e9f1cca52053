import { Alert, Descriptions, Flex, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { documentContentUrl } from '../../api/client.ts';
import type { CaseDocument } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';

/** Shows one dossier document: a PDF in a frame, an image inline; an OFD only by link (browsers cannot show it). */
export function DocumentViewer({ caseId, document: doc, onClose }: { caseId: string; document: CaseDocument; onClose: () => void }) {
  const { t } = useI18n();
  const url = documentContentUrl(caseId, doc.id);
  const names = useCaseNames();
  const text = t.cases.dossier;

  let content: ReactNode;
  if (doc.mime === 'application/pdf') {
    content = <iframe src={url} title={doc.name} style={{ width: '100%', height: '70vh', border: 0 }} data-testid="document-frame" />;
  } else if (doc.mime.startsWith('image/')) {
    content = <img src={url} alt={doc.name} style={{ maxWidth: '100%', maxHeight: '70vh' }} data-testid="document-image" />;
  } else {
    content = <Alert type="info" showIcon title={text.noInlineView} />;
  }

  return (
    <Modal open width={960} title={doc.name} onCancel={onClose} footer={null} data-testid="document-viewer">
      <Flex vertical gap={12}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'kind', label: text.kind, children: names.documentKind(doc.kind, doc.kindName) },
            { key: 'volume', label: text.volumeNo, children: doc.volume },
            { key: 'pages', label: text.pages, children: doc.pages },
            {
              key: 'sm3',
              label: text.sm3,
              span: 'filled',
              children: (
                <Typography.Text code copyable style={{ fontSize: 12 }}>
                  {doc.sm3}
                </Typography.Text>
              ),
            },
          ]}
        />
        <Typography.Link href={url} target="_blank" rel="noopener noreferrer">
          {text.openNewTab}
        </Typography.Link>
        {content}
      </Flex>
    </Modal>
  );
}
