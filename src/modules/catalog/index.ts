/** What other modules may use of the catalog: functions and types only. */
export { getCategoryByCode, findCategory, effectiveTemplate, getStandardItem, type Category, type StandardItem } from './coding.ts';
export {
  priceForBuyer,
  consumeAgreementQuantity,
  releaseAgreementQuantity,
  listPriceHistory,
  inclTax,
  type BuyerPrice,
  type Agreement,
  type AgreementItem,
  type PriceHistoryEntry,
} from './pricing.ts';
export { getPurchasableSku, setSkuAvailability, isOrderableQuantity, recordSale, setStorefrontStanding, type PurchasableSku } from './views.ts';
export { skuBelongsTo } from './ownership.ts';
export { suppliersInCategories } from './suppliers.ts';
export type { Product, Sku } from './products.ts';
export type { TemplateAttribute } from './specs.ts';
export { convertQuantity, UNITS } from './units.ts';
export { PERM as CATALOG_PERMISSIONS } from './permissions.ts';
