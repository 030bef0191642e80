import type { Ctx } from './context.ts';
import type { Tx } from './db.ts';

/**
 * An in-transaction extension point. A lower module declares a hook and runs it inside its use
 * case's transaction; a higher module registers a handler at start-up. This keeps money moves in
 * the same transaction as the business change (e.g. escrow released in the acceptance
 * transaction) without the lower module importing the higher one.
 */
export interface Hook<P> {
  readonly name: string;
  register(handler: (tx: Tx, ctx: Ctx, payload: P) => Promise<void>): void;
  run(tx: Tx, ctx: Ctx, payload: P): Promise<void>;
}

export function defineHook<P>(name: string): Hook<P> {
  const handlers: Array<(tx: Tx, ctx: Ctx, payload: P) => Promise<void>> = [];
  return {
    name,
    register(handler) {
      if (!handlers.includes(handler)) handlers.push(handler);
    },
    async run(tx, ctx, payload) {
      for (const handler of handlers) await handler(tx, ctx, payload);
    },
  };
}
