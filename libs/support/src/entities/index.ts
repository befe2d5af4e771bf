import {
  SupportAnswer,
  SupportFaq,
  SupportHandoff,
  SupportModel,
  SupportNote,
  SupportRefundRequest,
  SupportSession,
  SupportSettings,
} from './support.entities';

/** Support's entities, importable without its Nest modules (`@kedai/support/entities`). */
export const SUPPORT_ENTITIES = [
  SupportModel,
  SupportSession,
  SupportHandoff,
  SupportNote,
  SupportAnswer,
  SupportRefundRequest,
  SupportFaq,
  SupportSettings,
];
export * from './support.entities';
