/**
 * The mediation agreement as a PDF, from the template of rules/governance/mediation-agreement.yaml.
 *
 * Interim: the standard PDF fonts cannot show Chinese, and the shared CJK layout (src/shared/pdf/cjk-pdf.ts,
 * another engineer's, with an embedded CJK font) has not landed yet. Until it does, the page shows the English
 * text, and the Chinese text — the text that binds — travels inside the same PDF, as the embedded file
 * 调解协议书.txt (UTF-8) and in the document's subject. The caller sees only renderAgreementPdf: switching to
 * cjk-pdf changes this file alone.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { AgreementTemplate } from '../../engine/disputes/dispute-rules.ts';
import { AGREEMENT_PARTS, fillTemplate } from '../../engine/disputes/dispute-rules.ts';

export type AgreementValues = Parameters<typeof fillTemplate>[1];

/** The agreement's text in both languages, part by part (what the PDF shows and carries). */
export function agreementText(template: AgreementTemplate, values: AgreementValues): { zh: string; en: string } {
  const zh = [template.title.zh, ...AGREEMENT_PARTS.map((p) => fillTemplate(template.parts[p].zh, values))].join('\n\n');
  const en = [template.title.en, ...AGREEMENT_PARTS.map((p) => fillTemplate(template.parts[p].en, values))].join('\n\n');
  return { zh, en };
}

// WinAnsi cannot encode anything outside Latin-1: such characters (names in Chinese) show as '?' on the page
const latin1 = (s: string) => s.replace(/[^\x20-\x7E\xA0-\xFF\n]/g, '?');

function wrap(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (measure(candidate) <= width || line === '') line = candidate;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Renders the agreement: A4, the English text on the page, the Chinese text embedded; dated `at`. */
export async function renderAgreementPdf(template: AgreementTemplate, values: AgreementValues, at: Date): Promise<Uint8Array> {
  const text = agreementText(template, values);
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${template.title.zh} ${values.number ?? ''}`.trim());
  pdf.setSubject(text.zh.slice(0, 2000));
  pdf.setProducer('CaseLink');
  pdf.setCreator('CaseLink disputes');
  pdf.setCreationDate(at);
  pdf.setModificationDate(at);
  await pdf.attach(new TextEncoder().encode(text.zh), '调解协议书.txt', { mimeType: 'text/plain', description: template.title.zh, creationDate: at, modificationDate: at });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const size = 11;
  const margin = 56;
  let page = pdf.addPage([595.28, 841.89]);
  let y = page.getHeight() - margin;
  for (const line of wrap(latin1(text.en), page.getWidth() - 2 * margin, (s) => font.widthOfTextAtSize(s, size))) {
    if (y < margin) {
      page = pdf.addPage([595.28, 841.89]);
      y = page.getHeight() - margin;
    }
    page.drawText(line, { x: margin, y, size, font });
    y -= size * 1.5;
  }
  return pdf.save({ useObjectStreams: false });
}
