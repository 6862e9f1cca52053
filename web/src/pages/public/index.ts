// The citizens' pages, outside the logged-in shell (see app.tsx). Loaded lazily: a citizen's phone downloads
// neither the staff pages nor their charts.
import { type ComponentType, lazy } from 'react';

export const PUBLIC_PAGES: { path: string; Page: ComponentType }[] = [
  { path: '/public', Page: lazy(() => import('./public-home.tsx')) },
  { path: '/public/dispute', Page: lazy(() => import('./dispute-page.tsx')) },
  { path: '/public/petition', Page: lazy(() => import('./petition-page.tsx')) },
  { path: '/public/report', Page: lazy(() => import('./report-page.tsx')) },
  { path: '/public/track', Page: lazy(() => import('./track-page.tsx')) },
];
