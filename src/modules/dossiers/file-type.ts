import { AppError } from '../../shared/errors.ts';

/**
 * What a document is, decided by its bytes and never by its name or declared type. Pure: no I/O.
 *
 * What is checked, per type (the magic must be at offset 0, so a file with another format in front,
 * e.g. HTML with a PDF header further down, is not recognised):
 * - PDF: `%PDF-d.d` at offset 0, `%%EOF` in the last 1024 bytes (the tolerance of common readers).
 * - JPEG: SOI `FF D8 FF` followed by a marker byte at offset 0, EOI `FF D9` at the end (trailing NUL
 *   and line-break padding, which some scanners write, is allowed).
 * - PNG: the 8-byte signature, an IHDR chunk of length 13 with non-zero width and height right after it,
 *   and the IEND chunk as the last 12 bytes (so a truncated PNG is refused).
 * - OFD (GB/T 33190-2016): a ZIP that starts with a local file header at offset 0, whose end-of-central-
 *   directory record ends exactly at the end of the file, whose central directory ends exactly where that
 *   record starts (nothing prepended or inserted), no ZIP64, one disk, and an entry named `OFD.xml` at its
 *   root.
 * - PDF, JPEG and PNG must not carry a ZIP end-of-central-directory record in their last 64 KiB: that is
 *   where ZIP readers look, so such a file is also a ZIP (a polyglot) and is refused.
 */
export type DocumentType = 'pdf' | 'jpeg' | 'png' | 'ofd';

export interface SniffedType {
  type: DocumentType;
  mime: string;
}

export const DOCUMENT_MIME: Readonly<Record<DocumentType, string>> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  ofd: 'application/ofd',
};

const LABEL: Readonly<Record<DocumentType, string>> = { pdf: 'PDF', jpeg: 'JPEG', png: 'PNG', ofd: 'OFD' };

const PDF_EOF_WINDOW = 1024;
const ZIP_EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP_CENTRAL_SIGNATURE = 0x02014b50;
const ZIP_LOCAL_SIGNATURE = 0x04034b50;
const ZIP_EOCD_SIZE = 22;
const ZIP_MAX_COMMENT = 0xffff;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

export function sniffDocument(bytes: Uint8Array): SniffedType | null {
  const type = sniffType(bytes);
  return type === null ? null : { type, mime: DOCUMENT_MIME[type] };
}

function sniffType(bytes: Uint8Array): DocumentType | null {
  if (isPdf(bytes)) return hasZipTail(bytes) ? null : 'pdf';
  if (isJpeg(bytes)) return hasZipTail(bytes) ? null : 'jpeg';
  if (isPng(bytes)) return hasZipTail(bytes) ? null : 'png';
  if (isOfd(bytes)) return 'ofd';
  return null;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

const PDF_MAGIC = ascii('%PDF-');
const PDF_EOF = ascii('%%EOF');

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

function isPdf(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, PDF_MAGIC) || !isDigit(bytes[5]) || bytes[6] !== 0x2e || !isDigit(bytes[7])) return false;
  const from = Math.max(8, bytes.length - PDF_EOF_WINDOW);
  for (let i = bytes.length - PDF_EOF.length; i >= from; i--) if (startsWith(bytes, PDF_EOF, i)) return true;
  return false;
}

function isJpeg(bytes: Uint8Array): boolean {
  if (bytes.length < 6 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return false;
  if ((bytes[3] ?? 0) < 0xc0 || bytes[3] === 0xff) return false;
  let end = bytes.length;
  while (end > 4 && (bytes[end - 1] === 0x00 || bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  return bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}

function isPng(bytes: Uint8Array): boolean {
  if (bytes.length < 8 + 25 + PNG_IEND.length || !startsWith(bytes, PNG_SIGNATURE)) return false;
  if (readU32be(bytes, 8) !== 13 || !startsWith(bytes, ascii('IHDR'), 12)) return false;
  if (readU32be(bytes, 16) === 0 || readU32be(bytes, 20) === 0) return false;
  return startsWith(bytes, PNG_IEND, bytes.length - PNG_IEND.length);
}

function isOfd(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || readU32le(bytes, 0) !== ZIP_LOCAL_SIGNATURE) return false;
  const directory = readZipDirectory(bytes);
  return directory?.entries.some((e) => e.name === 'OFD.xml') ?? false;
}

/** True when the last 64 KiB hold a ZIP end-of-central-directory record that a ZIP reader would accept. */
function hasZipTail(bytes: Uint8Array): boolean {
  const lowest = Math.max(0, bytes.length - ZIP_EOCD_SIZE - ZIP_MAX_COMMENT);
  for (let at = bytes.length - ZIP_EOCD_SIZE; at >= lowest; at--) {
    if (readU32le(bytes, at) !== ZIP_EOCD_SIGNATURE) continue;
    // Lenient readers accept a record with trailing bytes or prepended data, so only what every reader
    // needs is asked for: at least one entry, and a directory big enough for them that fits before it.
    // A stray signature in compressed data rarely passes that.
    const entryCount = readU16le(bytes, at + 10);
    const directorySize = readU32le(bytes, at + 12);
    if (entryCount > 0 && directorySize >= 46 * entryCount && directorySize <= at) return true;
  }
  return false;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is refused by readers. */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Where the central directory starts: every entry's data must end before it. */
  directoryOffset: number;
}

/**
 * Reads a ZIP's central directory strictly (see the OFD rules above), without decompressing anything.
 * Returns null for anything that is not such a ZIP. The entry count is at most 65535 (no ZIP64), so
 * this is bounded work whatever the input.
 */
export function readZipDirectory(bytes: Uint8Array): ZipDirectory | null {
  const lowest = Math.max(0, bytes.length - ZIP_EOCD_SIZE - ZIP_MAX_COMMENT);
  let eocd = -1;
  for (let at = bytes.length - ZIP_EOCD_SIZE; at >= lowest; at--) {
    if (readU32le(bytes, at) === ZIP_EOCD_SIGNATURE && at + ZIP_EOCD_SIZE + readU16le(bytes, at + 20) === bytes.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  const disk = readU16le(bytes, eocd + 4);
  const directoryDisk = readU16le(bytes, eocd + 6);
  const entriesOnDisk = readU16le(bytes, eocd + 8);
  const entryCount = readU16le(bytes, eocd + 10);
  const directorySize = readU32le(bytes, eocd + 12);
  const directoryOffset = readU32le(bytes, eocd + 16);
  if (disk !== 0 || directoryDisk !== 0 || entriesOnDisk !== entryCount) return null;
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return null;
  if (eocd >= 20 && readU32le(bytes, eocd - 20) === ZIP64_LOCATOR_SIGNATURE) return null;
  if (directoryOffset + directorySize !== eocd) return null;

  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (at + 46 > eocd || readU32le(bytes, at) !== ZIP_CENTRAL_SIGNATURE) return null;
    const nameLength = readU16le(bytes, at + 28);
    const extraLength = readU16le(bytes, at + 30);
    const commentLength = readU16le(bytes, at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > eocd) return null;
    const entry: ZipEntry = {
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: readU16le(bytes, at + 10),
      flags: readU16le(bytes, at + 8),
      crc32: readU32le(bytes, at + 16),
      compressedSize: readU32le(bytes, at + 20),
      uncompressedSize: readU32le(bytes, at + 24),
      localHeaderOffset: readU32le(bytes, at + 42),
    };
    if (entry.localHeaderOffset + 30 > directoryOffset) return null;
    if (readU32le(bytes, entry.localHeaderOffset) !== ZIP_LOCAL_SIGNATURE) return null;
    entries.push(entry);
    at = next;
  }
  if (at !== eocd) return null;
  return { entries, directoryOffset };
}

/** Where an entry's (compressed) data lies, or null when its local header does not fit before the directory. */
export function zipEntryData(bytes: Uint8Array, directory: ZipDirectory, entry: ZipEntry): Uint8Array | null {
  const header = entry.localHeaderOffset;
  const start = header + 30 + readU16le(bytes, header + 26) + readU16le(bytes, header + 28);
  const end = start + entry.compressedSize;
  if (end > directory.directoryOffset) return null;
  return bytes.subarray(start, end);
}

function readU16le(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function readU32le(bytes: Uint8Array, at: number): number {
  return (readU16le(bytes, at) + readU16le(bytes, at + 2) * 0x10000) >>> 0;
}

function readU32be(bytes: Uint8Array, at: number): number {
  return (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0;
}

/** Declared MIME types we understand, aliases included; parameters such as `; charset=` are ignored. */
const MIME_TYPES: Readonly<Record<string, DocumentType>> = {
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
  'image/png': 'png',
  'application/ofd': 'ofd',
  'application/x-ofd': 'ofd',
};

/** Declarations that say nothing: browsers send these for extensions they do not know (OFD among them). */
const GENERIC_MIME = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

const EXTENSIONS: Readonly<Record<string, DocumentType>> = {
  pdf: 'pdf',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  png: 'png',
  ofd: 'ofd',
};

/** Names a browser would render as active content or a desktop would run: never acceptable for a document. */
const ACTIVE_EXTENSIONS = new Set(['html', 'htm', 'xhtml', 'shtml', 'svg', 'svgz', 'xml', 'js', 'mjs', 'hta', 'exe', 'com', 'bat', 'cmd', 'scr', 'msi', 'dll', 'ps1', 'vbs', 'wsf', 'jar', 'sh', 'lnk']);

/**
 * The sniffed type of an upload, or an AppError: DOCUMENT_TYPE_UNSUPPORTED when the bytes are none of
 * PDF, JPEG, PNG, OFD (or are a polyglot), DOCUMENT_TYPE_MISMATCH when the declared MIME type or the
 * file name's extension names another type. A generic declaration (octet-stream, empty) and an
 * extension we do not know (e.g. `v1.2`) are not held against the file; an active-content extension is.
 */
export function checkDeclaredType(bytes: Uint8Array, declaredMime: string, fileName: string): SniffedType {
  const sniffed = sniffDocument(bytes);
  const mime = (declaredMime.split(';')[0] ?? '').trim().toLowerCase();
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
  if (sniffed === null) {
    const empty = bytes.length === 0;
    throw new AppError(
      'DOCUMENT_TYPE_UNSUPPORTED',
      { fileName, declared: mime, reason: empty ? 'empty' : 'unrecognised' },
      empty
        ? { zh: '文件是空的', en: 'The file is empty' }
        : {
            zh: '文件内容不是受支持的 PDF、JPEG、PNG 或 OFD 文档（或已损坏、不完整）',
            en: 'The content is not a supported PDF, JPEG, PNG or OFD document (or it is damaged or incomplete)',
          },
    );
  }
  const actual = LABEL[sniffed.type];
  if (!GENERIC_MIME.has(mime) && MIME_TYPES[mime] !== sniffed.type) {
    throw new AppError(
      'DOCUMENT_TYPE_MISMATCH',
      { fileName, declared: mime, actual: sniffed.type },
      { zh: `声明的类型为 ${mime}，但文件内容是 ${actual}`, en: `declared ${mime} but the content is a ${actual}` },
    );
  }
  const byName = EXTENSIONS[extension];
  if ((byName !== undefined && byName !== sniffed.type) || ACTIVE_EXTENSIONS.has(extension)) {
    throw new AppError(
      'DOCUMENT_TYPE_MISMATCH',
      { fileName, extension, actual: sniffed.type },
      {
        zh: `文件名的扩展名为 .${extension}，但文件内容是 ${actual}`,
        en: `the file name ends in .${extension} but the content is a ${actual}`,
      },
    );
  }
  return sniffed;
}

/** Refuses a document larger than the configured limit (DOCUMENT_TOO_LARGE), before anything parses it. */
export function checkDocumentSize(size: number, maxBytes: number): void {
  if (size > maxBytes) throw new AppError('DOCUMENT_TOO_LARGE', { size, maxBytes });
}
