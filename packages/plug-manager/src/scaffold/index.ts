export { initWorkspace, type InitWorkspaceOptions } from "./init.js";
export { scaffoldDeployment, type ScaffoldDeploymentOptions } from "./deployment.js";
export { scaffoldPlug, type ScaffoldPlugOptions } from "./plug.js";
export type { ScaffoldResult } from "./workspace.js";
