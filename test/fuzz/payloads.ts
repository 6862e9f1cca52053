/**
 * The hostile-input corpus: strings for every text field, and files for every upload. Each is either refused
 * or stored inert — never executed, never a crash. Built here from bytes (no file of the corpus is downloaded).
 */
import { constants, deflateRawSync } from 'node:zlib';

/** Strings every text field gets (a field's own rules may refuse some of them: that is a valid answer). */
export const HOSTILE_TEXT: ReadonlyArray<readonly [string, string]> = [
  ['SQL quote', "' OR '1'='1"],
  ['SQL comment', "admin'--"],
  ['SQL statement', "'; DROP TABLE criminal_case; --"],
  ['SQL union', "' UNION SELECT token_hash, null FROM session --"],
  ['SQL stacked (pg_sleep)', "1; SELECT pg_sleep(10); --"],
  ['SQL dollar quote', '$$; DELETE FROM audit_record; $$'],
  ['LIKE wildcards', '%_%\\'],
  ['script tag', '<script>alert(1)</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['javascript: URL', 'javascript:alert(document.cookie)'],
  ['attribute break-out', '"><iframe src=//evil.example>'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the payload
  ['template injection', '{{constructor.constructor("alert(1)")()}}${7*7}'],
  ['path traversal', '../../../../etc/passwd'],
  ['Windows path traversal', '..\\..\\..\\windows\\win.ini'],
  ['encoded traversal', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
  ['NUL byte', 'a\u0000b'],
  ['control characters', '\u0001\u0007\u001b[31m'],
  ['CRLF header injection', 'x\r\nSet-Cookie: caselink_session=evil'],
  ['overlong UTF-8 as text', '\u00c0\u00af\u00e0\u0080\u00af'],
  ['replacement characters', '\ufffd\ufffd'],
  ['RTL override', 'abc\u202etxt.exe'],
  ['zero-width characters', 'a\u200b\u200c\u200d\u2060\ufeffb'],
  ['combining characters', `Z${'\u0336\u0337\u0338'.repeat(30)}`],
  ['emoji and ZWJ sequence', '👨‍👩‍👧‍👦😀🇨🇳'],
  ['astral CJK', '𠀀𠀁𪚥'],
  ['unpaired surrogate', 'ab\ud800cd'],
  ['fullwidth and compatibility', 'ＡＢＣ１２３ﬁ'],
  ['only spaces', '   '],
  ['prototype key', '__proto__'],
  ['JSON in a string', '{"$ne": null}'],
  ['long Chinese', '政'.repeat(300)],
  ['10,000 characters', 'a'.repeat(10_000)],
];

/** Overlong UTF-8 (0xC0 0xAF is an overlong '/'), raw bytes: not valid UTF-8 at all. */
export const OVERLONG_UTF8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0xc0, 0xae, 0x22, 0x7d]);

// ---------------------------------------------------------------------------------------------------------
// A minimal ZIP writer (stored or deflated entries), enough for the archives of the corpus

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** Already deflated bytes (then `data` is ignored and the crc is left 0). */
  packed?: Buffer;
  /** The sizes the headers claim, when they are meant to lie. */
  claimedSize?: number;
}

/** A ZIP of deflated entries (crc and sizes from the data unless an entry says to lie). */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = e.packed ?? deflateRawSync(e.data, { level: 9 });
    const size = e.claimedSize ?? e.data.length;
    const crc = e.packed ? 0 : crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const XLSX_SKELETON: ZipEntry[] = [
  {
    name: '[Content_Types].xml',
    data: Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
  },
  {
    name: '_rels/.rels',
    data: Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
  },
  {
    name: 'xl/workbook.xml',
    data: Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
  },
  {
    name: 'xl/_rels/workbook.xml.rels',
    data: Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
  },
];

/**
 * An .xlsx whose sheet unpacks to `megabytes` MB of whitespace (about 1,000:1); with `lie`, the headers claim
 * 100 bytes, as real bombs do to pass a check of declared sizes.
 */
export function xlsxBomb(megabytes: number, lie: boolean): Buffer {
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const sheet = Buffer.concat([head, Buffer.alloc(megabytes * 1024 * 1024, 0x20), Buffer.from('</sheetData></worksheet>')]);
  return zip([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: sheet, claimedSize: lie ? 100 : undefined }]);
}

/**
 * An .xlsx whose sheet inflates to `gibibytes` GiB from a few MB: one deflate block of 1 MiB of spaces, ended by
 * a full flush (so it stands alone), repeated, then an empty final block. The headers claim 100 bytes.
 */
export function xlsxGigaBomb(gibibytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const packed = Buffer.concat([...new Array(gibibytes * 1024).fill(block), Buffer.from([0x03, 0x00])]);
  return zip([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(0), packed, claimedSize: 100 }]);
}

/** An .xlsx with 20,000 tiny entries (a bomb by count). */
export function xlsxManyEntries(count = 20_000): Buffer {
  const extra = Array.from({ length: count }, (_, i) => ({ name: `xl/media/x${i}.xml`, data: Buffer.from('<x/>') }));
  return zip([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet><sheetData/></worksheet>') }, ...extra]);
}

/** An .xlsx whose entry names climb out of the archive (zip slip). */
export function xlsxZipSlip(): Buffer {
  return zip([...XLSX_SKELETON, { name: '../../../../tmp/caselink-zip-slip.txt', data: Buffer.from('owned') }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet><sheetData/></worksheet>') }]);
}

/** A ZIP (and so an OFD or xlsx to a sniffer) that is also an HTML page with a script. */
export function zipHtmlPolyglot(): Buffer {
  return Buffer.concat([Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>\n'), zip([{ name: 'index.html', data: Buffer.from('<script>alert(1)</script>') }])]);
}

/** A PNG with a script in a text chunk and an HTML page after its end. */
export function pngWithScript(png: Uint8Array): Buffer {
  const text = Buffer.from('Comment\u0000<script>alert(1)</script>', 'latin1');
  const chunk = Buffer.alloc(12 + text.length);
  chunk.writeUInt32BE(text.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  text.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + text.length)), 8 + text.length);
  const bytes = Buffer.from(png);
  // after the IHDR chunk (8 + 25 bytes)
  return Buffer.concat([bytes.subarray(0, 33), chunk, bytes.subarray(33), Buffer.from('<html><script>alert(2)</script></html>')]);
}

export const SVG_WITH_SCRIPT = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.domain)</script></svg>');
export const HTML_PAGE = Buffer.from('<!doctype html><html><body><script>fetch("/api/me").then(r=>r.text()).then(alert)</script></body></html>');
/** A JPEG start-of-image marker followed by HTML. */
export const JPEG_HEADER_HTML = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), HTML_PAGE]);
/** The PDF magic followed by HTML, no PDF structure. */
export const PDF_HEADER_HTML = Buffer.concat([Buffer.from('%PDF-1.7\n'), HTML_PAGE]);
/** A valid PDF with a ZIP and an HTML page appended: a PDF reader, an unzipper and a browser each see their own file. */
export function pdfZipHtmlPolyglot(pdf: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(pdf), HTML_PAGE, zip([{ name: 'evil.html', data: HTML_PAGE }])]);
}
/** A PDF whose catalogue runs JavaScript on open. */
export const PDF_WITH_JS = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[4 0 R]/Count 1>>endobj\n3 0 obj<</S/JavaScript/JS(app.alert\\(1\\))>>endobj\n4 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** An ELF executable header. */
export const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(56).fill(0)]);
/** CSV formulas (spreadsheet injection) for the dispute import. */
export const CSV_FORMULAS = Buffer.from('\ufeff申请人,被申请人,纠纷类型,摘要\n=cmd|\' /C calc\'!A0,@SUM(1+1),+1+1,-2+3\n"=HYPERLINK(""http://evil.example"",""x"")",a,b,c\n');
