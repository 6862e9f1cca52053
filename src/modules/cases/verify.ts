/**
 * Verification of a signed transfer: the stored manifest still hashes to the digest that was signed, the
 * signature verifies with the key it names, the manifest says what the transfer row says, and every document
 * it lists still has the digest it had when signed, in the database and in the file store.
 */
import type { Queryable } from '../../db/client.ts';
import { type Manifest, canonicalManifest } from '../../shared/canonical-manifest.ts';
import { AppError } from '../../shared/errors.ts';
import { sm3Hex } from '../../shared/sm3.ts';
import type { FileStore } from '../dossiers/file-store.ts';
import { type TransferRecord, findDocument, findTransfer, listAllTransferIds } from './cases.repository.ts';
import { verifyDigestSignature } from './unit-keys.ts';

export interface VerificationFailure {
  /** manifest-digest | signature | key | manifest-fields | document-changed | document-missing | file-damaged | file-missing */
  what: string;
  documentId?: string;
  zh: string;
  en: string;
}

export async function verifyTransfer(db: Queryable, files: FileStore, t: TransferRecord): Promise<{ failures: VerificationFailure[] }> {
  const failures: VerificationFailure[] = [];
  if (sm3Hex(Buffer.from(t.manifest, 'utf8')) !== t.manifestSm3) {
    failures.push({ what: 'manifest-digest', zh: '移送清单与签名时的摘要不符（清单被改动）', en: 'the manifest no longer hashes to the signed digest (it was changed)' });
  }
  const [key] = await db.query<{ public_key: string }>('SELECT public_key FROM unit_key WHERE id = $1', [t.keyId]);
  if (!key) {
    failures.push({ what: 'key', zh: '签名所用的单位密钥不存在', en: 'the unit key named by the signature does not exist' });
  } else if (!verifyDigestSignature(key.public_key, t.manifestSm3, t.signature)) {
    failures.push({ what: 'signature', zh: '电子签章（SM2 签名）验证失败', en: 'the e-seal (SM2 signature) does not verify' });
  }
  let m: Manifest | null = null;
  try {
    m = JSON.parse(t.manifest) as Manifest;
    // the stored text must be the canonical form of itself: nothing added, nothing reordered
    if (canonicalManifest(m) !== t.manifest) m = null;
  } catch {
    m = null;
  }
  if (!m || m.caseId !== t.caseId || m.transferId !== t.id || m.sender.unitId !== t.senderUnitId || m.receiver.unitId !== t.receiverUnitId || m.scenario !== t.scenario) {
    failures.push({ what: 'manifest-fields', zh: '移送清单与移送记录不一致', en: 'the manifest does not match the transfer record' });
  }
  const listed = new Map((m?.documents ?? []).map((d) => [d.id, d]));
  const attached = new Set(t.documentIds);
  if (m && (listed.size !== attached.size || [...attached].some((id) => !listed.has(id)))) {
    failures.push({ what: 'manifest-fields', zh: '移送所附文书与清单不一致', en: 'the documents attached differ from those the manifest lists' });
  }
  for (const d of listed.values()) {
    const row = await findDocument(db, d.id);
    if (!row) {
      failures.push({ what: 'document-missing', documentId: d.id, zh: `文书「${d.name}」已不存在`, en: `document "${d.name}" no longer exists` });
      continue;
    }
    if (row.sm3 !== d.sm3) {
      failures.push({ what: 'document-changed', documentId: d.id, zh: `文书「${d.name}」在签章后被改动（摘要不符）`, en: `document "${d.name}" was changed after signing (digest differs)` });
      continue;
    }
    try {
      await files.get(d.sm3);
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'unknown';
      failures.push(
        code === 'DOCUMENT_CORRUPT'
          ? { what: 'file-damaged', documentId: d.id, zh: `文书「${d.name}」的存储文件已损坏`, en: `the stored file of "${d.name}" is damaged` }
          : { what: 'file-missing', documentId: d.id, zh: `文书「${d.name}」的存储文件缺失`, en: `the stored file of "${d.name}" is missing` },
      );
    }
  }
  return { failures };
}

export interface DossierVerification {
  ok: boolean;
  transfers: number;
  documents: number;
  failures: ({ transferId: string; caseId: string } & VerificationFailure)[];
  documentFailures: { documentId: string; caseId: string; name: string; what: 'file-damaged' | 'file-missing'; zh: string; en: string }[];
}

/**
 * Re-verifies every signed transfer of one case (or of all cases) and every document's stored bytes against its
 * digest: what `bin/caselink dossier verify` prints.
 */
export async function verifyDossiers(db: Queryable, files: FileStore, caseId: string | null): Promise<DossierVerification> {
  const transferIds = await listAllTransferIds(db, caseId);
  const failures: DossierVerification['failures'] = [];
  for (const id of transferIds) {
    const t = (await findTransfer(db, id))!;
    for (const f of (await verifyTransfer(db, files, t)).failures) failures.push({ transferId: t.id, caseId: t.caseId, ...f });
  }
  const docs = caseId
    ? await db.query<{ id: string; case_id: string; name: string; sm3: string }>('SELECT id, case_id, name, sm3 FROM case_document WHERE case_id = $1 ORDER BY uploaded_at, id', [caseId])
    : await db.query<{ id: string; case_id: string; name: string; sm3: string }>('SELECT id, case_id, name, sm3 FROM case_document ORDER BY uploaded_at, id');
  const documentFailures: DossierVerification['documentFailures'] = [];
  const checked = new Map<string, 'ok' | 'file-damaged' | 'file-missing'>();
  for (const d of docs) {
    let state = checked.get(d.sm3);
    if (!state) {
      try {
        await files.get(d.sm3);
        state = 'ok';
      } catch (error) {
        state = error instanceof AppError && error.code === 'DOCUMENT_CORRUPT' ? 'file-damaged' : 'file-missing';
      }
      checked.set(d.sm3, state);
    }
    if (state === 'file-damaged') documentFailures.push({ documentId: d.id, caseId: d.case_id, name: d.name, what: state, zh: `文书「${d.name}」的存储文件已损坏`, en: `the stored file of "${d.name}" is damaged` });
    if (state === 'file-missing') documentFailures.push({ documentId: d.id, caseId: d.case_id, name: d.name, what: state, zh: `文书「${d.name}」的存储文件缺失`, en: `the stored file of "${d.name}" is missing` });
  }
  return { ok: failures.length === 0 && documentFailures.length === 0, transfers: transferIds.length, documents: docs.length, failures, documentFailures };
}
