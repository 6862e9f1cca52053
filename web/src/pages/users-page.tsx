import { App, Button, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { NewUserModal } from '../components/new-user-modal.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { usePaging } from '../components/paging.ts';
import { PersonalDataModal } from '../components/personal-data-modal.tsx';
import { useCan } from '../components/session.tsx';
import { useApi } from '../components/use-api.ts';
import { useI18n } from '../i18n.ts';

export default function UsersPage() {
  const { t, name } = useI18n();
  const { message } = App.useApp();
  const { paging, pagination } = usePaging();
  const users = useApi((signal) => api.users(paging, { signal }), [paging.page, paging.pageSize]);
  const [creating, setCreating] = useState(false);
  const [revealFor, setRevealFor] = useState<User | null>(null);
  const can = useCan();

  const columns: TableColumnsType<User> = [
    { key: 'username', title: t.users.username, dataIndex: 'username' },
    { key: 'displayName', title: t.users.displayName, dataIndex: 'displayName' },
    { key: 'role', title: t.users.role, render: (_, u) => t.role[u.role] },
    { key: 'unit', title: t.users.unit, render: (_, u) => name(u.unitName, u.unitNameEn) },
    { key: 'phone', title: t.users.phone, render: (_, u) => u.phone ?? t.common.none },
    { key: 'idNumber', title: t.users.idNumber, render: (_, u) => u.idNumber ?? t.common.none },
    {
      key: 'active',
      title: t.users.active,
      render: (_, u) =>
        u.active ? <Tag color="green">{t.users.activeYes}</Tag> : <Tag>{t.users.activeNo}</Tag>,
    },
  ];
  if (can('user:reveal')) {
    columns.push({
      key: 'actions',
      title: t.users.actions,
      render: (_, u) => (
        <Button type="link" size="small" onClick={() => setRevealFor(u)} data-testid={`reveal-${u.username}`}>
          {t.users.reveal}
        </Button>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t.menu.users}
        extra={
          can('user:create') ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-user">
              {t.users.newUser}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={users.error} onRetry={users.reload} />
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users.data?.items}
        loading={users.isLoading}
        pagination={pagination(users.data?.total)}
        scroll={{ x: 'max-content' }}
      />
      {creating ? (
        <NewUserModal
          onClose={() => setCreating(false)}
          onCreated={(user) => {
            setCreating(false);
            message.success(t.users.created(user.username));
            users.reload();
          }}
        />
      ) : null}
      {revealFor ? <PersonalDataModal user={revealFor} onClose={() => setRevealFor(null)} /> : null}
    </>
  );
}
