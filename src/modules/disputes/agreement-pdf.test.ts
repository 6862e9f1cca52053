import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { loadDisputeRules } from '../../rules/load-disputes.ts';
import { agreementText, renderAgreementPdf } from './agreement-pdf.ts';

const template = loadDisputeRules().agreement;
const values = {
  number: '纠2026-000042', parties: '申请人 王小明；被申请人 李大山', summary: '装修噪音', terms: '被申请人午间不施工，赔偿 500 元', performance: '12 月 1 日前支付',
  mediator: '赵调解', committee: '河口镇人民调解委员会', date: '2026-11-20', keyId: '7f1c2d3e-0000-4000-8000-000000000001', digest: 'ab'.repeat(32),
};

describe('the mediation agreement (rules/governance/mediation-agreement.yaml)', () => {
  it('fills every part of the template in both languages, no placeholder left', () => {
    const text = agreementText(template, values);
    expect(text.zh).toContain('人民调解协议书');
    expect(text.zh).toContain('编号：纠2026-000042');
    expect(text.zh).toContain('经调解，当事人自愿达成如下协议：被申请人午间不施工，赔偿 500 元');
    expect(text.en).toContain('No. 纠2026-000042');
    expect(`${text.zh}${text.en}`).not.toMatch(/\{[a-zA-Z]+\}/);
  });

  it('renders one A4 PDF, the same bytes for the same agreement and moment (its SM3 is what the seal signs)', async () => {
    const at = new Date('2026-11-20T02:00:00Z');
    const a = await renderAgreementPdf(template, values, at);
    const b = await renderAgreementPdf(template, values, at);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const doc = await PDFDocument.load(a);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getTitle()).toBe('人民调解协议书 纠2026-000042');
  });
});
