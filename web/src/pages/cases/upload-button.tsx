import { App, Button, Upload } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { CaseDocument } from '../../api/types.ts';
import { useErrorText } from '../../components/error-alert.tsx';
import { useI18n } from '../../i18n.ts';

export const DOCUMENT_ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png,application/ofd';

/** The Content-Type to send a file with; the server decides the type from the bytes and refuses a mismatch. */
export function contentTypeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type;
  return /\.ofd$/i.test(file.name) ? 'application/ofd' : 'application/octet-stream';
}

/** Uploads one file into the case's dossier as a document of `kind`; a refusal is shown as the server words it. */
export function UploadButton({
  caseId,
  kind,
  volume = 1,
  label,
  onUploaded,
  testId,
  buttonProps,
}: {
  caseId: string;
  kind: string;
  volume?: number;
  label?: string;
  onUploaded: (doc: CaseDocument) => void;
  testId?: string;
  buttonProps?: ButtonProps;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [uploading, setUploading] = useState(false);

  async function upload(file: File) {
    setUploading(true);
    try {
      const doc = await api.uploadDocument(caseId, { bytes: file, type: contentTypeOf(file), name: file.name }, kind, volume);
      message.success(t.cases.dossier.uploaded(doc.name));
      onUploaded(doc);
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setUploading(false);
    }
  }

  return (
    <span data-testid={testId}>
      <Upload
        accept={DOCUMENT_ACCEPT}
        showUploadList={false}
        multiple={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button loading={uploading} {...buttonProps}>
          {label ?? t.cases.dossier.upload}
        </Button>
      </Upload>
    </span>
  );
}
