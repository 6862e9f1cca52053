/**
 * The Fastify app, assembled in a fixed order: external plugins, then the app's own (error shape, auth),
 * then the routes. Everything it needs arrives in `deps`; nothing here reads the environment.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from './app-deps.ts';
import { registerAuthHook } from './http/auth-hook.ts';
import { errorHandler } from './http/error-handler.ts';
import type { TypedApp } from './http/typed.ts';
import { validatorCompiler } from './http/validation.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { caseFlowRoutes } from './modules/cases/case-flow.routes.ts';
import { caseRoutes } from './modules/cases/cases.routes.ts';
import { collaborationRoutes } from './modules/collaboration/collaboration.routes.ts';
import { warningRoutes } from './modules/warnings/warnings.routes.ts';
import { supervisionRoutes } from './modules/supervision/supervision.routes.ts';
import { disputeRoutes } from './modules/disputes/disputes.routes.ts';
import { disputeImportRoutes } from './modules/disputes-import/disputes-import.routes.ts';
import { petitionRoutes } from './modules/petitions/petitions.routes.ts';
import { recordRoutes } from './modules/records/records.routes.ts';
import { incidentRoutes } from './modules/incidents/incidents.routes.ts';
import { gridEventRoutes } from './modules/grid-events/grid-events.routes.ts';
import { riskAssessmentRoutes } from './modules/risk-assessments/risk-assessments.routes.ts';
import { governanceMetricRoutes } from './modules/governance-metrics/metrics.routes.ts';
import { reportRoutes } from './modules/reports/reports.routes.ts';
import { indicatorRoutes } from './modules/indicators/indicators.routes.ts';
import { cockpitRoutes } from './modules/cockpit/cockpit.routes.ts';
import { publicRoutes } from './modules/public/public.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { deadlineRoutes } from './modules/deadlines/deadlines.routes.ts';
import { healthRoutes } from './modules/health.routes.ts';
import { loanRoutes } from './modules/loans/loans.routes.ts';
import { meRoutes } from './modules/me/me.routes.ts';
import { propertyRoutes } from './modules/property/property.routes.ts';
import { regionRoutes } from './modules/regions/regions.routes.ts';
import { unitRoutes } from './modules/units/units.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { AppError } from './shared/errors.ts';
import { NoQuery } from './shared/fields.ts';

export interface BuildAppOptions {
  logger?: boolean;
}

/** The route groups of the API; each later capability adds its own here. */
const ROUTE_GROUPS = [healthRoutes, authRoutes, meRoutes, regionRoutes, unitRoutes, userRoutes, auditRoutes, deadlineRoutes, caseFlowRoutes, caseRoutes, loanRoutes, propertyRoutes, collaborationRoutes, warningRoutes, supervisionRoutes, disputeRoutes, disputeImportRoutes, petitionRoutes, recordRoutes, incidentRoutes, gridEventRoutes, publicRoutes, governanceMetricRoutes, riskAssessmentRoutes, cockpitRoutes, indicatorRoutes, reportRoutes];

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: deps.config.logLevel } : false,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    // errors the router answers before any route (a path parameter over maxParamLength, a malformed
    // percent-encoding) get the error shape too, instead of Fastify's own body
    frameworkErrors: (error, request, reply) => {
      errorHandler(error, request, reply);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The API speaks JSON only: without this, Fastify's built-in text/plain parser hands a string to the
  // validator and the answer is 400 instead of 415
  app.removeContentTypeParser('text/plain');

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);

  // External plugins
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design writes its styles at run time
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // served over plain HTTP on 127.0.0.1 by default; TLS is the reverse proxy's business
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    max: deps.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'CaseLink API — 政法协同办案与监督平台', version: '0.1.0' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'caselink_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // The API, in its own context so that the login check covers exactly its routes
  await app.register(async (api) => {
    const typed = api as unknown as TypedApp;
    registerAuthHook(api, deps);
    // a route that declares no query string takes none: an unknown parameter is refused like an unknown field
    api.addHook('onRoute', (route) => {
      if (!route.schema?.querystring) route.schema = { ...route.schema, querystring: NoQuery };
    });
    for (const group of ROUTE_GROUPS) group(typed, deps);
  });

  // The web app, when built: every path outside /api answers index.html (client-side routing)
  const webIndex = join(deps.config.webDir, 'index.html');
  const hasWeb = existsSync(webIndex);
  if (hasWeb) {
    // the built files are listed at start: after rebuilding the web app, restart the server
    await app.register(fastifyStatic, { root: deps.config.webDir, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api') || !hasWeb || request.method !== 'GET') {
      return reply.status(404).send(new AppError('ROUTE_NOT_FOUND').toBody());
    }
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
