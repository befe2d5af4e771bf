import { MoneyRequest, MoneyRequestGroup } from './money-request.entity';
import { P2pBlock, PaymentLink, TransferReport } from './safety.entities';
import { Transfer } from './transfer.entity';

/** The P2P entities, importable without GraphQL models or Nest modules (`@kedai/p2p/entities`). */
export const P2P_ENTITIES = [Transfer, MoneyRequestGroup, MoneyRequest, P2pBlock, PaymentLink, TransferReport];
export { MoneyRequest, MoneyRequestGroup, P2pBlock, PaymentLink, Transfer, TransferReport };
