import { crc32, inflateRawSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, ParseSpeeds } from 'pdf-lib';
import type { PDFObject } from 'pdf-lib';
import { AppError } from '../../shared/errors.ts';
import { type DocumentType, type ZipDirectory, type ZipEntry, readZipDirectory, zipEntryData } from './file-type.ts';

/**
 * Limits on what an OFD (a ZIP) may unpack to. Only the XML needed for the count is inflated, but the
 * declared sizes of every entry are checked, so a bomb is refused here before anything downstream
 * (a viewer, a converter) opens it.
 */
export interface ArchiveLimits {
  maxEntries: number;
  /** Sum of the declared uncompressed sizes of all entries. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio for an entry over 1 MiB (text compresses ~10:1, images ~1:1). */
  maxRatio: number;
  /** Largest XML file (OFD.xml, Document.xml) inflated to count pages. */
  maxXmlBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = {
  maxEntries: 10_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxRatio: 100,
  maxXmlBytes: 16 * 1024 * 1024,
};

const RATIO_FLOOR_BYTES = 1024 * 1024;
/** Deeper page trees than this are not made by any producer; the limit keeps a crafted one cheap. */
const MAX_PAGE_TREE_DEPTH = 64;

/**
 * The number of pages of a document whose type was sniffed by `sniffDocument`: 1 for an image; for a PDF
 * the /Count of the root /Pages, which must equal the number of leaf pages actually in the tree; for an
 * OFD the `Page` entries of each document's Document.xml, summed over the documents in OFD.xml.
 * Refuses with DOCUMENT_UNREADABLE (encrypted, damaged, no pages) or DOCUMENT_ARCHIVE_TOO_LARGE.
 */
export async function countPages(
  bytes: Uint8Array,
  type: DocumentType,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<number> {
  switch (type) {
    case 'jpeg':
    case 'png':
      return 1;
    case 'pdf':
      return countPdfPages(bytes);
    case 'ofd':
      return countOfdPages(bytes, limits);
    default: {
      const unreachable: never = type;
      throw new Error(`unknown document type ${String(unreachable)}`);
    }
  }
}

function unreadable(reason: string, message?: { zh: string; en: string }): AppError {
  return new AppError('DOCUMENT_UNREADABLE', { reason }, message);
}

const ENCRYPTED = {
  zh: 'PDF 文件已加密，请另存为未加密的文件后重新上传',
  en: 'The PDF is encrypted; save an unencrypted copy and upload it again',
};

async function countPdfPages(bytes: Uint8Array): Promise<number> {
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, {
      // pdf-lib is compiled to ES5, where its EncryptedPDFError is not an instanceof: ask isEncrypted instead
      ignoreEncryption: true,
      updateMetadata: false,
      // strict: a damaged object refuses the file (and pdf-lib would otherwise console.warn about it)
      throwOnInvalidObject: true,
      // yields to the event loop every 500 objects, so a large PDF does not stall other requests
      parseSpeed: ParseSpeeds.Medium,
    });
  } catch {
    throw unreadable('unparsable');
  }
  if (document.isEncrypted) throw unreadable('encrypted', ENCRYPTED);
  const { context } = document;
  const lookup = (object: PDFObject | undefined): PDFObject | undefined =>
    object instanceof PDFRef ? context.lookup(object) : object;
  const catalog = lookup(context.trailerInfo.Root);
  if (!(catalog instanceof PDFDict)) throw unreadable('no catalog');
  const root = lookup(catalog.get(PDFName.of('Pages')));
  if (!(root instanceof PDFDict)) throw unreadable('no page tree');
  const count = lookup(root.get(PDFName.of('Count')));
  if (!(count instanceof PDFNumber) || !Number.isSafeInteger(count.asNumber()) || count.asNumber() < 1) {
    throw unreadable('no page count');
  }

  // The leaves are counted too: a /Count that disagrees with the tree means a damaged file, and a page
  // count that decides whether a dossier goes online must not come from one. Each node is visited once.
  const seen = new Set<PDFDict>();
  let leaves = 0;
  const walk = (node: PDFDict, depth: number): void => {
    if (seen.has(node) || depth > MAX_PAGE_TREE_DEPTH) throw unreadable('page tree loops');
    seen.add(node);
    const kind = lookup(node.get(PDFName.of('Type')));
    const kids = lookup(node.get(PDFName.of('Kids')));
    if (kind === PDFName.of('Pages') && !(kids instanceof PDFArray)) throw unreadable('page tree broken');
    if (kids instanceof PDFArray && kind !== PDFName.of('Page')) {
      for (let i = 0; i < kids.size(); i++) {
        const kid = lookup(kids.get(i));
        if (!(kid instanceof PDFDict)) throw unreadable('page tree broken');
        walk(kid, depth + 1);
      }
    } else if (depth > 0) {
      leaves++;
    } else {
      throw unreadable('page tree broken');
    }
  };
  walk(root, 0);
  if (leaves !== count.asNumber()) throw unreadable('page count disagrees with page tree');
  return leaves;
}

function countOfdPages(bytes: Uint8Array, limits: ArchiveLimits): number {
  const directory = readZipDirectory(bytes);
  if (directory === null) throw unreadable('not a zip');
  checkArchiveLimits(directory, limits);
  const byName = new Map(directory.entries.map((e) => [e.name, e]));
  const read = (name: string): string => {
    const entry = byName.get(name);
    if (entry === undefined) throw unreadable(`missing ${name}`);
    return new TextDecoder('utf-8').decode(inflateEntry(bytes, directory, entry, limits));
  };

  const roots = elementTexts(read('OFD.xml'), 'DocRoot');
  if (roots.length === 0) throw unreadable('no DocRoot in OFD.xml');
  let pages = 0;
  for (const root of roots) {
    const path = normaliseEntryPath(root);
    if (path === null) throw unreadable('bad DocRoot path');
    const documentPages = countPageElements(read(path));
    if (documentPages === 0) throw unreadable('document without pages');
    pages += documentPages;
  }
  return pages;
}

function checkArchiveLimits(directory: ZipDirectory, limits: ArchiveLimits): void {
  const tooLarge = (reason: string, detail: Record<string, unknown>) =>
    new AppError('DOCUMENT_ARCHIVE_TOO_LARGE', { reason, ...detail });
  if (directory.entries.length > limits.maxEntries) {
    throw tooLarge('entries', { entries: directory.entries.length, maxEntries: limits.maxEntries });
  }
  let total = 0;
  for (const entry of directory.entries) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxRatio) {
      throw tooLarge('ratio', { entry: entry.name, ratio: Math.round(ratio), maxRatio: limits.maxRatio });
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw tooLarge('size', { uncompressedBytes: total, maxUncompressedBytes: limits.maxUncompressedBytes });
  }
}

/** An entry's bytes, inflated to at most its declared size (so a lying header cannot unpack more). */
function inflateEntry(bytes: Uint8Array, directory: ZipDirectory, entry: ZipEntry, limits: ArchiveLimits): Uint8Array {
  if (entry.uncompressedSize > limits.maxXmlBytes) {
    throw new AppError('DOCUMENT_ARCHIVE_TOO_LARGE', {
      reason: 'xml',
      entry: entry.name,
      uncompressedBytes: entry.uncompressedSize,
      maxXmlBytes: limits.maxXmlBytes,
    });
  }
  if ((entry.flags & 1) !== 0) throw unreadable('encrypted entry', { zh: 'OFD 文件已加密', en: 'The OFD file is encrypted' });
  const data = zipEntryData(bytes, directory, entry);
  if (data === null) throw unreadable('entry outside archive');
  let out: Uint8Array;
  if (entry.method === 0) {
    out = data;
  } else if (entry.method === 8) {
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch {
      throw unreadable('entry does not inflate to its declared size');
    }
  } else {
    throw unreadable(`compression method ${entry.method}`);
  }
  if (out.length !== entry.uncompressedSize || crc32(out) !== entry.crc32) throw unreadable('entry checksum');
  return out;
}

const NAME = '(?:[A-Za-z_][\\w.-]*:)?';

function stripComments(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->/g, '');
}

/** The text of every `<prefix:Tag>text</prefix:Tag>`, whatever the namespace prefix. */
function elementTexts(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${NAME}${tag}(?:\\s[^>]*)?>([^<]*)</${NAME}${tag}\\s*>`, 'g');
  return Array.from(stripComments(xml).matchAll(pattern), (m) => decodeXmlText(m[1] ?? '').trim());
}

/** Counts `Page` elements inside the first `Pages` element of a Document.xml (GB/T 33190-2016 7.5). */
export function countPageElements(documentXml: string): number {
  const xml = stripComments(documentXml);
  const open = new RegExp(`<${NAME}Pages(?:\\s[^>]*)?>`).exec(xml);
  if (open === null) return 0;
  const close = new RegExp(`</${NAME}Pages\\s*>`).exec(xml.slice(open.index));
  if (close === null) return 0;
  const inside = xml.slice(open.index + open[0].length, open.index + close.index);
  return Array.from(inside.matchAll(new RegExp(`<${NAME}Page[\\s/>]`, 'g'))).length;
}

function decodeXmlText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A DocRoot (absolute from the package root, or relative to it) as a ZIP entry name; null if it escapes. */
function normaliseEntryPath(path: string): string | null {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return parts.length === 0 ? null : parts.join('/');
}
