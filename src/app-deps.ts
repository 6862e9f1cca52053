import { join } from 'node:path';
import type { Config } from './config/config.ts';
import type { Db } from './db/client.ts';
import type { CaseFlow } from './engine/case-flow/flow.ts';
import type { EvidenceChecklist } from './engine/evidence/checklists.ts';
import type { Agency, RegionLevel, Role } from './engine/organisation.ts';
import type { PermissionTable } from './engine/permissions/permissions.ts';
import { type FileStore, createFilesystemStore, createS3Store } from './modules/dossiers/file-store.ts';
import { loadCaseFlow } from './rules/load-case-flow.ts';
import { type Clock, loadClock } from './rules/load-clock.ts';
import { loadEvidenceChecklists } from './rules/load-evidence-checklists.ts';
import { loadRules } from './rules/load-rules.ts';
import { loadSupervisionPeriods } from './rules/load-supervision.ts';
import { loadPublicLimits } from './rules/load-public-limits.ts';
import type { PublicLimits } from './engine/public-intake/limits.ts';
import { loadDisputeRules } from './rules/load-disputes.ts';
import type { DisputeRules } from './engine/disputes/dispute-rules.ts';
import { loadPetitionFlow } from './rules/load-petition-flow.ts';
import type { PetitionFlowRules } from './engine/petitions/petition-flow.ts';
import { loadGridEventRules } from './rules/load-grid-events.ts';
import type { RiskAssessmentRules } from './engine/risk-assessments/risk-matrix.ts';
import type { GridEventRules } from './engine/grid-events/event-flow.ts';
import { loadCaseRecordRules } from './rules/load-case-records.ts';
import type { CaseRecordRules } from './engine/case-records/kinds.ts';
import { type WarningModels, loadWarningModels } from './rules/load-warning-models.ts';
import type { SupervisionPeriods } from './engine/supervision/item-flow.ts';
import { MASTER_KEY_ENV, loadMasterKey } from './shared/key-vault.ts';

/** The resources every part of the app receives explicitly (no container): each takes what it uses. */
export interface AppDeps {
  db: Db;
  config: Config;
  permissions: PermissionTable;
  /** The roles a unit of this agency at this level has (rules/organisation.yaml). */
  rolesFor(agency: Agency, level: RegionLevel): readonly Role[];
  /** The statutory clock: time-limit rules, the official calendar, the computation rules. */
  clock: Clock;
  /** The criminal case across agencies (rules/case-flow.yaml). */
  caseFlow: CaseFlow;
  /** Evidence checklists by charge id (rules/evidence-checklists). */
  evidenceChecklists: Map<string, EvidenceChecklist>;
  /** The warning models of rules/warning-models, and the definitions refused at load (issue 5). */
  warningModels: WarningModels;
  /** The kinds of structured case records and the incident categories (rules/case-records.yaml). */
  caseRecords: CaseRecordRules;
  /** How long units have to accept and rectify supervision items (rules/supervision.yaml). */
  supervisionPeriods: SupervisionPeriods;
  /** Dispute types, matching windows, step periods, routing and the agreement template (rules/governance/dispute-*.yaml). */
  disputeRules: DisputeRules;
  /** The clocks each petition action starts or stops, channels, legal routes (rules/governance/petition-flow.yaml). */
  petitionFlow: PetitionFlowRules;
  /** Categories of grid events and the periods of each center's step (rules/governance/grid-events.yaml). */
  gridEventRules: GridEventRules;
  /** The risk matrix, rating rule and opinion kinds of stability risk assessments (rules/risk-assessment.yaml). */
  riskAssessmentRules: RiskAssessmentRules;
  /** The abuse limits of the citizens' pages (rules/governance/public-limits.yaml). */
  publicLimits: PublicLimits;
  /** Where document bytes live, addressed by SM3. */
  files: FileStore;
  /** Seals the units' private signing keys at rest; read lazily (the file is created on first use). */
  masterKey(): Buffer;
  /** The current moment: the clock of every record the services write (the demo loader sets it back). */
  now(): Date;
}

/** Reads every rule file and opens the document store: what the server, the tests and the CLI share. */
export function loadAppDeps(config: Config, db: Db): AppDeps {
  const rules = loadRules();
  const clock = loadClock(config.dataDir);
  let masterKey: Buffer | null = null;
  return {
    db,
    config,
    permissions: rules.permissions,
    rolesFor: rules.rolesFor,
    clock,
    caseFlow: loadCaseFlow(new Set(clock.rules.keys())),
    evidenceChecklists: loadEvidenceChecklists(),
    warningModels: loadWarningModels(),
    supervisionPeriods: loadSupervisionPeriods(),
    disputeRules: loadDisputeRules(),
    petitionFlow: loadPetitionFlow(clock.rules),
    gridEventRules: loadGridEventRules(),
    riskAssessmentRules: rules.riskAssessment,
    caseRecords: loadCaseRecordRules(),
    publicLimits: loadPublicLimits(),
    files: config.s3 ? createS3Store(config.s3) : createFilesystemStore(join(config.dataDir, 'documents')),
    masterKey() {
      masterKey ??= loadMasterKey(config.masterKeyHex === undefined ? {} : { [MASTER_KEY_ENV]: config.masterKeyHex }, config.dataDir);
      return masterKey;
    },
    now: () => new Date(),
  };
}
