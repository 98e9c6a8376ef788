/** Requests per minute per token (or per address without one) that the API answers before it says 429. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;
