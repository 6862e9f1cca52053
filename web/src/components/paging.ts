// Server-side paging for antd tables: the page and page size sent as `page` / `pageSize`.
import type { TablePaginationConfig } from 'antd';
import { useCallback, useState } from 'react';
import { useI18n } from '../i18n.ts';

export interface Paging {
  page: number;
  pageSize: number;
}

export function usePaging(initialPageSize = 20) {
  const { t } = useI18n();
  const [paging, setPaging] = useState<Paging>({ page: 1, pageSize: initialPageSize });

  const pagination = (total: number | undefined): TablePaginationConfig => ({
    current: paging.page,
    pageSize: paging.pageSize,
    total,
    showSizeChanger: true,
    showTotal: (n) => t.common.total(n),
    // A new page size starts again at page 1, so the user is never left beyond the last page.
    onChange: (page, pageSize) => setPaging((p) => ({ page: pageSize === p.pageSize ? page : 1, pageSize })),
  });
  const toFirstPage = useCallback(() => setPaging((p) => ({ ...p, page: 1 })), []);

  return { paging, pagination, toFirstPage };
}
