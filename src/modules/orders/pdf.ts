import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { Decimal, dec, money, qty } from '../../platform/money.ts';

/**
 * The bilingual e-contract PDF. Chinese renders with Noto Sans Hans (OFL-1.1), shipped through
 * npm by @embedpdf/fonts-sc so a fresh `npm install` has it; pdfkit embeds only the glyphs used.
 */
const require = createRequire(import.meta.url);
let fontCache: Buffer | null = null;
function cjkFont(): Buffer {
  if (!fontCache) {
    const dir = require.resolve('@embedpdf/fonts-sc').replace(/dist[\\/]index\.cjs$/, 'fonts/');
    fontCache = readFileSync(`${dir}NotoSansHans-Regular.otf`);
  }
  return fontCache;
}
export const CONTRACT_FONT_NAME = 'NotoSansHans-Regular';

export interface ContractParty {
  name: string;
  nameEn: string | null;
  uscc: string;
  address: string | null;
  contactName: string | null;
}

export interface ContractData {
  contractNumber: string;
  orderNumber: string;
  issuedAt: Date;
  buyer: ContractParty;
  supplier: ContractParty;
  lines: Array<{ lineNo: number; name: string; spec: string | null; uom: string; quantity: string; unitPrice: string; taxRate: string; lineSubtotal: string; lineTax: string; lineTotal: string }>;
  subtotal: string;
  taxTotal: string;
  total: string;
  currency: string;
  paymentMethod: 'escrow' | 'credit';
  creditDays: number | null;
  deliveryAddress: string | null;
  deliveryRegion: string | null;
  needBy: string | null;
}

export interface ContractSignatures {
  originalSha256: string;
  buyer: { name: string; at: Date };
  supplier: { name: string; at: Date };
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '兆'];

/** 人民币大写: 12345.60 → 壹万贰仟叁佰肆拾伍元陆角整. */
export function rmbUppercase(value: Decimal.Value): string {
  const cents = dec(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  if (cents.isZero()) return '零元整';
  const [intPart, fracPart = '00'] = cents.abs().toFixed(2).split('.');
  let out = '';
  const groups: string[] = [];
  for (let end = intPart!.length; end > 0; end -= 4) groups.unshift(intPart!.slice(Math.max(0, end - 4), end));
  let zero = false;
  groups.forEach((g, gi) => {
    const groupIndex = groups.length - 1 - gi;
    let groupText = '';
    for (let i = 0; i < g.length; i++) {
      const d = Number(g[i]);
      const unit = UNITS[g.length - 1 - i]!;
      if (d === 0) zero = groupText.length > 0 || out.length > 0;
      else {
        if (zero) groupText += '零';
        zero = false;
        groupText += DIGITS[d]! + unit;
      }
    }
    if (groupText) out += groupText + GROUPS[groupIndex]!;
  });
  if (out) out += '元';
  const jiao = Number(fracPart[0]);
  const fen = Number(fracPart[1]);
  if (!jiao && !fen) return `${cents.isNeg() ? '负' : ''}${out}整`;
  if (jiao) out += `${DIGITS[jiao]}角`;
  else if (out) out += '零';
  if (fen) out += `${DIGITS[fen]}分`;
  else out += '整';
  return (cents.isNeg() ? '负' : '') + out;
}

const fmtDate = (d: Date) => d.toISOString().slice(0, 10);
const fmtTime = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const pct = (rate: string) => `${dec(rate).times(100).toDecimalPlaces(2).toString()}%`;

/** Renders the contract (and, with signatures, its signature page); resolves to the PDF bytes. */
export function renderContractPdf(data: ContractData, signatures?: ContractSignatures): Promise<Buffer> {
  // Fixed dates in the document info keep the bytes a pure function of the contract data.
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `采购合同 Purchase Contract ${data.contractNumber}`, Author: 'Cotrade', Subject: data.orderNumber, CreationDate: data.issuedAt, ModDate: signatures?.supplier.at ?? data.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  doc.fontSize(18).text('采购合同', { align: 'center' });
  doc.fontSize(11).text('Purchase Contract', { align: 'center' });
  doc.moveDown(0.6);
  doc.fontSize(9).fillColor('#333');
  doc.text(`合同编号 Contract No.: ${data.contractNumber}      订单编号 Order No.: ${data.orderNumber}      签订日期 Date: ${fmtDate(data.issuedAt)}`, { align: 'center' });
  doc.moveDown(0.8).fillColor('black');

  const party = (roleZh: string, roleEn: string, p: ContractParty) => {
    doc.fontSize(10).text(`${roleZh} ${roleEn}：${p.name}${p.nameEn ? ` (${p.nameEn})` : ''}`);
    doc.fontSize(9).text(`统一社会信用代码 Unified social credit code：${p.uscc}`, { indent: 14 });
    if (p.address) doc.text(`地址 Address：${p.address}`, { indent: 14 });
    if (p.contactName) doc.text(`联系人 Contact：${p.contactName}`, { indent: 14 });
    doc.moveDown(0.4);
  };
  party('甲方（采购方）', 'Party A (Buyer)', data.buyer);
  party('乙方（供应方）', 'Party B (Supplier)', data.supplier);

  doc.fontSize(9).text('甲乙双方经平等协商，依据《中华人民共和国民法典》，就下列货物的买卖达成如下条款。', { width });
  doc.text('The parties agree, under the Civil Code of the PRC, to the sale of the goods below on these terms.', { width });
  doc.moveDown(0.6);

  // Items table.
  doc.fontSize(10).text('一、标的、数量与价款  1. Goods, quantities and prices');
  doc.moveDown(0.3);
  const cols = [
    { zh: '序号', en: 'No.', w: 0.06, align: 'left' as const },
    { zh: '名称 / 规格', en: 'Item / Spec', w: 0.34, align: 'left' as const },
    { zh: '单位', en: 'Unit', w: 0.07, align: 'left' as const },
    { zh: '数量', en: 'Qty', w: 0.1, align: 'right' as const },
    { zh: '单价(不含税)', en: 'Unit price excl. tax', w: 0.15, align: 'right' as const },
    { zh: '税率', en: 'VAT', w: 0.08, align: 'right' as const },
    { zh: '金额(含税)', en: 'Amount incl. tax', w: 0.2, align: 'right' as const },
  ];
  const drawRow = (cells: string[], size: number, header = false) => {
    const y = doc.y;
    let x = left;
    let rowHeight = 0;
    doc.fontSize(size);
    cells.forEach((cell, i) => {
      const w = cols[i]!.w * width - 4;
      rowHeight = Math.max(rowHeight, doc.heightOfString(cell, { width: w }));
    });
    if (y + rowHeight + 6 > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      return drawRow(cells, size, header);
    }
    cells.forEach((cell, i) => {
      const w = cols[i]!.w * width;
      doc.text(cell, x + 2, y + 2, { width: w - 4, align: cols[i]!.align });
      x += w;
    });
    const bottom = y + rowHeight + 5;
    doc.moveTo(left, bottom).lineTo(left + width, bottom).lineWidth(header ? 0.8 : 0.3).strokeColor(header ? '#333' : '#999').stroke();
    doc.x = left;
    doc.y = bottom + 1;
  };
  drawRow(cols.map((c) => `${c.zh}\n${c.en}`), 8, true);
  for (const l of data.lines) {
    drawRow([String(l.lineNo), `${l.name}${l.spec ? `\n${l.spec}` : ''}`, l.uom, qty(l.quantity), money(l.unitPrice, 4).replace(/(\.\d\d)00$/, '$1'), pct(l.taxRate), money(l.lineTotal)], 8.5);
  }
  doc.moveDown(0.4).fontSize(9);
  doc.text(`不含税合计 Subtotal excl. tax：${data.currency} ${money(data.subtotal)}    税额 VAT：${data.currency} ${money(data.taxTotal)}`, { align: 'right', width });
  doc.fontSize(10).text(`价税合计 Total incl. tax：${data.currency} ${money(data.total)}`, { align: 'right', width });
  doc.fontSize(9).text(`大写：人民币${rmbUppercase(data.total)}`, { align: 'right', width });
  doc.moveDown(0.8);

  const clause = (titleZh: string, titleEn: string, zh: string, en: string) => {
    doc.fontSize(10).text(`${titleZh}  ${titleEn}`, left, doc.y, { width });
    doc.fontSize(9).text(zh, { width, indent: 14 });
    doc.text(en, { width, indent: 14 });
    doc.moveDown(0.5);
  };
  clause(
    '二、交货条款',
    '2. Delivery',
    `交货地点：${data.deliveryAddress ?? '按订单约定'}${data.deliveryRegion ? `（${data.deliveryRegion}）` : ''}；交货期限：${data.needBy ? `${data.needBy} 前` : '按商品交货周期'}。乙方可分批发货，每批附运单号，运输费用及风险由乙方承担至甲方签收。`,
    `Place of delivery: ${data.deliveryAddress ?? 'as stated in the order'}${data.deliveryRegion ? ` (${data.deliveryRegion})` : ''}; deliver by ${data.needBy ?? 'the listed lead time'}. Partial shipments allowed, each with a tracking number; freight and risk stay with Party B until Party A signs for the goods.`,
  );
  clause(
    '三、付款条款',
    '3. Payment',
    data.paymentMethod === 'escrow'
      ? '担保交易：甲方将价税合计款项支付至平台担保账户，货物验收合格后由平台按验收金额向乙方放款；验收不合格部分退还甲方。'
      : `账期支付：乙方按验收合格数量开具增值税发票，甲方于发票确认后 ${data.creditDays ?? 30} 天内付款。`,
    data.paymentMethod === 'escrow'
      ? 'Escrow: Party A pays the total into the platform escrow; the platform releases to Party B the value of accepted goods; the value of rejected goods is refunded to Party A.'
      : `Credit terms: Party B invoices accepted quantities (VAT invoice); Party A pays within ${data.creditDays ?? 30} days of invoice approval.`,
  );
  clause(
    '四、验收与质量',
    '4. Acceptance and quality',
    '甲方在到货后进行数量清点与质量检验，按行记录合格与不合格数量；不合格货物由乙方退换，费用由乙方承担。',
    'Party A counts and inspects the goods on arrival and records accepted and rejected quantities per line; Party B takes back rejected goods at its cost.',
  );
  clause(
    '五、争议解决',
    '5. Disputes',
    '双方应友好协商；协商不成的，可提交平台调解，或向甲方所在地人民法院提起诉讼。',
    'The parties negotiate in good faith; failing that, either may ask the platform to mediate or sue in the court where Party A is domiciled.',
  );
  clause(
    '六、电子签署',
    '6. Electronic signature',
    '本合同以电子方式订立，双方在平台上确认即视为签署，合同文件的 SHA-256 摘要记录于平台防篡改审计链。',
    'This contract is concluded electronically: confirming on the platform is signing; the SHA-256 digest of this document is recorded in the tamper-evident audit chain of the platform.',
  );

  doc.moveDown(0.6);
  const sigY = doc.y;
  doc.fontSize(9).text(`甲方（签章） Party A：${data.buyer.name}`, left, sigY, { width: width / 2 - 10 });
  doc.text(`乙方（签章） Party B：${data.supplier.name}`, left + width / 2, sigY, { width: width / 2 - 10 });

  if (signatures) {
    doc.addPage();
    doc.font('cjk').fontSize(14).text('电子签署页  Signature page', { align: 'center' });
    doc.moveDown(1).fontSize(10);
    doc.text(`合同编号 Contract No.：${data.contractNumber}`);
    doc.text(`原始合同 SHA-256 Original document SHA-256：`);
    doc.fontSize(8).text(signatures.originalSha256);
    doc.moveDown(0.8).fontSize(10);
    doc.text(`甲方签署人 Signed for Party A：${signatures.buyer.name}    时间 At：${fmtTime(signatures.buyer.at)}`);
    doc.text(`乙方签署人 Signed for Party B：${signatures.supplier.name}    时间 At：${fmtTime(signatures.supplier.at)}`);
    doc.moveDown(0.8).fontSize(9).text('双方已在 Cotrade 平台确认签署，本页与原始合同共同构成完整合同。Both parties signed on Cotrade; this page and the original contract form the complete agreement.', { width });
  }
  doc.end();
  return done;
}
