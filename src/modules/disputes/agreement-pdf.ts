/**
 * The mediation agreement as a PDF (人民调解法 arts. 28-29), laid out in Chinese by the shared CJK layout
 * (src/shared/pdf/cjk-pdf.ts, the font embedded), from the template of rules/governance/mediation-agreement.yaml.
 */
import type { AgreementTemplate } from '../../engine/disputes/dispute-rules.ts';
import { AGREEMENT_PARTS, fillTemplate } from '../../engine/disputes/dispute-rules.ts';
import { createCjkDocument } from '../../shared/pdf/cjk-pdf.ts';

export type AgreementValues = Parameters<typeof fillTemplate>[1];

/** The agreement's text in both languages, part by part (the Chinese is what the PDF shows and what binds). */
export function agreementText(template: AgreementTemplate, values: AgreementValues): { zh: string; en: string } {
  const zh = [template.title.zh, ...AGREEMENT_PARTS.map((p) => fillTemplate(template.parts[p].zh, values))].join('\n\n');
  const en = [template.title.en, ...AGREEMENT_PARTS.map((p) => fillTemplate(template.parts[p].en, values))].join('\n\n');
  return { zh, en };
}

/** Renders the agreement on A4, dated `at` (the same input gives the same bytes). */
export async function renderAgreementPdf(template: AgreementTemplate, values: AgreementValues, at: Date): Promise<Uint8Array> {
  const part = (p: (typeof AGREEMENT_PARTS)[number]) => fillTemplate(template.parts[p].zh, values);
  const doc = await createCjkDocument({ title: `${template.title.zh} ${values.number ?? ''}`.trim(), subject: template.title.en, author: values.committee ?? 'CaseLink', createdAt: at });
  doc.heading(template.title.zh, { level: 1 });
  doc.paragraph(part('header'), { indent: false, align: 'right' });
  for (const p of ['parties', 'facts', 'terms', 'performance', 'effect'] as const) doc.paragraph(part(p));
  doc.space(18);
  doc.signatureBlock([part('signature'), part('seal')]);
  doc.pageNumbers();
  return doc.save();
}
