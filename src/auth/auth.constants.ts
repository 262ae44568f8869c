export const IS_PUBLIC_KEY = 'auth:isPublic';
export const ROLES_KEY = 'auth:roles';
/** Lifetime of tokens from the development identity provider. */
export const DEV_TOKEN_LIFETIME = '8h';
