/** tsconfig.json: the workspace's compiler settings, covering plug.config.ts too. */
export const tsconfig = (): string => `{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {},
  "include": ["src", "test", "plug.config.ts", "*.config.ts"]
}
`;
