/** .gitignore: build output, bundles and local databases stay out of the repository. */
export const gitignore = (): string =>
  ["node_modules/", "dist/", "bundle/", ".turbo/", ".care/", "coverage/", "*.tsbuildinfo", ""].join("\n");
