/**
 * Every error code @care/web raises or shows, once: what it means and what to do. docs/errors.md is
 * generated from this list (scripts/error-catalogue.mjs). Plain data, no imports.
 */
export const webErrors = [
  {
    code: "web_ui_manifest_missing",
    summary: "The deployment's web build found no UI manifest (src/ui.generated.ts by default), which lists the plugs' screens.",
    fix: "Run `care sync` in the deployment to write it, or pass `uiManifest` to careWebConfig, then build again.",
  },
  {
    code: "network_unreachable",
    summary: "The web app could not reach the Care server at all (the server is down, or the network is cut).",
    fix: "Check that the server runs and is reachable from this browser, then try again.",
  },
  {
    code: "unreadable_answer",
    summary: "The server answered an error that is not Care's error body (a proxy's or gateway's page, say).",
    fix: "Check what sits between the browser and Care (reverse proxy, gateway) and its logs; the status is shown.",
  },
];
