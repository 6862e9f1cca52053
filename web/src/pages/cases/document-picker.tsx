import { Flex, Select } from 'antd';
import type { CaseDocument } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';
import { DossierUploadButton } from './upload-button.tsx';

/** The newest document of a kind, to preselect. */
export function newestOfKind(documents: readonly CaseDocument[], kind: string): CaseDocument | undefined {
  return documents.filter((d) => d.kind === kind).sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt))[0];
}

/**
 * Chooses the dossier document that stands for one required kind, with an upload of that kind right beside it
 * (the uploaded document is then chosen). Used inside a Form.Item, which passes value and onChange.
 */
export function DocumentPicker({
  caseId,
  kind,
  documents,
  canUpload,
  onUploaded,
  value,
  onChange,
}: {
  caseId: string;
  kind: string;
  documents: readonly CaseDocument[];
  canUpload: boolean;
  onUploaded: (doc: CaseDocument) => void;
  value?: string;
  onChange?: (id: string) => void;
}) {
  const { t, formatDateTime } = useI18n();
  const ofKind = documents.filter((d) => d.kind === kind);
  return (
    <Flex gap={8} data-testid={`pick-${kind}`}>
      <Select
        style={{ flex: 1, minWidth: 0 }}
        value={value}
        onChange={onChange}
        placeholder={t.cases.transition.pickDocument}
        options={ofKind.map((d) => ({ value: d.id, label: `${d.name} · ${formatDateTime(d.uploadedAt)}` }))}
      />
      {canUpload ? (
        <DossierUploadButton
          caseId={caseId}
          kind={kind}
          label={t.cases.transition.uploadHere}
          testId={`upload-${kind}`}
          onUploaded={(doc) => {
            onUploaded(doc);
            onChange?.(doc.id);
          }}
        />
      ) : null}
    </Flex>
  );
}
