// The versions of the browser-side packages scaffolds pin: those the Care web app is built and tested
// with (React 19, TanStack Query 5, i18next 26 / react-i18next 17: the last for Node 20), and Vite.
export const viteVersion = "8.4.1";

/** A new plug's screens: peers the web app supplies, and the copies its own tests render with. */
export const plugUiPeers = { react: "^19.0.0", "@tanstack/react-query": "^5.100.0", "react-i18next": "^17.0.0" };
export const plugUiDevDependencies = {
  "@tanstack/react-query": "5.108.4",
  "@types/react": "19.3.3",
  "@types/react-dom": "19.3.0",
  i18next: "26.7.2",
  react: "19.3.1",
  "react-dom": "19.3.1",
  "react-i18next": "17.1.12",
};
