import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  concat,
  documentXml,
  handWrittenPdf,
  ofd,
  ofdXml,
  onePixelJpeg,
  onePixelPng,
  pdfLibPdf,
  zip,
} from '../../../test/fixtures/documents/build.ts';
import { AppError } from '../../shared/errors.ts';
import { sniffDocument } from './file-type.ts';
import { DEFAULT_ARCHIVE_LIMITS, countPageElements, countPages } from './page-count.ts';
import { refusal } from '../../../test/refusal.ts';


describe('countPages: images', () => {
  it('counts one page for a JPEG and a PNG', async () => {
    expect(await countPages(onePixelJpeg(), 'jpeg')).toBe(1);
    expect(await countPages(onePixelPng(), 'png')).toBe(1);
  });
});

describe('countPages: PDF', () => {
  it('reads /Count of the root /Pages of a hand-written PDF with a nested page tree', async () => {
    expect(await countPages(handWrittenPdf(3), 'pdf')).toBe(3);
    expect(await countPages(handWrittenPdf(1), 'pdf')).toBe(1);
    expect(await countPages(handWrittenPdf(501), 'pdf')).toBe(501);
  });

  it('reads a PDF with object streams and an xref stream (pdf-lib)', async () => {
    const pdf = await pdfLibPdf(3);
    expect(sniffDocument(pdf)?.type).toBe('pdf');
    expect(await countPages(pdf, 'pdf')).toBe(3);
  });

  it('refuses an encrypted PDF, saying so', async () => {
    const encrypted = handWrittenPdf(2, {
      extraObjects: ['<< /Filter /Standard /V 2 /R 3 /Length 128 /O (xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx) /U (yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy) /P -44 >>'],
      trailerExtra: '/Encrypt 7 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ',
    });
    const error = await refusal(() => countPages(encrypted, 'pdf'));
    expect(error.code).toBe('DOCUMENT_UNREADABLE');
    expect(error.status).toBe(422);
    expect(error.details).toEqual({ reason: 'encrypted' });
    expect(error.bilingual.en).toMatch(/encrypted/);
  });

  it('refuses a /Count that disagrees with the pages in the tree', async () => {
    const lying = handWrittenPdf(3, { count: 2 });
    const error = await refusal(() => countPages(lying, 'pdf'));
    expect(error.code).toBe('DOCUMENT_UNREADABLE');
    expect(error.details).toEqual({ reason: 'page count disagrees with page tree' });
  });

  it('refuses broken PDFs: no catalog, no page tree, a page tree that loops, garbage', async () => {
    const broken = [
      new Uint8Array(Buffer.from('%PDF-1.7\n%%EOF\n', 'latin1')),
      new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1')),
      new Uint8Array(
        Buffer.from(
          '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
            '3 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
          'latin1',
        ),
      ),
      concat(new Uint8Array(Buffer.from('%PDF-1.4\n', 'latin1')), new Uint8Array(4096).fill(0x8f), new Uint8Array(Buffer.from('\n%%EOF', 'latin1'))),
    ];
    for (const bytes of broken) {
      const error = await refusal(() => countPages(bytes, 'pdf'));
      expect(error.code).toBe('DOCUMENT_UNREADABLE');
    }
  });
});

describe('countPages: OFD', () => {
  it('counts the Page entries of Document.xml (2 pages)', async () => {
    const package_ = ofd([2]);
    expect(sniffDocument(package_)?.type).toBe('ofd');
    expect(await countPages(package_, 'ofd')).toBe(2);
  });

  it('sums the documents of a package with several DocBody entries', async () => {
    expect(await countPages(ofd([2, 5]), 'ofd')).toBe(7);
  });

  it('accepts stored (uncompressed) entries and an absolute DocRoot', async () => {
    const package_ = zip([
      { name: 'OFD.xml', data: ofdXml(['/Doc_0/Document.xml']), method: 0 },
      { name: 'Doc_0/Document.xml', data: documentXml(4), method: 0 },
    ]);
    expect(await countPages(package_, 'ofd')).toBe(4);
  });

  it('counts only Page elements inside Pages, not commented ones, whatever the namespace prefix', () => {
    expect(countPageElements(documentXml(3, 5))).toBe(3);
    expect(countPageElements('<Document xmlns="http://www.ofdspec.org/2016"><Pages><Page ID="1"/><Page ID="2"></Page></Pages></Document>')).toBe(2);
    expect(countPageElements('<ofd:Document><ofd:Outlines><ofd:Page ID="1"/></ofd:Outlines></ofd:Document>')).toBe(0);
  });

  it('refuses a package whose DocRoot is missing, escapes the package, or has no pages', async () => {
    const cases = [
      zip([{ name: 'OFD.xml', data: '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>' }]),
      zip([{ name: 'OFD.xml', data: ofdXml(['Doc_0/Document.xml']) }]),
      zip([{ name: 'OFD.xml', data: ofdXml(['../../etc/passwd']) }]),
      zip([
        { name: 'OFD.xml', data: ofdXml(['Doc_0/Document.xml']) },
        { name: 'Doc_0/Document.xml', data: documentXml(0) },
      ]),
    ];
    for (const bytes of cases) expect((await refusal(() => countPages(bytes, 'ofd'))).code).toBe('DOCUMENT_UNREADABLE');
  });

  it('refuses an entry whose bytes do not match its CRC or that inflates past its declared size', async () => {
    const good = ofd([2]);
    const damaged = good.slice();
    damaged[40] = (damaged[40]! + 1) & 0xff; // inside OFD.xml's compressed data
    expect((await refusal(() => countPages(damaged, 'ofd'))).code).toBe('DOCUMENT_UNREADABLE');
    const lying = zip([
      { name: 'OFD.xml', data: ofdXml(['Doc_0/Document.xml']) },
      { name: 'Doc_0/Document.xml', data: documentXml(2), declaredSize: 100 },
    ]);
    const error = await refusal(() => countPages(lying, 'ofd'));
    expect(error.code).toBe('DOCUMENT_UNREADABLE');
    expect(error.details).toEqual({ reason: 'entry does not inflate to its declared size' });
  });

  it('refuses an encrypted entry', async () => {
    const package_ = zip([
      { name: 'OFD.xml', data: ofdXml(['Doc_0/Document.xml']), flags: 1 },
      { name: 'Doc_0/Document.xml', data: documentXml(1) },
    ]);
    expect((await refusal(() => countPages(package_, 'ofd'))).details).toEqual({ reason: 'encrypted entry' });
  });

  it('refuses a zip bomb: a highly compressible 100 MB entry', async () => {
    const bomb = ofd([1], [{ name: 'Doc_0/Res/image.png', data: new Uint8Array(100 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(sniffDocument(bomb)?.type).toBe('ofd');
    const error = await refusal(() => countPages(bomb, 'ofd'));
    expect(error.code).toBe('DOCUMENT_ARCHIVE_TOO_LARGE');
    expect(error.status).toBe(413);
    expect(error.details).toMatchObject({ reason: 'ratio', entry: 'Doc_0/Res/image.png', maxRatio: 100 });
  }, 30_000);

  it('refuses too many entries, too much declared data in total, and an oversized XML file', async () => {
    const many = ofd([1], Array.from({ length: 20 }, (_, i) => ({ name: `Doc_0/Res/${i}.xml`, data: '<x/>' })));
    const fewEntries = { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 10 };
    expect((await refusal(() => countPages(many, 'ofd', fewEntries))).details).toMatchObject({ reason: 'entries', entries: 23 });

    const incompressible = new Uint8Array(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const big = ofd([1], [{ name: 'Doc_0/Res/a.bin', data: incompressible, method: 0 }]);
    const small = { ...DEFAULT_ARCHIVE_LIMITS, maxUncompressedBytes: 4000 };
    expect((await refusal(() => countPages(big, 'ofd', small))).details).toMatchObject({ reason: 'size' });

    const tinyXml = { ...DEFAULT_ARCHIVE_LIMITS, maxXmlBytes: 200 };
    expect((await refusal(() => countPages(ofd([3]), 'ofd', tinyXml))).details).toMatchObject({ reason: 'xml' });
  });
});

describe('countPages: damaged input', () => {
  it('answers a count or a refusal (never another error) for PDFs and OFDs with damaged bytes', async () => {
    const originals = { pdf: handWrittenPdf(3), ofd: ofd([2]) } as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('pdf' as const, 'ofd' as const),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (type, flips) => {
          const bytes = originals[type].slice();
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          try {
            expect(await countPages(bytes, type)).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
