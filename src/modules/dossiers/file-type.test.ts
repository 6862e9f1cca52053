import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  concat,
  handWrittenPdf,
  ofd,
  onePixelJpeg,
  onePixelPng,
  pdfLibPdf,
  zip,
} from '../../../test/fixtures/documents/build.ts';
import { AppError } from '../../shared/errors.ts';
import { checkDeclaredType, checkDocumentSize, readZipDirectory, sniffDocument } from './file-type.ts';

const text = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('sniffDocument', () => {
  it('recognises each supported type by its content', async () => {
    expect(sniffDocument(handWrittenPdf(3))).toEqual({ type: 'pdf', mime: 'application/pdf' });
    expect(sniffDocument(await pdfLibPdf(1))).toEqual({ type: 'pdf', mime: 'application/pdf' });
    expect(sniffDocument(onePixelPng())).toEqual({ type: 'png', mime: 'image/png' });
    expect(sniffDocument(onePixelJpeg())).toEqual({ type: 'jpeg', mime: 'image/jpeg' });
    expect(sniffDocument(ofd([2]))).toEqual({ type: 'ofd', mime: 'application/ofd' });
  });

  it('allows what real files carry: whitespace after %%EOF, NUL padding after a JPEG EOI', () => {
    expect(sniffDocument(concat(handWrittenPdf(1), text('\r\n\n')))?.type).toBe('pdf');
    expect(sniffDocument(concat(onePixelJpeg(), new Uint8Array(16)))?.type).toBe('jpeg');
  });

  it('refuses nothing-much: empty, tiny, text, HTML', () => {
    for (const bytes of [new Uint8Array(), text('%PDF-'), text('hello'), text('<html><body>hi</body></html>')]) {
      expect(sniffDocument(bytes)).toBeNull();
    }
  });

  it('refuses truncated files of every type', async () => {
    const whole = [handWrittenPdf(3), await pdfLibPdf(2), onePixelPng(), onePixelJpeg(), ofd([2])];
    for (const bytes of whole) {
      expect(sniffDocument(bytes.subarray(0, bytes.length - 30))).toBeNull();
      expect(sniffDocument(bytes.subarray(0, Math.floor(bytes.length / 2)))).toBeNull();
    }
  });

  it('needs the magic at offset 0: HTML with a PDF inside, a PDF after a byte-order mark', () => {
    expect(sniffDocument(concat(text('<html><script>alert(1)</script>\n'), handWrittenPdf(1)))).toBeNull();
    expect(sniffDocument(concat(new Uint8Array([0xef, 0xbb, 0xbf]), handWrittenPdf(1)))).toBeNull();
    expect(sniffDocument(concat(text(' '), onePixelPng()))).toBeNull();
  });

  it('refuses PDF/ZIP, JPEG/ZIP and PNG/ZIP polyglots', () => {
    const payload = zip([{ name: 'evil.html', data: '<script>alert(1)</script>' }]);
    // a ZIP appended to the file: ZIP readers find its directory at the end
    expect(sniffDocument(concat(handWrittenPdf(1), payload))).toBeNull();
    // ... even when a %%EOF is added after it so that PDF readers are happy too
    expect(sniffDocument(concat(handWrittenPdf(1), payload, text('\n%%EOF\n')))).toBeNull();
    expect(sniffDocument(concat(onePixelJpeg(), payload))).toBeNull();
    expect(sniffDocument(concat(onePixelPng(), payload))).toBeNull();
    // a JPEG whose EOI comes after a ZIP hidden in the middle, with its directory record near the end
    expect(sniffDocument(concat(onePixelJpeg().subarray(0, -2), payload, new Uint8Array([0xff, 0xd9])))).toBeNull();
  });

  it('refuses a ZIP that starts with a PDF (prepended data) and a ZIP without OFD.xml at its root', () => {
    const package_ = ofd([1]);
    expect(sniffDocument(concat(handWrittenPdf(1), package_))).toBeNull();
    expect(sniffDocument(zip([{ name: 'word/document.xml', data: '<w/>' }]))).toBeNull();
    expect(sniffDocument(zip([{ name: 'sub/OFD.xml', data: '<ofd:OFD/>' }]))).toBeNull();
  });

  it('refuses an OFD with bytes after the end of its directory record', () => {
    expect(sniffDocument(concat(ofd([1]), text('trailing')))).toBeNull();
    // ... but a ZIP comment is part of the record
    expect(sniffDocument(zip([{ name: 'OFD.xml', data: '<x/>' }], { comment: 'made by a scanner' }))?.type).toBe('ofd');
  });

  it('a PDF that merely contains the ZIP signature in its body is still a PDF', () => {
    const pdf = handWrittenPdf(1, { extraObjects: ['(PK\x05\x06 is just text here)'] });
    expect(sniffDocument(pdf)?.type).toBe('pdf');
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom('', '%PDF-1.7\n', 'PK\x03\x04', '\xff\xd8\xff\xe0'), (tail, head) => {
        const result = sniffDocument(concat(text(head), tail));
        expect(result === null || typeof result.type === 'string').toBe(true);
      }),
    );
  });

  it('never reads past a damaged ZIP directory', () => {
    const good = ofd([2]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const damaged = good.slice();
        damaged[at] = value;
        const directory = readZipDirectory(damaged);
        if (directory !== null) {
          for (const entry of directory.entries) expect(entry.localHeaderOffset + 30).toBeLessThanOrEqual(directory.directoryOffset);
        }
      }),
    );
  });
});

describe('checkDeclaredType', () => {
  it('accepts a file whose declaration and name agree with its content', () => {
    expect(checkDeclaredType(handWrittenPdf(1), 'application/pdf', '起诉意见书.pdf').type).toBe('pdf');
    expect(checkDeclaredType(onePixelJpeg(), 'image/jpeg; charset=binary', 'scan.JPG').type).toBe('jpeg');
    expect(checkDeclaredType(onePixelPng(), 'IMAGE/PNG', 'photo.png').type).toBe('png');
    expect(checkDeclaredType(ofd([1]), 'application/ofd', '判决书.ofd').type).toBe('ofd');
  });

  it('takes a generic declaration (browsers send octet-stream for .ofd) and an unknown extension as no claim', () => {
    expect(checkDeclaredType(ofd([1]), 'application/octet-stream', '判决书.ofd').type).toBe('ofd');
    expect(checkDeclaredType(handWrittenPdf(1), '', '笔录 v1.2').type).toBe('pdf');
    // a specific declaration we do not know is a claim, and it is not what the content is
    expect(refusal(() => checkDeclaredType(onePixelPng(), 'image/webp', 'a.png')).code).toBe('DOCUMENT_TYPE_MISMATCH');
  });

  it('refuses a declared type that the content contradicts, saying both', () => {
    const error = refusal(() => checkDeclaredType(onePixelPng(), 'application/pdf', 'report.pdf'));
    expect(error.code).toBe('DOCUMENT_TYPE_MISMATCH');
    expect(error.status).toBe(415);
    expect(error.bilingual.en).toBe('declared application/pdf but the content is a PNG');
    expect(error.bilingual.zh).toBe('声明的类型为 application/pdf，但文件内容是 PNG');
    expect(error.details).toEqual({ fileName: 'report.pdf', declared: 'application/pdf', actual: 'png' });
  });

  it('refuses a name whose extension contradicts the content, or names active content', () => {
    const renamed = refusal(() => checkDeclaredType(handWrittenPdf(1), 'application/octet-stream', 'scan.jpg'));
    expect(renamed.code).toBe('DOCUMENT_TYPE_MISMATCH');
    expect(renamed.bilingual.en).toBe('the file name ends in .jpg but the content is a PDF');
    expect(refusal(() => checkDeclaredType(handWrittenPdf(1), 'application/pdf', 'page.html')).code).toBe('DOCUMENT_TYPE_MISMATCH');
    expect(refusal(() => checkDeclaredType(onePixelPng(), 'text/html', 'x.png')).code).toBe('DOCUMENT_TYPE_MISMATCH');
  });

  it('refuses content of no supported type, and an empty file, as unsupported', () => {
    const tiff = new Uint8Array([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
    const error = refusal(() => checkDeclaredType(tiff, 'image/tiff', 'scan.tif'));
    expect(error.code).toBe('DOCUMENT_TYPE_UNSUPPORTED');
    expect(error.status).toBe(415);
    expect(refusal(() => checkDeclaredType(new Uint8Array(), 'application/pdf', 'a.pdf')).bilingual.en).toBe('The file is empty');
    const polyglot = concat(handWrittenPdf(1), zip([{ name: 'a.js', data: 'x' }]));
    expect(refusal(() => checkDeclaredType(polyglot, 'application/pdf', 'a.pdf')).code).toBe('DOCUMENT_TYPE_UNSUPPORTED');
  });
});

describe('checkDocumentSize', () => {
  it('refuses a file over the limit with its size and the limit', () => {
    expect(() => checkDocumentSize(100, 100)).not.toThrow();
    const error = refusal(() => checkDocumentSize(101, 100));
    expect(error.code).toBe('DOCUMENT_TOO_LARGE');
    expect(error.status).toBe(413);
    expect(error.details).toEqual({ size: 101, maxBytes: 100 });
  });
});
