export const IS_PUBLIC_KEY = 'auth:isPublic';
export const ROLES_KEY = 'auth:roles';
/** Lifetime of tokens from the development identity provider. */
export const DEV_TOKEN_LIFETIME = '8h';
/** The only algorithm of the development identity provider's key. */
export const DEV_TOKEN_ALGORITHM = 'HS256';
/** The `typ` header the development identity provider issues and expects. */
export const DEV_TOKEN_TYPE = 'JWT';
/** Clock skew allowed between the identity provider and this service for `iat`, `nbf`, `exp`. */
export const TOKEN_LEEWAY_SECONDS = 30;
