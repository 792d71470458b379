import { defineConfig } from "vitest/config";

// The browser tests and the web build test start the demo on its own embedded database (or none) whatever
// DATABASE_URL says: in CI's server passes they would repeat the embedded pass exactly, so they run without it only.
const serverPass = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "api",
          include: ["test/*.test.ts"],
          exclude: serverPass ? ["test/web-*.test.ts"] : [],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      ...(serverPass
        ? []
        : [
            {
              // Each file starts the built demo and a Chromium: one file at a time, after the API tests (which also write
              // the bundle the offline browser test rewrites), on a loaded 2-core machine.
              test: {
                name: "browser",
                include: ["test/browser/**/*.test.ts"],
                fileParallelism: false,
                testTimeout: 180_000,
                hookTimeout: 180_000,
                sequence: { groupOrder: 1 },
              },
            },
          ]),
    ],
  },
});
