/**
 * Calendar dates stay `YYYY-MM-DD` text (a Date would shift them by the time zone) and
 * bigint ids stay strings, identically on both engines.
 */
export const keepAsText = (value: string) => value;
