import { auctionsModule } from './modules/auctions/module.ts';
import { auditModule } from './modules/audit/module.ts';
import { catalogModule } from './modules/catalog/module.ts';
import { identityModule } from './modules/identity/module.ts';
import { procurementModule } from './modules/procurement/module.ts';
import { ordersModule } from './modules/orders/module.ts';
import { settlementModule } from './modules/settlement/module.ts';
import { sourcingModule } from './modules/sourcing/module.ts';
import type { WebModule } from './shell/registry.ts';

/** Every web module. A new module adds one line here; its pages and menu entries come with it. */
export const MODULES: readonly WebModule[] = [identityModule, auditModule, catalogModule, procurementModule, ordersModule, settlementModule, auctionsModule, sourcingModule];
