import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A small valid PDF of `pages` pages; `label` goes on the first page, so that each call can differ. */
export async function pdfBytes(pages = 1, label = 'CaseLink test document'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([200, 100]);
    if (i === 0) page.drawText(label, { x: 10, y: 50, size: 8, font });
  }
  // a fixed date keeps the bytes equal for equal inputs
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  return doc.save();
}

/** A valid 1×1 PNG. */
export const PNG_1X1 = Uint8Array.from(
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex'),
);
