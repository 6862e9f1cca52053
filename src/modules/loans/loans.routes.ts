import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { errors, pageWindow } from '../../shared/fields.ts';
import { CaseIdParams, IdOnly } from '../cases/cases.schema.ts';
import { LoanDecisionBody, LoanIdParams, LoanListQuery, LoanPage, LoanRequestBody, LoanView } from './loans.schema.ts';
import { decideLoan, listLoansFor, requestLoan, returnLoan } from './loans.service.ts';

export function loanRoutes(app: TypedApp, deps: AppDeps): void {
  const tags = ['cases'];

  app.post('/api/cases/:id/loans', {
    config: { permission: { action: 'create', resource: 'paper-loan' } },
    schema: {
      tags,
      summary: '申请调阅纸质卷宗 / Ask the holding unit for the paper dossier',
      params: CaseIdParams,
      body: LoanRequestBody,
      response: { 201: IdOnly, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await requestLoan(deps, requestContext(req), req.params.id, req.body)));

  app.post('/api/loans/:id/decision', {
    config: { permission: { action: 'update', resource: 'paper-loan' } },
    schema: {
      tags,
      summary: '审批调阅（同意并定归还日期，或不同意并说明理由） / Lend with a due date, or refuse with a reason',
      params: LoanIdParams,
      body: LoanDecisionBody,
      response: { 200: LoanView, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, (req) => decideLoan(deps, requestContext(req), req.params.id, req.body));

  app.post('/api/loans/:id/return', {
    config: { permission: { action: 'update', resource: 'paper-loan' } },
    schema: { tags, summary: '登记卷宗归还 / Record the return of the paper dossier', params: LoanIdParams, response: { 200: LoanView, ...errors(400, 401, 403, 404, 409) } },
  }, (req) => returnLoan(deps, requestContext(req), req.params.id));

  app.get('/api/loans', {
    config: { permission: { action: 'read', resource: 'paper-loan' } },
    schema: { tags, summary: '本单位的调阅（收到的或发出的） / Your unit\'s paper-dossier loans', querystring: LoanListQuery, response: { 200: LoanPage, ...errors(400, 401, 403) } },
  }, (req) => listLoansFor(deps, requestContext(req), { direction: req.query.direction, state: req.query.state, ...pageWindow(req.query) }));
}
