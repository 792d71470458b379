/**
 * Every error code the SDK's test kit (`@care/plug-sdk/testing`) throws, once. docs/errors.md is
 * generated from this list (scripts/error-catalogue.mjs). Plain data, no imports.
 */
export const plugSdkErrors = [
  {
    code: "test_database_missing",
    summary: "The PostgreSQL database the test kit's DATABASE_URL names does not exist and could not be created.",
    fix: "Run the `createdb` command the message prints (or ask for the CREATEDB right), then run the tests again.",
  },
] as const satisfies ReadonlyArray<{ code: string; summary: string; fix: string }>;
