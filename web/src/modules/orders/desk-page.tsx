import { OrderList } from './orders-page.tsx';

/** The supplier's order desk: orders to confirm, sign and ship. */
export default function DeskPage() {
  return <OrderList desk />;
}
