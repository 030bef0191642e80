import { defineProblems } from '../../platform/problem.ts';

export const CatalogProblems = defineProblems({
  /** The category code is not two digits more than its parent's, or the parent is missing: fix the code. */
  'catalog.category_invalid': {
    status: 422,
    title: { en: 'Invalid category', 'zh-CN': '分类无效' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
  /** A category or standard item with this code exists: codes are stable, pick another. */
  'catalog.code_taken': {
    status: 409,
    title: { en: 'Code already in use', 'zh-CN': '编码已被使用' },
    detail: { en: 'The code {code} is already in use.', 'zh-CN': '编码 {code} 已被使用。' },
  },
  /** Specs do not fit the category's attribute template: see `errors` for each attribute. */
  'catalog.specs_invalid': {
    status: 422,
    title: { en: 'Specifications do not match the category template', 'zh-CN': '规格参数不符合分类模板' },
    detail: { en: '{count} specification(s) are not valid.', 'zh-CN': '有 {count} 项规格参数无效。' },
  },
  /** The supplier already uses this SKU code: codes are unique per supplier. */
  'catalog.sku_code_taken': {
    status: 409,
    title: { en: 'SKU code already in use', 'zh-CN': 'SKU 编码已存在' },
    detail: { en: 'Your organisation already has a SKU with code {skuCode}.', 'zh-CN': '贵企业已存在编码为 {skuCode} 的 SKU。' },
  },
  /** The standard item belongs to another category branch than the product: choose a matching item. */
  'catalog.standard_item_mismatch': {
    status: 422,
    title: { en: 'Standard item does not fit the product', 'zh-CN': '标准物料与商品不匹配' },
    detail: { en: 'Standard item {code} is in category {itemCategory}, not under {productCategory}.', 'zh-CN': '标准物料 {code} 属于分类 {itemCategory}，不在 {productCategory} 之下。' },
  },
  /** The quantity is below the MOQ or not a whole number of increments: adjust it. */
  'catalog.quantity_invalid': {
    status: 422,
    title: { en: 'Quantity not allowed', 'zh-CN': '数量不符合要求' },
    detail: { en: 'Order at least {moq} {uom}, in steps of {increment}.', 'zh-CN': '起订量为 {moq} {uom}，且须按 {increment} 递增。' },
  },
  /** The agreement item's quantity cap would be exceeded: buy the rest at the list price or amend the agreement. */
  'catalog.agreement_cap_exceeded': {
    status: 409,
    title: { en: 'Agreement quantity cap exceeded', 'zh-CN': '超出框架协议数量上限' },
    detail: { en: 'Only {remaining} of {cap} remain on this agreement item.', 'zh-CN': '该协议条目仅剩 {remaining}（上限 {cap}）。' },
  },
  /** The agreement is not active or not within its validity: nothing can be bought under it now. */
  'catalog.agreement_not_applicable': {
    status: 422,
    title: { en: 'Agreement does not apply', 'zh-CN': '框架协议不适用' },
    detail: { en: 'Agreement {agreementId} is {status} or outside its validity.', 'zh-CN': '框架协议 {agreementId} 状态为 {status} 或不在有效期内。' },
  },
  /** An agreement line names a SKU of another supplier, or the dates are reversed. */
  'catalog.agreement_invalid': {
    status: 422,
    title: { en: 'Invalid agreement', 'zh-CN': '框架协议无效' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
  /** The organisation is not a supplier (or not a buyer) as this action needs. */
  'catalog.party_required': {
    status: 403,
    title: { en: 'Wrong kind of organisation', 'zh-CN': '企业类型不符' },
    detail: { en: 'This needs a {kind} organisation.', 'zh-CN': '此操作需要{kind}企业。' },
  },
  /** The uploaded file is empty, too big or of a type we do not keep. */
  'catalog.file_invalid': {
    status: 422,
    title: { en: 'File not accepted', 'zh-CN': '文件不被接受' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
  /** The import file cannot be read as CSV or XLSX, or lacks required columns: use the template. */
  'catalog.import_unreadable': {
    status: 400,
    title: { en: 'Import file cannot be read', 'zh-CN': '无法读取导入文件' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
  /** The ad bid is below the floor, or targets a product that is not listed. */
  'catalog.ad_bid_invalid': {
    status: 422,
    title: { en: 'Ad bid not accepted', 'zh-CN': '竞价出价无效' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
  /** A price tier list is not ascending or a price is not positive. */
  'catalog.price_invalid': {
    status: 422,
    title: { en: 'Invalid price', 'zh-CN': '价格无效' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
});
