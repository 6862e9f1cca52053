import { Alert, Descriptions, Modal, Skeleton } from 'antd';
import { api } from '../../api/client.ts';
import type { CasePerson } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';

/** A person's unmasked name, ID number and phone; mounted only while open, each opening one audited read. */
export function PersonRevealModal({ caseId, person, onClose }: { caseId: string; person: CasePerson; onClose: () => void }) {
  const { t } = useI18n();
  const names = useCaseNames();
  const data = useApi((signal) => api.casePersonalData(caseId, person.id, { signal }), [caseId, person.id], {
    forbidden: 'inline',
  });
  const text = t.cases.persons;

  return (
    <Modal
      open
      title={`${text.revealTitle} · ${names.personRole(person.role)} ${person.name}`}
      onCancel={onClose}
      footer={null}
      data-testid="person-reveal-modal"
    >
      {data.error ? (
        <ErrorAlert error={data.error} />
      ) : !data.data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              { key: 'name', label: text.name, children: <span data-testid="revealed-name">{data.data.name}</span> },
              { key: 'idNumber', label: text.idNumber, children: data.data.idNumber ?? t.common.none },
              { key: 'phone', label: text.phone, children: data.data.phone ?? t.common.none },
            ]}
          />
          <Alert type="info" showIcon title={text.revealAudited} style={{ marginTop: 16 }} data-testid="reveal-audited" />
        </>
      )}
    </Modal>
  );
}
