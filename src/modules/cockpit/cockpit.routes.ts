import type { AppDeps } from '../../app-deps.ts';
import type { Agency } from '../../engine/organisation.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { loadCockpitRules } from '../../rules/load-cockpit.ts';
import { loadRules } from '../../rules/load-rules.ts';
import { errors } from '../../shared/fields.ts';
import { ListQuery, ListView, PanelParams, PanelView, RegionQuery } from './cockpit.schema.ts';
import { cockpitList, cockpitPanel } from './cockpit.service.ts';

export function cockpitRoutes(app: TypedApp, deps: AppDeps): void {
  // read at start: a bad rules/cockpit.yaml stops start-up
  const rules = loadCockpitRules();
  const { organisation } = loadRules();
  const org = { agencyName: (a: string) => organisation.agencies[a as Agency] ?? { zh: a, en: a } };
  const permission = { action: 'read', resource: 'cockpit' } as const;

  app.get('/api/cockpit/panels/:panel', {
    config: { permission },
    schema: {
      tags: ['cockpit'],
      summary: '驾驶舱面板 / One panel of the cockpit',
      description: "One panel (cases, clocks, warnings, supervision, collaboration, governance, trends, regions, risk) for `region` (default: the caller's) and the regions below, from the counts the database keeps current; every figure and point carries the link to the list behind it.",
      params: PanelParams,
      querystring: RegionQuery,
      response: { 200: PanelView, ...errors(400, 401, 403, 422) },
    },
  }, (req) => cockpitPanel(deps, rules, org, requestContext(req), req.params.panel, req.query));

  app.get('/api/cockpit/list', {
    config: { permission },
    schema: {
      tags: ['cockpit'],
      summary: '驾驶舱数字背后的清单 / The rows behind a cockpit figure',
      description: 'The cases, clocks, warnings, supervision items, disputes, petitions or hand-overs a figure of the cockpit counted, newest first, a page at a time.',
      querystring: ListQuery,
      response: { 200: ListView, ...errors(400, 401, 403, 422) },
    },
  }, (req) => cockpitList(deps, rules, requestContext(req), req.query));
}
