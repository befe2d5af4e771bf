/** Kedai Support: the platform's own support account, created by the support migration (same id). */
export const KEDAI_SUPPORT_BUSINESS_ID = '00000000-0000-4000-8000-00000000c0de';
export const KEDAI_SUPPORT_HANDLE = 'kedai.support';
