// The pages behind the side menu: one entry per menu key the server may grant, in menu order.
import { lazy } from 'react';
import type { ComponentType } from 'react';
import type { MenuKey } from '../api/types.ts';
import HomePage from './home-page.tsx';

export interface AppPage {
  /** The menu key that opens the page (a page outside the menu, like one case, is guarded by its list's key). */
  key: MenuKey;
  path: string;
  Page: ComponentType;
  /** False for a page reached from another (one case from the case list), not from the menu. */
  inMenu?: boolean;
}

export const APP_PAGES: readonly AppPage[] = [
  { key: 'home', path: '/', Page: HomePage },
  { key: 'cockpit', path: '/cockpit', Page: lazy(() => import('./cockpit/cockpit-page.tsx')) },
  { key: 'cockpit', path: '/cockpit/list', Page: lazy(() => import('./cockpit/cockpit-list-page.tsx')), inMenu: false },
  { key: 'cases', path: '/cases', Page: lazy(() => import('./cases/case-list-page.tsx')) },
  { key: 'cases', path: '/cases/:id', Page: lazy(() => import('./cases/case-page.tsx')), inMenu: false },
  { key: 'warnings', path: '/warnings', Page: lazy(() => import('./oversight/warnings-page.tsx')) },
  { key: 'supervision', path: '/supervision', Page: lazy(() => import('./oversight/supervision-list-page.tsx')) },
  {
    key: 'supervision',
    path: '/supervision/:id',
    Page: lazy(() => import('./oversight/supervision-item-page.tsx')),
    inMenu: false,
  },
  { key: 'warning-models', path: '/warning-models', Page: lazy(() => import('./oversight/warning-models-page.tsx')) },
  {
    key: 'warning-models',
    path: '/warning-models/:id',
    Page: lazy(() => import('./oversight/warning-model-page.tsx')),
    inMenu: false,
  },
  { key: 'dispute-desk', path: '/dispute-desk', Page: lazy(() => import('./governance/dispute-desk-page.tsx')) },
  { key: 'disputes', path: '/disputes', Page: lazy(() => import('./governance/dispute-list-page.tsx')) },
  { key: 'disputes', path: '/disputes/:id', Page: lazy(() => import('./governance/dispute-page.tsx')), inMenu: false },
  { key: 'petitions', path: '/petitions', Page: lazy(() => import('./governance/petition-list-page.tsx')) },
  { key: 'petitions', path: '/petitions/:id', Page: lazy(() => import('./governance/petition-page.tsx')), inMenu: false },
  { key: 'grid-events', path: '/grid-events', Page: lazy(() => import('./governance/grid-event-list-page.tsx')) },
  {
    key: 'grid-events',
    path: '/grid-events/:id',
    Page: lazy(() => import('./governance/grid-event-page.tsx')),
    inMenu: false,
  },
  { key: 'governance-metrics', path: '/governance-metrics', Page: lazy(() => import('./governance/metrics-page.tsx')) },
  { key: 'risk-assessments', path: '/risk-assessments', Page: lazy(() => import('./risk/risk-assessment-list-page.tsx')) },
  {
    key: 'risk-assessments',
    path: '/risk-assessments/:id',
    Page: lazy(() => import('./risk/risk-assessment-page.tsx')),
    inMenu: false,
  },
  { key: 'rankings', path: '/rankings', Page: lazy(() => import('./rankings/rankings-page.tsx')) },
  { key: 'reports', path: '/reports', Page: lazy(() => import('./reports/reports-page.tsx')) },
  { key: 'collaboration-rate', path: '/collaboration-rate', Page: lazy(() => import('./collaboration-rate-page.tsx')) },
  { key: 'users', path: '/users', Page: lazy(() => import('./users-page.tsx')) },
  { key: 'units', path: '/units', Page: lazy(() => import('./units-page.tsx')) },
  { key: 'regions', path: '/regions', Page: lazy(() => import('./regions-page.tsx')) },
  { key: 'audit', path: '/audit', Page: lazy(() => import('./audit-page.tsx')) },
  { key: 'deadlines', path: '/deadlines', Page: lazy(() => import('./deadlines-page.tsx')) },
];

/** The pages the side menu offers, in menu order. */
export const MENU_PAGES: readonly AppPage[] = APP_PAGES.filter((p) => p.inMenu !== false);

/** The page a location belongs to, for highlighting the menu. */
export function pageAt(pathname: string): AppPage | undefined {
  return MENU_PAGES.find((p) => (p.path === '/' ? pathname === '/' : pathname === p.path || pathname.startsWith(`${p.path}/`)));
}
