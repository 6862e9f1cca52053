// The pages behind the side menu: one entry per menu key the server may grant, in menu order.
import { lazy } from 'react';
import type { ComponentType } from 'react';
import type { MenuKey } from '../api/types.ts';
import HomePage from './home-page.tsx';

export interface AppPage {
  key: MenuKey;
  path: string;
  Page: ComponentType;
}

export const APP_PAGES: readonly AppPage[] = [
  { key: 'home', path: '/', Page: HomePage },
  { key: 'users', path: '/users', Page: lazy(() => import('./users-page.tsx')) },
  { key: 'units', path: '/units', Page: lazy(() => import('./units-page.tsx')) },
  { key: 'regions', path: '/regions', Page: lazy(() => import('./regions-page.tsx')) },
  { key: 'audit', path: '/audit', Page: lazy(() => import('./audit-page.tsx')) },
  { key: 'deadlines', path: '/deadlines', Page: lazy(() => import('./deadlines-page.tsx')) },
];

/** The page a location belongs to, for highlighting the menu. */
export function pageAt(pathname: string): AppPage | undefined {
  return APP_PAGES.find((p) => (p.path === '/' ? pathname === '/' : pathname === p.path || pathname.startsWith(`${p.path}/`)));
}
