import { Alert, Descriptions, Modal, Skeleton } from 'antd';
import { api } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { useI18n } from '../i18n.ts';
import { ErrorAlert } from './error-alert.tsx';
import { useApi } from './use-api.ts';

/** Shows a user's unmasked phone and ID number; mounted only while open, and every opening is one audited read. */
export function PersonalDataModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useI18n();
  // A refusal is shown in the modal: the list behind it stays usable.
  const data = useApi((signal) => api.personalData(user.id, { signal }), [user.id], { forbidden: 'inline' });

  return (
    <Modal
      open
      title={t.users.revealTitle(user.displayName)}
      onCancel={onClose}
      footer={null}
      data-testid="personal-data-modal"
    >
      {data.error ? (
        <ErrorAlert error={data.error} />
      ) : !data.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <>
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              { key: 'phone', label: t.users.phone, children: data.data.phone ?? t.common.none },
              { key: 'idNumber', label: t.users.idNumber, children: data.data.idNumber ?? t.common.none },
            ]}
          />
          <Alert type="info" showIcon title={t.users.revealAudited} style={{ marginTop: 16 }} />
        </>
      )}
    </Modal>
  );
}
