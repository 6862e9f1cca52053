import type { ButtonProps } from 'antd';
import { api } from '../../api/client.ts';
import type { CaseDocument } from '../../api/types.ts';
import { UploadButton } from '../../components/upload-button.tsx';
import { useI18n } from '../../i18n.ts';

/** Uploads one file into the case's dossier as a document of `kind`; a refusal is shown as the server words it. */
export function DossierUploadButton({
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
  return (
    <UploadButton<CaseDocument>
      upload={(file) => api.uploadDocument(caseId, file, kind, volume)}
      uploadedText={(doc) => t.cases.dossier.uploaded(doc.name)}
      label={label ?? t.cases.dossier.upload}
      onUploaded={onUploaded}
      testId={testId}
      buttonProps={buttonProps}
    />
  );
}
