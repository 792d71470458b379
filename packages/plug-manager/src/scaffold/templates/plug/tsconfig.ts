/** tsconfig.json: the workspace's compiler settings. */
export const tsconfig = (): string => `{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {},
  "include": ["src", "test", "*.config.ts"]
}
`;
