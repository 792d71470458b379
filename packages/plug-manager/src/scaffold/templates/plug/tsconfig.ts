/** tsconfig.json: the workspace's compiler settings, with JSX and the browser's types for src/ui. */
export const tsconfig = (): string => `{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {
    // src/ui holds the plug's screens, compiled for the browser by the deployment's web build.
    "jsx": "react-jsx",
    "lib": ["ES2023", "DOM", "DOM.Iterable"]
  },
  "include": ["src", "test", "*.config.ts"]
}
`;
