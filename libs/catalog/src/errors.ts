import { ConflictError } from '@kedai/core';

/** A SKU (a product's retailer id or a variant's SKU) is already used in this business. */
export class SkuTakenError extends ConflictError {
  constructor(sku?: string) {
    super(
      'SKU_TAKEN',
      sku ? `The SKU "${sku}" is already used in this business` : 'A SKU is already used in this business',
      sku ? { sku } : {},
    );
  }
}
